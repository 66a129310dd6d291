'use strict';
// The account page: who you are, your teams (and a form to make one), your challenges and roles, and your personal
// access tokens, each new one shown once. Not signed in: the sign-in page, which brings you back here.

(async function accountPage() {
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
  status.textContent = '';
  showAccount(me.body);
  showTeams(me.body.teams || []);
  showChallenges(me.body);
  setUpTeamForm();
  setUpTokens();
})();

function showAccount(me) {
  const a = me.account;
  document.getElementById('account-name').textContent = a.name;
  document.getElementById('account-email').textContent = a.email;
  const state = document.getElementById('email-state');
  state.textContent = a.email_verified ? 'verified' : 'not verified';
  state.className = 'badge ' + (a.email_verified ? 'verified' : 'unverified');
  if (!a.email_verified && me.mail !== false) {
    const again = document.getElementById('send-verification');
    again.hidden = false;
    again.addEventListener('click', async () => {
      again.disabled = true;
      const answer = await session.send('/api/accounts/verification', { method: 'POST', json: {} });
      document.getElementById('verification-result').textContent = answer.ok
        ? 'A new link is on its way to ' + a.email + '.' : session.explain(answer, 'The link could not be sent.');
      again.disabled = false;
    });
  } else if (!a.email_verified) {
    document.getElementById('no-mail').hidden = false;
  }
  if (a.orcid) {
    const orcid = document.getElementById('orcid');
    orcid.append(orcidLink(a.orcid));
    orcid.hidden = false;
    document.getElementById('orcid-label').hidden = false;
  }
  const powers = [a.admin ? 'site admin' : null, a.creator ? 'may create challenges' : null].filter(Boolean);
  if (powers.length > 0) {
    document.getElementById('powers').textContent = powers.join(' · ');
    document.getElementById('powers').hidden = false;
    document.getElementById('powers-label').hidden = false;
  }
  document.title = a.name + ' · amchallenge';
  document.getElementById('account-section').hidden = false;
}

function orcidLink(id) {
  return el('a', { class: 'orcid', href: 'https://orcid.org/' + encodeURIComponent(id), rel: 'noopener' },
    el('span', { class: 'orcid-mark', 'aria-hidden': 'true', text: 'iD' }), id);
}

function showTeams(teams) {
  const list = document.getElementById('teams');
  list.replaceChildren();
  for (const t of teams) {
    const members = (t.members || []).map(m => typeof m === 'string' ? m : m.name);
    list.append(el('li', {},
      el('a', { href: '/teams/' + encodeURIComponent(t.id), text: t.name }),
      t.captain ? el('span', { class: 'badge captain', text: 'captain' }) : null,
      el('span', { class: 'hint', text: members.length + (members.length === 1 ? ' member: ' : ' members: ') + members.join(', ') })));
  }
  document.getElementById('no-teams').hidden = teams.length > 0;
  document.getElementById('teams-section').hidden = false;
}

async function showChallenges(me) {
  const byChallenge = new Map();
  const entry = id => {
    if (!byChallenge.has(id)) byChallenge.set(id, { role: null, status: null });
    return byChallenge.get(id);
  };
  for (const r of me.roles || []) entry(r.challenge).role = r.role;
  for (const p of me.participations || []) entry(p.challenge).status = p.status;
  const titles = new Map();
  if (byChallenge.size > 0) {
    const all = await api('/api/challenges');
    if (all.ok) for (const c of all.body.challenges) titles.set(c.id, c.title);
  }
  const list = document.getElementById('roles');
  for (const [id, what] of byChallenge) {
    list.append(el('li', {},
      el('a', { href: '/challenges/' + encodeURIComponent(id), text: titles.get(id) || id }),
      what.role ? el('span', { class: 'badge role', text: what.role }) : null,
      what.status ? el('span', { class: 'badge ' + what.status, text: what.status === 'approved' ? 'participant' : 'participant: ' + what.status }) : null));
  }
  document.getElementById('no-roles').hidden = byChallenge.size > 0;
  document.getElementById('roles-section').hidden = false;
}

function setUpTeamForm() {
  const result = document.getElementById('team-result');
  document.getElementById('team-form').addEventListener('submit', async event => {
    event.preventDefault();
    const input = document.getElementById('team-name');
    const name = input.value.trim();
    if (!name) {
      result.textContent = 'Enter the team\'s name.';
      return;
    }
    result.textContent = '';
    const answer = await session.send('/api/teams', { method: 'POST', json: { name } });
    if (!answer.ok) {
      result.textContent = session.explain(answer, 'The team could not be made.');
      return;
    }
    input.value = '';
    const link = document.getElementById('new-team-link');
    link.textContent = answer.body.name;
    link.href = '/teams/' + encodeURIComponent(answer.body.id);
    showOnce('new-team', 'new-team-token', 'copy-team-token', answer.body.token);
    const fresh = await api('/api/me');
    if (fresh.ok) showTeams(fresh.body.teams || []);
  });
}

/** A secret shown once: its box, its field and its copy button. */
function showOnce(boxId, inputId, buttonId, secret) {
  const input = document.getElementById(inputId);
  input.value = secret;
  const button = document.getElementById(buttonId);
  const status = document.getElementById(buttonId + '-result');
  status.textContent = '';
  button.onclick = () => session.copy(input, status);
  const box = document.getElementById(boxId);
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
  input.focus();
  input.select();
}

// ---- personal access tokens

function setUpTokens() {
  refreshTokens();
  const result = document.getElementById('tokens-result');
  document.getElementById('token-form').addEventListener('submit', async event => {
    event.preventDefault();
    const name = document.getElementById('token-name').value.trim();
    const scopes = Array.from(document.querySelectorAll('#token-form input[name=scope]:checked')).map(box => box.value);
    if (!name) { result.textContent = 'Name the token: where or what it is for.'; return; }
    if (scopes.length === 0) { result.textContent = 'Tick one scope or more.'; return; }
    result.textContent = '';
    const answer = await session.send('/api/tokens', { method: 'POST', json: { name, scopes } });
    if (!answer.ok) {
      result.textContent = session.explain(answer, 'The token could not be made.');
      return;
    }
    document.getElementById('token-name').value = '';
    document.getElementById('new-token-name').textContent = answer.body.name;
    showOnce('new-token', 'new-token-value', 'copy-token', answer.body.token);
    refreshTokens();
  });
  document.getElementById('token-done').addEventListener('click', () => {
    // once put away, the secret leaves the page: it cannot be shown again
    document.getElementById('new-token-value').value = '';
    document.getElementById('new-token').hidden = true;
  });
  document.getElementById('tokens-section').hidden = false;
}

async function refreshTokens() {
  const answer = await session.send('/api/tokens');
  const body = document.querySelector('#tokens tbody');
  if (!answer.ok) {
    document.getElementById('tokens-result').textContent = session.explain(answer, 'Your tokens could not be listed.');
    return;
  }
  const tokens = Array.isArray(answer.body) ? answer.body : answer.body.tokens || [];
  body.replaceChildren();
  for (const t of tokens) {
    const revoke = el('button', { type: 'button', class: 'secondary small', text: 'Revoke' });
    session.confirmFirst(revoke, 'Scripts using it stop working.', 'Revoke', async () => {
      const done = await session.send('/api/tokens/' + encodeURIComponent(t.id), { method: 'DELETE' });
      if (!done.ok) document.getElementById('tokens-result').textContent = session.explain(done, 'The token could not be revoked.');
      refreshTokens();
    });
    body.append(el('tr', {}, el('td', { text: t.name }), el('td', { text: (t.scopes || []).join(', ') }),
      el('td', { text: when(t.created_at) }), el('td', { class: 'actions' }, revoke)));
  }
  document.getElementById('tokens').hidden = tokens.length === 0;
  document.getElementById('no-tokens').hidden = tokens.length > 0;
}
