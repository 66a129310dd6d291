'use strict';
// The invitation link's page: "Join team X" for a signed-in account; anyone else signs in first and comes back here.

(async function joinPage() {
  const teamId = decodeURIComponent(location.pathname.split('/')[2] || '');
  const code = new URLSearchParams(location.search).get('code') || '';
  const teamApi = '/api/teams/' + encodeURIComponent(teamId);
  const status = document.getElementById('page-status');
  const result = document.getElementById('join-result');
  if (!code) {
    status.textContent = 'This link has no invitation code: ask the team\'s captain for the whole link.';
    return;
  }
  const me = await session.me();
  if (me.status === 401) {
    status.textContent = '';
    document.getElementById('join-sign-in').href = session.signInUrl('/sign-in');
    document.getElementById('join-sign-up').href = session.signInUrl('/sign-up');
    document.getElementById('sign-in-first').hidden = false;
    return;
  }
  if (!me.ok) {
    status.textContent = session.explain(me, 'Your account could not be loaded.');
    return;
  }
  const team = await session.send(teamApi);
  if (!team.ok) {
    status.textContent = team.status === 404 ? 'There is no such team: the link may be mistyped.' : session.explain(team, 'The team could not be loaded.');
    return;
  }
  const name = team.body.name;
  document.title = 'Join ' + name + ' · amchallenge';
  document.getElementById('join-heading').textContent = 'Join team ' + name;
  status.textContent = '';
  const teamPage = el('a', { href: '/teams/' + encodeURIComponent(teamId), text: name });
  if ((me.body.teams || []).some(t => t.id === teamId)) {
    result.replaceChildren('You are already a member of ', teamPage, '.');
    return;
  }
  const names = (team.body.accounts || []).map(m => m.name);
  document.getElementById('join-members').textContent = names.length > 0 ? 'Members: ' + names.join(', ') : '';
  const button = document.getElementById('join');
  button.textContent = 'Join team ' + name + ' as ' + me.body.account.name;
  document.getElementById('join-box').hidden = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    const answer = await session.send(teamApi + '/members', { method: 'POST', json: { code } });
    if (answer.ok) {
      document.getElementById('join-box').hidden = true;
      result.className = 'ok';
      result.replaceChildren('You are now a member of ', teamPage, '.');
    } else {
      button.disabled = false;
      result.className = 'error';
      result.textContent = session.explain(answer, 'Joining failed.');
    }
  });
})();
