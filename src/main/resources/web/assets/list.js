'use strict';
// The challenge list: each challenge's state with the time left, its dates in UTC, material, process and number of teams.

(async function showChallenges() {
  const status = document.getElementById('list-status');
  const list = document.getElementById('challenges');
  const answer = await api('/api/challenges');
  if (!answer.ok) {
    status.textContent = 'The challenges could not be loaded: ' + (answer.body.detail || answer.status);
    return;
  }
  const challenges = answer.body.challenges;
  status.textContent = challenges.length + (challenges.length === 1 ? ' challenge' : ' challenges');
  // the ones a visitor can act on first: open, then upcoming, then the results, then those awaiting them
  const order = { open: 0, upcoming: 1, revealed: 2, closed: 3 };
  const now = Date.now();
  for (const c of challenges.slice().sort((a, b) => (order[a.status] ?? 4) - (order[b.status] ?? 4))) {
    const page = '/challenges/' + encodeURIComponent(c.id);
    const teams = el('span', { text: '' });
    const state = challengeState(c, now);
    const card = el('li', { class: 'card ' + c.status, 'data-status': c.status },
      el('h2', {}, el('a', { href: page, text: c.title })),
      el('p', { class: 'state' }, el('span', { class: 'badge ' + c.status, text: c.status }), ' ', el('span', { class: 'when' }, stateNode(state))),
      el('p', { text: c.summary || '' }),
      el('p', { class: 'hint' }, [c.material, c.process].filter(Boolean).join(' · '), ' · open ', utc(c.opens), ' to ', utc(c.closes), ' · ', teams));
    if (c.status === 'revealed') {
      card.append(el('p', {}, el('a', { class: 'final-link', href: page + '#final-section', text: 'Final ranking and results →' })));
    } else if (c.status === 'open') {
      card.append(el('p', {}, el('a', { class: 'final-link', href: page + '#board-section', text: 'Leaderboard and upload →' })));
    }
    list.append(card);
    api('/api/challenges/' + encodeURIComponent(c.id)).then(detail => {
      if (detail.ok) teams.textContent = detail.body.teams + (detail.body.teams === 1 ? ' team' : ' teams');
    });
  }
})();
