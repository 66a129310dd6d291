'use strict';
// The console's first page: the challenges the signed-in account organizes or reviews (an admin: every one), each with
// its status, participants, today's submissions and its leader on the final board. Titles and team names are text.

(async function showMyChallenges() {
  const status = document.getElementById('page-status');
  const who = await session.signedIn();
  if (!who) {
    status.textContent = '';
    document.getElementById('sign-in-first').hidden = false;
    return;
  }
  document.getElementById('new-challenge').hidden = !(who.account.admin || who.account.creator);
  const answer = await session.send('/api/me/challenges');
  if (!answer.ok) {
    status.textContent = session.explain(answer, 'Your challenges could not be loaded.');
    return;
  }
  const mine = answer.body.challenges;
  status.textContent = mine.length === 0 ? '' : mine.length + (mine.length === 1 ? ' challenge' : ' challenges');
  const noRole = document.getElementById('no-role');
  noRole.hidden = mine.length > 0;
  if (who.account.admin || who.account.creator) noRole.textContent = 'You have no challenge yet: "New challenge" writes the first one.';
  const list = document.getElementById('my-challenges');
  for (const c of mine) list.append(card(c));
})();

function figureTile(term, value, kind) {
  return el('div', { class: kind }, el('dt', { text: term }), el('dd', { text: String(value) }));
}

function card(c) {
  const leader = c.leader ? el('span', {}, 'Leader: ', el('strong', { text: c.leader.team }), ' (' + figure(c.leader.score) + ')')
    : el('span', { class: 'hint', text: 'No ranked submission yet' });
  return el('li', { class: 'card console-card', 'data-challenge': c.id },
    el('h2', {}, el('a', { href: '/console/challenges/' + encodeURIComponent(c.id), text: c.title })),
    el('p', { class: 'meta' }, el('span', { class: 'badge ' + c.status, text: c.status }), ' ',
      el('span', { class: 'badge role', text: c.role }), ' ', el('code', { text: c.id })),
    el('p', { class: 'hint' }, 'Open ', el('span', { class: 'nowrap', text: when(c.opens) }), ' to ',
      el('span', { class: 'nowrap', text: when(c.closes) + ' UTC' })),
    el('dl', { class: 'figures' },
      figureTile('Participants approved', c.participants.approved, 'approved'),
      figureTile('Waiting for approval', c.participants.pending, c.participants.pending > 0 ? 'pending waiting' : 'pending'),
      figureTile('Teams', c.teams, 'teams'),
      figureTile('Submissions', c.submissions_today + ' today, ' + c.submissions_total + ' in all', 'today')),
    el('p', { class: 'leader' }, leader),
    c.has_reference ? null : el('p', { class: 'warning', text: 'Draft: no reference data yet, so only its organizers see it.' }));
}
