'use strict';
// A series' page: its challenges with their state and leader, and the series board, live as its challenges' boards change.

const seriesId = decodeURIComponent(location.pathname.split('/')[2] || '');
const seriesBase = '/api/series/' + encodeURIComponent(seriesId);

function showSeries(series) {
  document.title = series.title + ' · amchallenge';
  document.getElementById('title').textContent = series.title;
  // the description's HTML is rendered by the server with raw HTML escaped and unsafe links removed
  document.getElementById('description').innerHTML = series.description_html || '';
  const body = document.getElementById('challenges-body');
  body.replaceChildren(...series.challenges.map(c => {
    const name = c.title ? el('a', { href: '/challenges/' + encodeURIComponent(c.id), text: c.title }) : el('span', { text: c.id });
    const leaders = c.leaders.length ? c.leaders.join(', ') : '–';
    const board = c.board === 'final' ? 'final ranking' : c.board === 'public' ? 'public board' : '–';
    return el('tr', { 'data-challenge': c.id },
      el('td', {}, name),
      el('td', {}, el('span', { class: 'badge ' + c.status, text: c.status })),
      el('td', { class: 'leader', text: leaders }),
      el('td', { class: 'num', text: String(c.teams_ranked) }),
      el('td', { text: board }));
  }));
  document.getElementById('overview').hidden = false;
  document.getElementById('challenges-section').hidden = false;
}

function showBoard(board, titles) {
  const head = document.getElementById('series-board-head');
  const columns = board.challenges.map(c => ({ id: c.id, label: titles[c.id] || c.id, board: c.board }));
  head.replaceChildren(el('th', { class: 'num', text: 'Rank' }), el('th', { text: 'Team' }),
    ...columns.map(c => el('th', { class: 'num', title: c.board ? 'from its ' + c.board + ' board' : 'not published yet' },
      c.label, c.board ? el('span', { class: 'hint', text: '(' + c.board + ')' }) : null)),
    el('th', { class: 'num', text: 'Challenges ranked' }), el('th', { class: 'num', text: 'Mean rank' }));
  const body = document.getElementById('series-board-body');
  body.replaceChildren(...board.rows.map(row => el('tr', { class: row.rank === null ? 'unranked' : null, 'data-team': row.team },
    el('td', { class: 'num', text: row.rank === null ? '–' : String(row.rank) }),
    el('td', { text: row.team }),
    ...columns.map(c => el('td', { class: 'num', text: row.ranks[c.id] === null || row.ranks[c.id] === undefined ? '–' : String(row.ranks[c.id]) })),
    el('td', { class: 'num', text: String(row.challenges_ranked) }),
    el('td', { class: 'num', text: row.mean_rank === null ? '–' : Number(row.mean_rank.toFixed(2)).toString() }))));
  document.getElementById('series-board-empty').hidden = board.rows.length > 0;
  document.getElementById('series-board-hint').textContent = 'Teams are ranked once ranked in at least ' + board.min_challenges
    + (board.min_challenges === 1 ? ' challenge' : ' challenges') + ' of the series, by their mean rank.';
  document.getElementById('series-board-section').hidden = false;
}

function show(update) {
  const titles = {};
  update.series.challenges.forEach(c => { titles[c.id] = c.title || c.id; });
  showSeries(update.series);
  showBoard(update.leaderboard, titles);
}

function subscribe() {
  const live = document.getElementById('live');
  const events = new EventSource(seriesBase + '/leaderboard/events');
  events.addEventListener('series', event => show(JSON.parse(event.data)));
  events.onopen = () => live.classList.remove('off');
  events.onerror = () => live.classList.add('off');
}

(async function load() {
  const status = document.getElementById('page-status');
  const [series, board] = await Promise.all([api(seriesBase), api(seriesBase + '/leaderboard')]);
  if (!series.ok || !board.ok) {
    status.textContent = 'This series could not be loaded: ' + ((series.body && series.body.detail) || series.status);
    return;
  }
  status.textContent = '';
  status.hidden = true;
  document.getElementById('series-csv').addEventListener('click', async event => {
    event.preventDefault();
    const response = await fetch(seriesBase + '/leaderboard', { headers: { Accept: 'text/csv' } });
    const link = el('a', { href: URL.createObjectURL(await response.blob()), download: seriesId + '-series-leaderboard.csv' });
    link.click();
  });
  show({ series: series.body, leaderboard: board.body });
  subscribe();
})();
