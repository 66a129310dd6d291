'use strict';
// A team's page: its name, captain and members (with their ORCID iDs); the captain invites by link, issues a new team
// token and removes members; a member leaves. Names are inserted as text.

const teamId = decodeURIComponent(location.pathname.split('/')[2] || '');
const teamApi = '/api/teams/' + encodeURIComponent(teamId);

(async function teamPage() {
  const me = await session.me();
  const status = document.getElementById('page-status');
  if (me.status === 401) {
    location.replace(session.signInUrl());
    return;
  }
  if (!me.ok) {
    status.textContent = session.explain(me, 'Your account could not be loaded.');
    return;
  }
  const answer = await session.send(teamApi);
  if (!answer.ok) {
    status.textContent = answer.status === 404 ? 'There is no such team.' : session.explain(answer, 'The team could not be loaded.');
    return;
  }
  status.textContent = '';
  showTeam(answer.body, me.body);
  if (answer.body.captain) setUpCaptain();
})();

/** The team's members: accounts (with the captain marked) for a team made by an account, else the names it was registered with. */
function members(team) {
  if (Array.isArray(team.accounts) && team.accounts.length > 0) return team.accounts;
  return (team.members || []).map(m => typeof m === 'string' ? { name: m } : m);
}

function showTeam(team, me) {
  document.title = team.name + ' · amchallenge';
  document.getElementById('team-name').textContent = team.name;
  const people = members(team);
  const captain = people.find(m => m.captain);
  document.getElementById('team-meta').textContent = [captain ? 'Captain: ' + captain.name : null,
    people.length + (people.length === 1 ? ' member' : ' members'), team.created_at ? 'made ' + when(team.created_at) + ' UTC' : null]
    .filter(Boolean).join(' · ');
  const list = document.getElementById('members');
  list.replaceChildren();
  const mine = me.account.email;
  for (const m of people) {
    const item = el('li', {}, el('span', { class: 'member-name', text: m.name }),
      m.captain ? el('span', { class: 'badge captain', text: 'captain' }) : null,
      m.orcid ? orcidLink(m.orcid) : null,
      m.email && m.email === mine ? el('span', { class: 'hint', text: '(you)' }) : null);
    if (team.captain && m.email && !m.captain) {
      const remove = el('button', { type: 'button', class: 'secondary small', text: 'Remove' });
      session.confirmFirst(remove, 'Remove ' + m.name + ' from the team?', 'Remove', () => removeMember(m.email));
      item.append(' ', remove);
    }
    list.append(item);
  }
  const member = (me.teams || []).some(t => t.id === team.id);
  if (member && !team.captain) {
    const leave = document.getElementById('leave');
    session.confirmFirst(leave, 'You will need a new invitation to come back.', 'Leave the team', () => removeMember(mine, true));
    document.getElementById('leave-box').hidden = false;
  }
  document.getElementById('team-section').hidden = false;
}

function orcidLink(id) {
  return el('a', { class: 'orcid', href: 'https://orcid.org/' + encodeURIComponent(id), rel: 'noopener', title: 'ORCID iD' },
    el('span', { class: 'orcid-mark', 'aria-hidden': 'true', text: 'iD' }), id);
}

async function removeMember(email, self) {
  const answer = await session.send(teamApi + '/members/' + encodeURIComponent(email), { method: 'DELETE' });
  if (!answer.ok) {
    document.getElementById('members-result').textContent = session.explain(answer, 'The member could not be removed.');
    return;
  }
  if (self) {
    location.assign('/account');
    return;
  }
  const fresh = await session.send(teamApi);
  if (fresh.ok) showTeam(fresh.body, (await session.me()).body);
}

function setUpCaptain() {
  document.getElementById('invite').addEventListener('click', async () => {
    const result = document.getElementById('invite-result');
    result.textContent = '';
    const answer = await session.send(teamApi + '/invitations', { method: 'POST' });
    if (!answer.ok) {
      result.textContent = session.explain(answer, 'The invitation could not be made.');
      return;
    }
    // the link is this page's own address: the one the captain reached the server at
    const link = location.origin + '/teams/' + encodeURIComponent(teamId) + '/join?code=' + encodeURIComponent(answer.body.code);
    showSecret('invitation', 'invitation-link', 'copy-invitation', link);
    document.getElementById('invitation-expiry').textContent = 'The link works until ' + when(answer.body.expires_at) + ' UTC.';
  });
  const issue = document.getElementById('new-token');
  session.confirmFirst(issue, 'The old team token stops working: scripts using it must get the new one.', 'Issue a new token', async () => {
    const result = document.getElementById('token-result');
    result.textContent = '';
    const answer = await session.send(teamApi + '/token', { method: 'POST' });
    if (!answer.ok) {
      result.textContent = session.explain(answer, 'No new token was issued.');
      return;
    }
    showSecret('team-token', 'team-token-value', 'copy-team-token', answer.body.token);
  });
  document.getElementById('captain-section').hidden = false;
}

function showSecret(boxId, inputId, buttonId, secret) {
  const input = document.getElementById(inputId);
  input.value = secret;
  const status = document.getElementById(buttonId + '-result');
  status.textContent = '';
  document.getElementById(buttonId).onclick = () => session.copy(input, status);
  document.getElementById(boxId).hidden = false;
  input.focus();
  input.select();
}
