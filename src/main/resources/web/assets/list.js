'use strict';
// The challenge list: each challenge's state with the time left, its dates in UTC, material, process and number of teams,
// grouped by series (each series under its title, with a link to its board), the challenges in no series under their own heading.

function challengeCard(c, now) {
  const page = '/challenges/' + encodeURIComponent(c.id);
  const teams = el('span', { text: '' });
  const state = challengeState(c, now);
  const card = el('li', { class: 'card ' + c.status, 'data-status': c.status, 'data-challenge': c.id },
    el('h2', {}, el('a', { href: page, text: c.title })),
    el('p', { class: 'state' }, el('span', { class: 'badge ' + c.status, text: c.status }), ' ', el('span', { class: 'when' }, stateNode(state))),
    el('p', { text: c.summary || '' }),
    el('p', { class: 'hint' }, [c.material, c.process].filter(Boolean).join(' · '), ' · open ', utc(c.opens), ' to ', utc(c.closes), ' · ', teams));
  if (c.status === 'revealed') {
    card.append(el('p', {}, el('a', { class: 'final-link', href: page + '#final-section', text: 'Final ranking and results →' })));
  } else if (c.status === 'open') {
    card.append(el('p', {}, el('a', { class: 'final-link', href: page + '#board-section', text: 'Leaderboard and upload →' })));
  }
  api('/api/challenges/' + encodeURIComponent(c.id)).then(detail => {
    if (detail.ok) teams.textContent = detail.body.teams + (detail.body.teams === 1 ? ' team' : ' teams');
  });
  return card;
}

// the ones a visitor can act on first: open, then upcoming, then the results, then those awaiting them
const statusOrder = { open: 0, upcoming: 1, revealed: 2, closed: 3 };

function cards(challenges, now) {
  const sorted = challenges.slice().sort((a, b) => (statusOrder[a.status] ?? 4) - (statusOrder[b.status] ?? 4));
  return el('ul', { class: 'cards' }, ...sorted.map(c => challengeCard(c, now)));
}

function seriesGroup(series, challenges, now) {
  const page = '/series/' + encodeURIComponent(series.id);
  return el('section', { class: 'series-group', 'data-series': series.id },
    el('h2', {}, el('a', { href: page, text: series.title }), el('span', { class: 'hint', text: ' · series of ' + series.challenges.length + ' challenges' })),
    // the description's first paragraph as plain text, its lines joined and its Markdown marks left out (the series page renders it whole)
    series.description ? el('p', { class: 'hint', text: series.description.split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ').replace(/[*_`]/g, '') }) : null,
    el('p', {}, el('a', { class: 'final-link', href: page, text: 'Series leaderboard →' })),
    cards(challenges, now));
}

(async function showChallenges() {
  const status = document.getElementById('list-status');
  const list = document.getElementById('challenges');
  const [answer, seriesAnswer] = await Promise.all([api('/api/challenges'), api('/api/series')]);
  if (!answer.ok) {
    status.textContent = 'The challenges could not be loaded: ' + (answer.body.detail || answer.status);
    return;
  }
  const challenges = answer.body.challenges;
  const series = seriesAnswer.ok ? seriesAnswer.body.series : [];
  status.textContent = challenges.length + (challenges.length === 1 ? ' challenge' : ' challenges')
    + (series.length ? ', ' + series.length + ' series' : '');
  const now = Date.now();
  const byId = new Map(challenges.map(c => [c.id, c]));
  const inSeries = new Set();
  for (const one of series) {
    const own = one.challenges.map(id => byId.get(id)).filter(Boolean);
    if (!own.length) continue;
    own.forEach(c => inSeries.add(c.id));
    list.append(seriesGroup(one, own, now));
  }
  const alone = challenges.filter(c => !inSeries.has(c.id));
  if (!alone.length) return;
  if (inSeries.size) {
    list.append(el('section', { class: 'series-group', 'data-series': '' }, el('h2', { text: 'Challenges in no series' }), cards(alone, now)));
  } else {
    list.append(cards(alone, now));
  }
})();
