'use strict';
// A challenge page: the definition, joining it (its terms) where it takes registrations, the live leaderboard, the
// team's panel with uploads (by a team token, or as a signed-in member), and the plots of a submission; once revealed,
// it leads with the final ranking. Team names, file names and descriptions are always inserted as text.

const challengeId = decodeURIComponent(location.pathname.split('/').pop());
const base = '/api/challenges/' + encodeURIComponent(challengeId);
const state = { challenge: null, board: null, previousRanks: new Map(), sort: { key: 'rank', dir: 1 }, charts: [], me: null, teamId: null, over: false };

function token() {
  return sessionStorage.getItem('amc-token');
}

/** The team token typed in this tab, else the signed-in member's session, whose changes carry its CSRF token. */
function authorized(extra) {
  const headers = Object.assign({}, extra || {});
  if (token()) headers.Authorization = 'Bearer ' + token();
  else if (state.me && state.me.csrf_token) headers['X-CSRF-Token'] = state.me.csrf_token;
  return headers;
}

/** A team route, naming the team (?team=) where a signed-in member of several chose one. */
function teamRoute(path) {
  return !token() && state.teamId ? path + '?team=' + encodeURIComponent(state.teamId) : path;
}

async function start() {
  const [answer, definitions] = await Promise.all([api(base), api('/api/metrics')]);
  const status = document.getElementById('page-status');
  if (!answer.ok) {
    status.textContent = answer.body.detail || 'This challenge could not be loaded.';
    return;
  }
  status.textContent = '';
  state.challenge = answer.body;
  state.challenge.metrics = definitions.ok ? definitions.body.metrics : {};
  showOverview(answer.body);
  showDetails(answer.body);
  state.me = await session.signedIn();
  if (answer.body.registration) showRegistration(answer.body);
  // once closed, no upload is taken: the panel stays only to list a signed-in member's (or a token's) submissions
  // a challenge that keeps a post-reveal board takes uploads after its reveal, for that board only
  const benchmark = answer.body.status === 'revealed' && answer.body.after_reveal === 'benchmark';
  state.over = answer.body.status === 'closed' || (answer.body.status === 'revealed' && !benchmark);
  document.getElementById('team-section').hidden = state.over && !token() && !(state.me && (state.me.teams || []).length > 0);
  setUpTeamPanel();
  showBoardHeading(answer.body);
  await refreshBoard();
  if (answer.body.status === 'revealed') {
    await showFinal(answer.body);
    if (benchmark) {
      await refreshPostReveal();
      subscribePostReveal();
    }
    const wanted = location.hash === '#final-section' || location.hash === '#post-reveal-section' ? location.hash.slice(1) : null;
    if (wanted) document.getElementById(wanted).scrollIntoView({ block: 'start' });
    return;  // the competition's boards of a revealed challenge no longer change: only a post-reveal board does
  }
  subscribe();
}

function showOverview(c) {
  document.title = c.title + ' · amchallenge';
  document.getElementById('title').textContent = c.title;
  const badge = document.getElementById('status');
  badge.textContent = c.status;
  badge.className = 'badge ' + c.status;
  document.getElementById('state-text').replaceChildren(stateNode(challengeState(c, Date.now())));
  document.getElementById('dates').textContent = 'open ' + utc(c.opens) + ' to ' + utc(c.closes);
  document.getElementById('material').textContent = [c.material, c.process].filter(Boolean).join(' · ');
  document.getElementById('teams').textContent = c.teams + (c.teams === 1 ? ' team' : ' teams');
  // rendered on the server from Markdown with raw HTML escaped and unsafe links removed
  document.getElementById('description').innerHTML = c.description_html;
  document.getElementById('overview').hidden = false;
}

function showDetails(c) {
  const body = document.querySelector('#quantities tbody');
  for (const q of c.quantities) {
    const primary = el('td', {}, el('abbr', { title: metricTitle(q.primary, q), text: q.primary }), ' ', metricLine(q.primary, q, false));
    body.append(el('tr', {}, el('td', {}, el('code', { text: q.id })), el('td', { text: q.name }), el('td', { text: unitShown(q.unit) }),
      el('td', { text: q.kind }), primary, el('td', { class: 'num', text: q.weight })));
  }
  const r = c.rules;
  const rules = document.getElementById('rules');
  const ranking = c.ranking.score === 'total_points' ? 'ranked by total points, higher is better'
    : 'ranked by the weighted mean of the unit-free primary metrics, lower is better';
  for (const line of [ranking, r.max_submissions_per_day + ' submissions a day (UTC), ' + r.max_submissions_total + ' in all',
    'teams of up to ' + r.max_team_size + '; ' + r.final_selections + ' submissions may be selected for the final ranking',
    'the public board uses ' + Math.round(c.split.public_fraction * 100) + ' % of the ' + c.split.by + 's; the final ranking the rest',
    c.ranking.ladder ? 'the public board follows the Ladder: it moves only on a significant improvement' : null,
    'equal scores rank equal (marked tie) and are listed by the earlier submission',
    'figures are shown to ' + c.ranking.precision + ' significant digits until the reveal']) {
    if (line) rules.append(el('li', { text: line }));
  }
  const downloads = document.getElementById('downloads');
  downloads.append(el('li', {}, el('a', { href: base + '/template.csv', text: 'Blank template (CSV, every expected row)' })));
  downloads.append(el('li', {}, el('a', { href: base + '/template.xlsx', text: 'Blank template (XLSX)' })));
  for (const file of c.inputs || []) {
    downloads.append(el('li', {}, el('a', { href: base + '/inputs/' + encodeURIComponent(file), text: file })));
  }
  document.getElementById('details-section').hidden = false;
}

// ---- what each column shows: the metric definitions the server serves with the challenge

function metricOf(id) {
  return (state.challenge.metrics || {})[id] || { name: id, definition: '', unit: 'unit-free', better: 'lower' };
}

function arrow(better) {
  return better === 'higher' ? '↑' : better === 'lower' ? '↓' : '';
}

/** A metric's unit on a quantity: "µm" for one in the quantity's unit, "%" or "unit-free". */
function metricUnit(id, q) {
  const unit = metricOf(id).unit;
  return unit === 'quantity' ? unitShown(q.unit) : unit === 'percent' ? '%' : 'unit-free';
}

/** The small line under a column's name: "nmae ↓ · unit-free", or "↓ · unit-free" where the metric is named beside it. */
function metricLine(id, q, named = true) {
  return el('span', { class: 'metric' }, [named ? id : null, arrow(metricOf(id).better)].filter(Boolean).join(' ') + ' · ' + metricUnit(id, q));
}

function metricTitle(id, q) {
  const m = metricOf(id);
  return m.name + (q ? ' of ' + q.name : '') + ': ' + m.definition + (m.normaliser ? '; normalised by the ' + m.normaliser : '')
    + '; ' + (m.better === 'higher' ? 'higher' : 'lower') + ' is better';
}

function scoreIsPoints() {
  return state.challenge.ranking.score === 'total_points';
}

function scoreLine() {
  return el('span', { class: 'metric' }, (scoreIsPoints() ? '↑ · points' : '↓ · unit-free'));
}

function scoreTitle() {
  return scoreIsPoints() ? 'the weighted sum of the points over the quantities; higher is better'
    : 'the weighted mean of each quantity\'s primary metric made unit-free (its loss); lower is better';
}

/** The legend under a board: the score, each primary metric shown, its normaliser, how it enters the score, ties. */
function metricsLegend(container, quantities, withIntervals) {
  const c = state.challenge;
  const list = el('dl', { class: 'metric-legend' });
  const weights = c.quantities.map(q => q.id + ' ' + q.weight).join(', ');
  list.append(el('dt', {}, 'Score ', scoreLine()), el('dd', { text: scoreIsPoints()
    ? 'the weighted sum of each quantity\'s tolerance-band points (weights: ' + weights + '); higher is better.'
    : 'the weighted mean, over the quantities (weights: ' + weights + '), of each quantity\'s primary metric made unit-free '
      + 'as listed below; lower is better.' }));
  const seen = new Set();
  for (const q of quantities) {
    if (seen.has(q.primary + '|' + metricUnit(q.primary, q))) continue;
    seen.add(q.primary + '|' + metricUnit(q.primary, q));
    const m = metricOf(q.primary);
    const parts = [m.name + ': ' + m.definition + '.'];
    if (m.normaliser) parts.push('Normaliser: the ' + m.normaliser + '.');
    if (m.unit === 'percent') parts.push('Shown in percent, as the API gives it; it enters the score as a fraction, ' + m.loss + '.');
    else if (m.unit === 'quantity') parts.push('In the quantity\'s unit (' + unitShown(q.unit) + '); it enters the score as ' + m.loss + '.');
    else if (m.loss && m.loss !== q.primary) parts.push('It enters the score as ' + m.loss + '.');
    else parts.push('It enters the score as it is.');
    const used = quantities.filter(o => o.primary === q.primary).map(o => o.id).join(', ');
    list.append(el('dt', {}, el('code', { text: q.primary }), ' ', metricLine(q.primary, q, false)), el('dd', { text: '(' + used + ') ' + parts.join(' ') }));
  }
  list.append(el('dt', {}, el('span', { class: 'tie-mark', text: 'tie' })),
    el('dd', { text: 'equal on the score and every tie-break: the same rank, listed by the earlier submission.' }));
  if (withIntervals) {
    list.append(el('dt', {}, el('span', { class: 'close-mark', text: '~' })),
      el('dd', { text: 'not distinguishable from the leader (95 % bootstrap over samples); the 95 % interval is under each score.' }));
  }
  list.append(el('dt', { text: 'p, m, u, s' }), el('dd', { text: 'predicted and measured values, the measurement\'s standard uncertainty '
    + 'and the predicted one. Times are in UTC. ↓ lower is better, ↑ higher is better.' }));
  container.replaceChildren(list);
}

/** The rank, with a tie marked where another row shares it. */
function rankCell(row, tied) {
  const cell = el('td', { class: 'num rank' }, row.rank === null || row.rank === undefined ? '–' : String(row.rank));
  if (tied) cell.append(' ', el('span', { class: 'tie-mark', title: 'equal score: the same rank, listed by the earlier submission', text: 'tie' }));
  return cell;
}

function tiedRanks(rows) {
  const counts = new Map();
  for (const row of rows) if (row.rank !== null && row.rank !== undefined) counts.set(row.rank, (counts.get(row.rank) || 0) + 1);
  return rank => counts.get(rank) > 1;
}

/** The score with its 95 % interval and, as the command line marks it, "~" where the leader is not distinguishable. */
function scoreCell(row, first) {
  const cell = el('td', { class: 'num score' }, figure(row.score));
  if (row.score_interval) {
    const interval = el('span', { class: 'interval', text: '95\u00a0%: ' + figure(row.score_interval[0]) + ' – ' + figure(row.score_interval[1]) });
    if (row.indistinguishable_from_leader && !first) {
      interval.append(' ', el('span', { class: 'close-mark', title: 'not distinguishable from the leader (95 % bootstrap over samples)', text: '~' }));
    }
    cell.append(el('br'), interval);
  }
  return cell;
}

/**
 * Rows a board lists without a rank: baselines, and disqualified submissions with their reason. The reason spans
 * every column after the team's; on a phone, where only the first {@code visible} columns show, a copy of it spans
 * those alone and the rest get empty cells, so that the row is never wider than the ranked ones.
 */
function unrankedRow(row, columns, visible) {
  const why = row.disqualified ? 'disqualified' + (row.disqualified.reason ? ': ' + row.disqualified.reason : '')
    : row.baseline ? 'baseline, not ranked' : 'not ranked';
  const tr = el('tr', { class: row.disqualified ? 'disqualified' : 'unranked' });
  tr.dataset.team = row.team;
  const text = why + (row.score !== null && row.score !== undefined ? ' (score ' + figure(row.score) + ')' : '');
  tr.append(el('td', { class: 'num rank', text: '–' }), el('th', { scope: 'row', text: row.team }),
    el('td', { class: 'why wide', colspan: columns - 2, text: text }),
    el('td', { class: 'why narrow', colspan: visible - 2, text: text }));
  for (let i = visible; i < columns; i++) tr.append(el('td', { class: 'extra narrow' }));
  return tr;
}

/** A baseline's name with its badge: an organizer's reference model, listed where its score puts it, never ranked. */
function baselineName(row, tag = 'td') {
  return el(tag, tag === 'th' ? { scope: 'row' } : {}, row.team, ' ',
    el('span', { class: 'badge baseline-badge', title: 'an organizer\'s reference model: shown for comparison, never ranked', text: 'baseline' }));
}

/** Whether a board row is listed in the board's order: a ranked team's, or a baseline's (disqualified rows come after). */
function listed(row) {
  return row.baseline === true || (row.rank !== null && row.rank !== undefined);
}

// ---- the leaderboard

function showBoardHeading(c) {
  const title = document.getElementById('board-title');
  const live = document.getElementById('live');
  live.hidden = c.status !== 'open';
  if (c.status === 'closed') title.textContent = 'Public leaderboard: closed, awaiting the reveal';
  else if (c.status === 'revealed') title.textContent = 'Public leaderboard, as it stood at the close';
  else if (c.status === 'upcoming') title.textContent = 'Public leaderboard: opens ' + utc(c.opens);
  else title.textContent = 'Public leaderboard';
}

async function refreshBoard() {
  const answer = await api(base + '/leaderboard');
  if (answer.ok) showBoard(answer.body);
  refreshHistory();
}

function subscribe() {
  const live = document.getElementById('live');
  const events = new EventSource(base + '/leaderboard/events');
  events.addEventListener('leaderboard', event => {
    showBoard(JSON.parse(event.data));
    refreshHistory();
  });
  events.onopen = () => live.classList.remove('off');
  events.onerror = () => live.classList.add('off');
}

// under the Ladder or feedback: score, the board shows the overall score only until the reveal
function shownQuantities() {
  const c = state.challenge;
  const scoreOnly = c.status !== 'revealed' && (c.ranking.ladder || c.feedback === 'score');
  return scoreOnly ? [] : c.quantities;
}

/** Rank, team and score first; the rest are "extra", behind the "all columns" toggle on a phone. */
function columns() {
  const cols = [{ key: 'rank', label: 'Rank', num: true }, { key: 'team', label: 'Team' },
    { key: 'score', label: 'Score', num: true, line: scoreLine, title: scoreTitle() }];
  for (const q of shownQuantities()) {
    cols.push({ key: 'q:' + q.id, label: q.id, num: true, extra: true, line: () => metricLine(q.primary, q), title: metricTitle(q.primary, q) });
  }
  cols.push({ key: 'entries', label: 'Entries', num: true, extra: true }, { key: 'last_submission', label: 'Last submission (UTC)', extra: true });
  return cols;
}

function value(row, key) {
  return key.startsWith('q:') ? row.quantities[key.slice(2)] : row[key];
}

function showBoard(board) {
  state.board = board;
  const head = document.getElementById('board-head');
  head.replaceChildren();
  const cols = columns();
  for (const col of cols) {
    const sorted = state.sort.key === col.key ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none';
    const button = el('button', { type: 'button', 'aria-sort': sorted, title: col.title || null }, col.label);
    if (col.line) button.append(el('br'), col.line());
    button.addEventListener('click', () => {
      state.sort = { key: col.key, dir: state.sort.key === col.key ? -state.sort.dir : 1 };
      showBoard(state.board);
    });
    head.append(el('th', { scope: 'col', class: [col.num ? 'num' : '', col.extra ? 'extra' : ''].join(' ').trim() || null }, button));
  }
  const ranked = board.rows.filter(r => r.rank !== null && r.rank !== undefined);
  const inOrder = board.rows.filter(listed);
  const place = new Map(inOrder.map((r, i) => [r, i]));
  const rows = inOrder.slice().sort((a, b) => {
    if (state.sort.key === 'rank') return (place.get(a) - place.get(b)) * state.sort.dir;
    const x = value(a, state.sort.key), y = value(b, state.sort.key);
    if (x === y) return place.get(a) - place.get(b);
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return (x < y ? -1 : 1) * state.sort.dir;
  });
  const tied = tiedRanks(ranked);
  const body = document.getElementById('board-body');
  body.replaceChildren();
  const ranks = new Map();
  for (const row of rows) {
    if (row.baseline) {
      const tr = el('tr', { class: 'baseline' });
      tr.dataset.team = row.team;
      tr.append(rankCell(row, false), baselineName(row), scoreCell(row, false));
      for (const q of shownQuantities()) tr.append(el('td', { class: 'num extra', text: figure(row.quantities[q.id]) }));
      tr.append(el('td', { class: 'num extra', text: '–' }), el('td', { class: 'extra', text: '–' }));
      body.append(tr);
      continue;
    }
    ranks.set(row.team, row.rank);
    const before = state.previousRanks.get(row.team);
    const moved = state.previousRanks.size > 0 && before !== row.rank;
    const tr = el('tr', { class: [moved ? 'moved' : '', before && row.rank < before ? 'up' : '', before && row.rank > before ? 'down' : ''].join(' ').trim() || null });
    tr.dataset.team = row.team;
    tr.append(rankCell(row, tied(row.rank)), el('td', { text: row.team }), scoreCell(row, row === ranked[0]));
    for (const q of shownQuantities()) tr.append(el('td', { class: 'num extra', text: figure(row.quantities[q.id]) }));
    tr.append(el('td', { class: 'num extra', text: row.entries }), el('td', { class: 'extra', text: when(row.last_submission) }));
    body.append(tr);
  }
  for (const row of board.rows.filter(r => !listed(r))) {
    body.append(unrankedRow(row, cols.length, cols.filter(col => !col.extra).length));
  }
  state.previousRanks = ranks;
  document.getElementById('board-empty').hidden = ranked.length > 0;
  document.getElementById('board-hint').textContent = board.updated_at ? 'Last change ' + utc(board.updated_at) : '';
  const legend = document.getElementById('board-legend');
  if (state.challenge.status === 'revealed') {
    legend.replaceChildren(el('p', { text: 'The columns are those of the final ranking, defined under it; here on the public part of the rows.' }));
  } else {
    metricsLegend(legend, shownQuantities(), board.rows.some(r => r.score_interval));
  }
  document.getElementById('board-section').hidden = false;
}

async function refreshHistory() {
  const answer = await api(base + '/history');
  if (!answer.ok || typeof Chart === 'undefined') return;
  const points = answer.body.best.map(p => ({ x: Date.parse(p.at), y: p.score, team: p.team }));
  const canvas = document.getElementById('history-chart');
  if (state.history) state.history.destroy();
  const c = state.challenge;
  // from the first submission to now (or the close, if earlier), padded: one point does not make the axis span years
  const first = points.length ? points[0].x : Date.parse(c.opens);
  const end = Math.max(first, Math.min(Date.now(), Date.parse(c.closes)), ...points.map(p => p.x));
  const pad = Math.max((end - first) * 0.05, 3600e3);
  const range = end - first + 2 * pad;
  // the best score stays until the end of the axis: a step that stops at the last improvement would look like an end
  const shown = points.length ? points.concat([{ x: end, y: points[points.length - 1].y, team: points[points.length - 1].team, carried: true }]) : [];
  state.history = new Chart(canvas, {
    type: 'line',
    data: { datasets: [{ label: 'best public score', data: shown, stepped: true, borderColor: '#b4441d', backgroundColor: '#b4441d',
      pointRadius: shown.map(p => p.carried ? 0 : 3) }] },
    options: {
      animation: false, maintainAspectRatio: false, parsing: false,
      scales: {
        x: { type: 'linear', min: first - pad, max: end + pad, title: { display: true, text: 'time (UTC)' },
          ticks: { maxTicksLimit: timeTicks(canvas.parentElement.clientWidth), maxRotation: 0, callback: v => timeTick(v, range) } },
        y: { title: { display: true, text: 'score (' + (scoreIsPoints() ? 'higher' : 'lower') + ' is better)' } }
      },
      // a phone turned or a window narrowed: as many ticks as the new width holds
      onResize: (chart, size) => { chart.options.scales.x.ticks.maxTicksLimit = timeTicks(size.width); },
      plugins: { legend: { display: false },
        tooltip: { filter: t => !t.raw.carried, callbacks: { label: t => t.raw.team + ': ' + figure(t.raw.y) + ' at ' + utc(new Date(t.raw.x).toISOString()) } } }
    }
  });
}

/** How many time ticks a chart {width} px wide holds: a label such as "06-01 12:00" takes some 90 px with its gap. */
function timeTicks(width) {
  return Math.max(2, Math.min(6, Math.floor(width / 90)));
}

/** A tick of a time axis, as fine as its range needs. */
function timeTick(ms, range) {
  const iso = new Date(ms).toISOString();
  if (range <= 2 * 86400e3) return iso.slice(5, 16).replace('T', ' ');
  if (range <= 120 * 86400e3) return iso.slice(0, 10);
  return iso.slice(0, 7);
}

// ---- the final ranking, once revealed

async function showFinal(c) {
  const answer = await api(base + '/leaderboard?board=private');
  if (!answer.ok) return;
  document.getElementById('analysis-link').href = '/challenges/' + encodeURIComponent(c.id) + '/analysis';
  const publicRows = new Map((state.board ? state.board.rows : []).filter(r => r.rank !== null && r.rank !== undefined).map(r => [r.team, r]));
  const ranked = answer.body.rows.filter(r => r.rank !== null && r.rank !== undefined);
  const others = answer.body.rows.filter(r => !listed(r));
  const publicBaselines = new Map((state.board ? state.board.rows : []).filter(r => r.baseline).map(r => [r.team, r]));
  // beside a post-reveal board, said plainly which board is which: this one no upload after the reveal changes
  if (c.after_reveal === 'benchmark') {
    document.getElementById('final-heading').textContent = 'Final ranking (fixed at the reveal on ' + utc(c.revealed_at || c.closes) + ')';
  }
  const share = Math.round((1 - c.split.public_fraction) * 100);
  document.getElementById('final-lead').textContent = 'Revealed ' + utc(c.revealed_at || c.closes) + '. The final ranking scores '
    + 'each team\'s final submission on the held-out ' + share + ' % of the ' + c.split.by + 's, which no team saw before the reveal; '
    + 'the public board, ranked on the rest, follows it.';
  document.getElementById('final-caption').textContent = 'Final ranking of ' + ranked.length + (ranked.length === 1 ? ' team' : ' teams')
    + ', best first: a ' + (scoreIsPoints() ? 'higher' : 'lower') + ' score is better';
  const width = finalHead();
  const tied = tiedRanks(ranked);
  const body = document.getElementById('final-body');
  body.replaceChildren();
  for (const row of answer.body.rows.filter(listed)) {
    if (row.baseline) {
      const before = publicBaselines.get(row.team);
      const tr = el('tr', { class: 'baseline' });
      tr.dataset.team = row.team;
      tr.append(rankCell(row, false), baselineName(row, 'th'), scoreCell(row, false), move(null, null));
      for (const q of c.quantities) tr.append(el('td', { class: 'num extra', text: figure(row.quantities[q.id]) }));
      tr.append(el('td', { class: 'num public extra', text: '–' }),
        el('td', { class: 'num public extra', text: before ? figure(before.score) : '–' }));
      body.append(tr);
      continue;
    }
    const before = publicRows.get(row.team);
    const tr = el('tr', { class: row.rank === 1 ? 'leader' : null });
    tr.dataset.team = row.team;
    tr.append(rankCell(row, tied(row.rank)), el('th', { scope: 'row', text: row.team }), scoreCell(row, row === ranked[0]), move(row.rank, before));
    for (const q of c.quantities) tr.append(el('td', { class: 'num extra', text: figure(row.quantities[q.id]) }));
    tr.append(el('td', { class: 'num public extra', text: before ? before.rank : '–' }),
      el('td', { class: 'num public extra', text: before ? figure(before.score) : '–' }));
    body.append(tr);
  }
  // rank, team, score and move are shown on a phone; the rest are "extra"
  for (const row of others) body.append(unrankedRow(row, width, 4));
  document.getElementById('final-empty').hidden = ranked.length > 0;
  metricsLegend(document.getElementById('final-legend'), c.quantities, ranked.some(r => r.score_interval));
  resultsLinks();
  document.getElementById('final-section').hidden = false;
  await quantityBoards(c);
  await showModels(ranked);
}

/** The final board's two header rows; answers the number of columns. */
function finalHead() {
  const quantities = state.challenge.quantities;
  const groups = el('tr', { class: 'groups' },
    el('th', { scope: 'colgroup', colspan: 4, text: 'Final ranking, on the held-out part' }),
    quantities.length ? el('th', { scope: 'colgroup', colspan: quantities.length, class: 'extra', text: 'Each quantity, final' }) : null,
    el('th', { scope: 'colgroup', colspan: 2, class: 'public extra', text: 'Public board' }));
  const columns = el('tr', {},
    el('th', { scope: 'col', class: 'num', text: 'Rank' }),
    el('th', { scope: 'col', text: 'Team' }),
    el('th', { scope: 'col', class: 'num', title: scoreTitle() }, 'Final score', el('br'), scoreLine()),
    el('th', { scope: 'col', class: 'num' }, el('abbr', { title: 'places gained or lost from the public board', text: 'Move' })));
  for (const q of quantities) {
    columns.append(el('th', { scope: 'col', class: 'num extra', title: metricTitle(q.primary, q) }, q.id, el('br'), metricLine(q.primary, q)));
  }
  columns.append(el('th', { scope: 'col', class: 'num public extra', text: 'Rank' }),
    el('th', { scope: 'col', class: 'num public extra', title: scoreTitle() }, 'Score', el('br'), scoreLine()));
  document.getElementById('final-head').replaceChildren(groups, columns);
  return 6 + quantities.length;
}

/** The change of place from the public board: shown as an arrow, read out in words. */
function move(rank, before) {
  const cell = el('td', { class: 'num' });
  if (rank === null || rank === undefined) {
    cell.textContent = '–';
    return cell;
  }
  let shown, said, kind, places;
  if (!before) {
    [shown, said, kind, places] = ['new', 'not ranked on the public board', 'new', 'new'];
  } else {
    const gained = before.rank - rank;
    const count = Math.abs(gained) + (Math.abs(gained) === 1 ? ' place' : ' places');
    [shown, said, kind, places] = gained > 0 ? ['▲' + gained, 'up ' + count, 'up', '+' + gained]
      : gained < 0 ? ['▼' + -gained, 'down ' + count, 'down', String(gained)] : ['=', 'same place', 'same', '0'];
  }
  cell.dataset.move = places;
  cell.append(el('span', { class: 'move ' + kind, 'aria-hidden': 'true', text: shown }), el('span', { class: 'visually-hidden', text: said }));
  return cell;
}

/** Each quantity's final board (?quantity=, board=private): the teams ranked on that quantity's primary metric alone. */
async function quantityBoards(c) {
  const boxes = document.getElementById('quantity-boards');
  boxes.replaceChildren();
  const answers = await Promise.all(c.quantities.map(q => api(base + '/leaderboard?board=private&quantity=' + encodeURIComponent(q.id))));
  c.quantities.forEach((q, i) => {
    if (!answers[i].ok) return;
    const rows = answers[i].body.rows.filter(listed);
    const tied = tiedRanks(rows.filter(r => !r.baseline));
    const table = el('table', { class: 'board quantity-board', 'data-quantity': q.id },
      el('caption', {}, el('strong', { text: q.id }), ' ' + q.name + (q.unit ? ' [' + unitShown(q.unit) + ']' : '') + ', weight ' + q.weight),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', class: 'num', text: 'Rank' }), el('th', { scope: 'col', text: 'Team' }),
        el('th', { scope: 'col', class: 'num', title: metricTitle(q.primary, q) }, q.primary, el('br'), metricLine(q.primary, q, false)))));
    const body = el('tbody');
    for (const row of rows) body.append(el('tr', { class: row.baseline ? 'baseline' : null }, rankCell(row, !row.baseline && tied(row.rank)),
      row.baseline ? baselineName(row, 'th') : el('th', { scope: 'row', text: row.team }), el('td', { class: 'num', text: figure(row.score) })));
    table.append(body);
    boxes.append(el('div', { class: 'quantity-box' }, table));
  });
}

// ---- the post-reveal benchmark board

/** The uploads after the reveal, scored on all rows and ranked on their own, each dated: never the final ranking. */
async function refreshPostReveal() {
  const answer = await api(base + '/leaderboard?board=post_reveal');
  if (answer.ok) showPostReveal(answer.body);
}

function subscribePostReveal() {
  const events = new EventSource(base + '/leaderboard/events');
  events.addEventListener('post_reveal', event => showPostReveal(JSON.parse(event.data)));
}

function showPostReveal(board) {
  const c = state.challenge;
  const head = el('tr', {}, el('th', { scope: 'col', class: 'num', text: 'Rank' }), el('th', { scope: 'col', text: 'Team' }),
    el('th', { scope: 'col', class: 'num', title: scoreTitle() }, 'Score, all rows', el('br'), scoreLine()));
  for (const q of c.quantities) head.append(el('th', { scope: 'col', class: 'num extra', title: metricTitle(q.primary, q) }, q.id, el('br'), metricLine(q.primary, q)));
  head.append(el('th', { scope: 'col', class: 'extra', text: 'Submitted (UTC)' }));
  document.getElementById('post-reveal-head').replaceChildren(head);
  const rows = board.rows.filter(listed);
  const tied = tiedRanks(rows.filter(r => !r.baseline));
  const body = document.getElementById('post-reveal-body');
  body.replaceChildren();
  for (const row of rows) {
    const tr = el('tr', { class: row.baseline ? 'baseline' : null });
    tr.dataset.team = row.team;
    tr.append(rankCell(row, !row.baseline && tied(row.rank)), row.baseline ? baselineName(row, 'th') : el('th', { scope: 'row', text: row.team }),
      el('td', { class: 'num', text: figure(row.score) }));
    for (const q of c.quantities) tr.append(el('td', { class: 'num extra', text: figure(row.quantities[q.id]) }));
    tr.append(el('td', { class: 'extra', text: row.baseline ? '–' : when(row.submitted_at) }));
    body.append(tr);
  }
  document.getElementById('post-reveal-empty').hidden = rows.some(r => !r.baseline);
  document.getElementById('post-reveal-lead').textContent = 'Uploads after the reveal on ' + utc(c.revealed_at || c.closes)
    + ', scored on all rows (the reference data are public now), each team\'s best, with the time it came. This board is a '
    + 'benchmark: it does not change the final ranking above, nor the public board.'
    + (board.updated_at ? ' Last change ' + utc(board.updated_at) + '.' : '');
  document.getElementById('post-reveal-section').hidden = false;
}

/** The reference data and the results bundle. */
function resultsLinks() {
  const links = document.getElementById('results-links');
  const link = (id, href, label, what) => el('li', {}, el('a', { id, href, text: label }), el('span', { class: 'hint', text: what }));
  links.replaceChildren(
    link('reference-link', base + '/reference', 'Reference data (CSV)', 'every measured value, with its uncertainty'),
    link('bundle-link', base + '/export', 'Results bundle (zip)', 'the definition, the reference data, every submission with its scores, '
      + 'both boards and a manifest of SHA-256 sums, to score again with amchallenge score --bundle'));
}

/** Each ranked team's final submission: description, method card, and its plots (the leader's drawn at once, the others on opening). */
async function showModels(ranked) {
  const models = document.getElementById('models');
  models.replaceChildren();
  const answers = await Promise.all(ranked.map(row => api(base + '/submissions/' + encodeURIComponent(row.submission))));
  ranked.forEach((row, i) => {
    const submission = answers[i].ok ? answers[i].body : {};
    const card = el('article', { class: 'model', 'data-team': row.team },
      el('h3', {}, el('span', { class: 'model-rank', text: row.rank + '.' }), ' ', row.team,
        el('span', { class: 'hint', text: ' · final score ' + figure(row.score) + (submission.submitted_at ? ' · submitted ' + utc(submission.submitted_at) : '') })));
    card.append(description(submission));
    if (submission.method && typeof submission.method === 'object') card.append(methodCard(submission.method));
    const plots = el('details', { class: 'model-plots', open: i === 0 }, el('summary', { text: 'Parity, residual, curve and distribution plots' }));
    const box = el('div', { class: 'plots' });
    const samples = el('div', { class: 'plots sample-plots' });
    plots.append(box, samples);
    const draw = () => {
      if (box.dataset.drawn) return;
      box.dataset.drawn = 'yes';
      drawPlots(box, submission.residuals || []);
      drawSamplePlots(samples, submission.plots);
    };
    plots.addEventListener('toggle', () => { if (plots.open) draw(); });
    card.append(plots);
    models.append(card);
    if (i === 0) draw();
  });
  document.getElementById('models-section').hidden = ranked.length === 0;
}

/** A model's description as its Markdown reads, where the server rendered it; else its text as typed. */
function description(submission) {
  if (typeof submission.description_html !== 'string' || submission.description_html.trim() === '') {
    return el('p', { class: submission.description ? 'description' : 'description hint', text: submission.description || 'No description given.' });
  }
  const node = el('div', { class: 'description rendered' });
  // innerHTML is safe here only because the server renders description_html with every raw HTML tag of the text escaped
  node.innerHTML = submission.description_html;
  return node;
}

function methodCard(method) {
  const list = el('dl', { class: 'facts method' });
  for (const [key, value] of Object.entries(method)) {
    if (value === null || value === undefined || value === '') continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    const shown = /^https:\/\//.test(text) ? el('a', { href: text, rel: 'noopener nofollow', text })
      : /^10\.\d{4,9}\/\S+$/.test(text) ? el('a', { href: 'https://doi.org/' + text, rel: 'noopener nofollow', text }) : text;
    list.append(el('dt', { text: key.replace(/_/g, ' ') }), el('dd', {}, shown));
  }
  return list;
}

// ---- joining the challenge: its terms

function showRegistration(c) {
  const r = c.registration;
  const terms = document.getElementById('terms');
  // rendered on the server from Markdown as the description is: raw HTML escaped, unsafe links removed
  if (typeof r.terms_html === 'string') terms.innerHTML = r.terms_html;
  else terms.textContent = r.terms || '';
  const domains = r.allowed_email_domains || [];
  document.getElementById('join-rules').textContent = [
    r.approval === 'manual' ? 'An organizer approves each participant after they accept the terms.' : 'Accepting the terms lets you take part at once.',
    domains.length > 0 ? 'Open to accounts with an email at ' + domains.join(', ') + '.' : null,
    'Every member of a team must have joined before the team uploads.'].filter(Boolean).join(' ');
  if (!state.me) {
    document.getElementById('join-sign-in-link').href = session.signInUrl('/sign-in');
    document.getElementById('join-sign-up-link').href = session.signInUrl('/sign-up');
    document.getElementById('join-sign-in').hidden = false;
  } else {
    const mine = (state.me.participations || []).find(p => p.challenge === c.id);
    if (mine) showJoined(mine.status);
    else offerTerms(c);
  }
  document.getElementById('join-section').hidden = false;
}

function offerTerms(c) {
  const accept = document.getElementById('accept-terms');
  accept.hidden = false;
  accept.addEventListener('click', async () => {
    accept.disabled = true;
    const answer = await session.send(base + '/participants', { method: 'POST', json: { accept_terms: c.registration.terms_sha256 } });
    accept.disabled = false;
    const stateLine = document.getElementById('join-state');
    if (answer.ok) {
      accept.hidden = true;
      showJoined(answer.body.status);
    } else if (answer.status === 409) {
      stateLine.textContent = 'The terms changed since this page was opened: reload the page and read them again.';
    } else {
      stateLine.textContent = session.explain(answer, 'Joining failed.');
    }
  });
}

function showJoined(status) {
  const words = {
    approved: 'You have joined this challenge: you have accepted its terms and may upload with your team.',
    pending: 'You have accepted the terms; an organizer has yet to approve you. Come back later.',
    denied: 'An organizer did not approve your request to join.',
    removed: 'An organizer removed you from this challenge.'
  };
  const line = document.getElementById('join-state');
  line.replaceChildren(el('span', { class: 'badge ' + status, text: status }), ' ', words[status] || '');
}

// ---- the team's panel

function setUpTeamPanel() {
  const form = document.getElementById('token-form');
  const input = document.getElementById('token');
  const forget = document.getElementById('forget');
  form.addEventListener('submit', event => {
    event.preventDefault();
    sessionStorage.setItem('amc-token', input.value.trim());
    input.value = '';
    showTeam();
  });
  forget.addEventListener('click', () => {
    sessionStorage.removeItem('amc-token');
    document.getElementById('team-panel').hidden = true;
    forget.hidden = true;
  });
  forget.addEventListener('click', () => { if (state.me) useSession(); });
  document.getElementById('use-token').addEventListener('click', () => {
    showTokenForm(true);
    document.getElementById('token').focus();
  });
  setUpUpload();
  buildMethodCard(state.challenge.method_form);
  if (state.over) showTokenForm(false);
  if (token()) showTeam();
  else if (state.me) useSession();
}

/** A signed-in account uploads with its session for its team; a member of several teams chooses one. */
function useSession() {
  const teams = state.me.teams || [];
  const who = document.getElementById('session-who');
  document.getElementById('session-team').hidden = false;
  // the token field stays for team tokens, one click away for a member who needs none
  showTokenForm(teams.length === 0);
  if (teams.length === 0) {
    who.replaceChildren('Signed in as ' + state.me.account.name + '. You are in no team yet: ',
      el('a', { href: '/account', text: 'make one, or follow a captain\'s invitation link' }), ', then upload here.');
    return;
  }
  who.textContent = 'Signed in as ' + state.me.account.name + ': you upload for your team as yourself, no token needed.';
  const select = document.getElementById('team-select');
  if (teams.length > 1 && select.options.length === 0) {
    for (const t of teams) select.append(el('option', { value: t.id, text: t.name }));
    select.addEventListener('change', () => {
      state.teamId = select.value;
      showTeam();
    });
    document.getElementById('team-choice').hidden = false;
  }
  showTeam();
}

function showTokenForm(shown) {
  document.getElementById('token-form').hidden = !shown || state.over;
  document.getElementById('token-hint').hidden = !shown || state.over;
  document.getElementById('use-token').hidden = shown || state.over;
}

/** The team chosen in the page, where the account is in several. */
function chosenTeam() {
  const select = document.getElementById('team-select');
  return document.getElementById('team-choice').hidden ? null : select.value;
}

async function showTeam() {
  const answer = await api(teamRoute(base + '/submissions'), { headers: authorized() });
  const result = document.getElementById('upload-result');
  if (!answer.ok && answer.status === 400 && !token() && !state.teamId && chosenTeam()) {
    // a member of several teams that has not uploaded here yet: the team chosen in the page
    state.teamId = chosenTeam();
    return showTeam();
  }
  if (!answer.ok) {
    result.textContent = answer.body.detail || 'The token was not accepted.';
    document.getElementById('team-panel').hidden = true;
    if (state.over) document.getElementById('team-section').hidden = true;
    return;
  }
  if (state.over && answer.body.submissions.length === 0) {
    document.getElementById('team-section').hidden = true;
    return;
  }
  document.getElementById('forget').hidden = !token();
  document.getElementById('team-heading').textContent = 'Your team: ' + answer.body.team;
  const chosen = (state.me && state.me.teams || []).find(t => t.name === answer.body.team);
  if (chosen && !token()) document.getElementById('team-select').value = chosen.id;
  const q = answer.body.quota;
  document.getElementById('upload-form').hidden = state.over;
  document.getElementById('session-who').hidden = state.over;
  document.getElementById('quota').textContent = state.over ? 'Closed: no upload is taken.' : 'Today: ' + q.today.remaining + ' of ' + q.today.limit + ' submissions left (resets '
    + when(q.today.resets_at) + ' UTC) · in all: ' + q.total.remaining + ' of ' + q.total.limit + ' left · final selections: '
    + answer.body.selections.used + ' of ' + answer.body.selections.limit;
  const body = document.querySelector('#mine tbody');
  body.replaceChildren();
  for (const s of answer.body.submissions.slice().reverse()) {
    // the final selections are fixed at the close
    const select = state.over ? document.createTextNode(s.selected ? 'selected' : '')
      : el('button', { type: 'button', class: 'secondary', text: s.selected ? 'Unselect' : 'Select' });
    if (!state.over) select.addEventListener('click', () => changeSelection(s));
    const plots = el('button', { type: 'button', class: 'secondary', text: 'Plots' });
    plots.addEventListener('click', () => showPlots(s.id));
    body.append(el('tr', {}, el('td', { text: when(s.submitted_at) }), el('td', { text: s.file_name || s.format }),
      el('td', { class: 'num', text: figure(s.score) }), el('td', { text: s.ranked ? 'yes' : 'no' }),
      el('td', {}, select), el('td', {}, plots)));
  }
  document.getElementById('team-panel').hidden = false;
}

async function changeSelection(s) {
  const answer = await api(teamRoute(base + '/submissions/' + s.id + '/select'), { method: s.selected ? 'DELETE' : 'POST', headers: authorized() });
  document.getElementById('upload-result').textContent = answer.ok ? '' : answer.body.detail;
  showTeam();
}

const SHOWN = { always: 'shown to all', after_reveal: 'shown after the reveal', organizer: 'seen by the organizers only' };

/** The method card's inputs, one per field of the challenge's form (SPEC "Method cards"), each as its type asks. */
function buildMethodCard(fields) {
  const box = document.getElementById('method-fields');
  box.replaceChildren();
  for (const f of fields || []) {
    const id = 'method-' + f.id;
    const label = el('label', { for: id }, f.label + (f.required ? ' (required)' : ''), ' ', el('span', { class: 'hint', text: SHOWN[f.shown] || '' }));
    let input;
    if (f.type === 'choice') {
      input = el('select', { id, 'data-field': f.id, 'data-type': f.type }, el('option', { value: '', text: '–' }),
        ...f.options.map(o => el('option', { value: o, text: o.replaceAll('_', ' ') })));
    } else if (f.type === 'choices') {
      input = el('select', { id, multiple: true, size: Math.min(6, f.options.length), 'data-field': f.id, 'data-type': f.type },
        ...f.options.map(o => el('option', { value: o, text: o.replaceAll('_', ' ') })));
    } else if (f.type === 'boolean') {
      input = el('select', { id, 'data-field': f.id, 'data-type': f.type }, el('option', { value: '', text: '–' }),
        el('option', { value: 'true', text: 'yes' }), el('option', { value: 'false', text: 'no' }));
    } else {
      const type = f.type === 'number' ? 'number' : f.type === 'url' ? 'url' : 'text';
      const hints = { doi: '10.1016/j.addma.2020.101090', orcid: '0000-0002-1825-0097', url: 'https://github.com/lab/model' };
      input = el('input', { id, type, step: f.type === 'number' ? 'any' : null, placeholder: hints[f.type] || null,
        'data-field': f.id, 'data-type': f.type });
    }
    if (f.required) input.required = true;
    box.append(el('div', { class: 'method-field' }, label, input));
  }
  document.getElementById('method-card').hidden = !fields || fields.length === 0;
}

/** The card as filled in: each field given, in its type's form; the server checks every field again. */
function methodCard() {
  const card = {};
  for (const input of document.querySelectorAll('#method-fields [data-field]')) {
    const type = input.dataset.type;
    if (type === 'choices') {
      const chosen = [...input.selectedOptions].map(o => o.value);
      if (chosen.length > 0) card[input.dataset.field] = chosen;
    } else if (input.value.trim() !== '') {
      card[input.dataset.field] = type === 'number' ? Number(input.value) : type === 'boolean' ? input.value === 'true' : input.value.trim();
    }
  }
  return card;
}

function setUpUpload() {
  const drop = document.getElementById('drop');
  const file = document.getElementById('file');
  const label = document.getElementById('drop-label');
  let chosen = null;
  const choose = f => { chosen = f; label.textContent = f ? 'Ready: ' + f.name : label.textContent; };
  drop.addEventListener('click', () => file.click());
  drop.addEventListener('keydown', event => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); file.click(); } });
  drop.addEventListener('dragover', event => { event.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', event => { event.preventDefault(); drop.classList.remove('over'); choose(event.dataTransfer.files[0]); });
  file.addEventListener('change', () => choose(file.files[0]));
  document.getElementById('upload-form').addEventListener('submit', async event => {
    event.preventDefault();
    if (!chosen) { document.getElementById('upload-result').textContent = 'Choose a file first.'; return; }
    const form = new FormData();
    form.append('description', document.getElementById('description-input').value);
    const card = methodCard();
    if (Object.keys(card).length > 0) form.append('method', JSON.stringify(card));
    form.append('file', chosen, chosen.name);
    document.getElementById('upload-result').textContent = 'Scoring…';
    showUpload(await api(teamRoute(base + '/submissions'), { method: 'POST', headers: authorized(), body: form }));
  });
}

function showUpload(answer) {
  const result = document.getElementById('upload-result');
  const problems = document.getElementById('problems');
  problems.replaceChildren();
  if (answer.ok) {
    const afterReveal = answer.body.board === 'post_reveal';
    result.replaceChildren(el('span', { class: 'ok', text: 'Scored' + (afterReveal ? ' on all rows, for the post-reveal benchmark board' : '') + ': '
      + figure(answer.body.score) + (answer.body.ranked ? '' : ' (not ranked: not every row given)') }));
    if (afterReveal) refreshPostReveal();
    showTeam();
    showPlots(answer.body.id);
    return;
  }
  result.textContent = (answer.body.title || 'Rejected') + ': ' + (answer.body.detail || answer.status);
  for (const p of answer.body.problems || []) {
    const where = [p.sheet ? 'sheet ' + p.sheet : null, p.line ? 'line ' + p.line : null, p.column ? 'column ' + p.column : null]
      .filter(Boolean).join(', ');
    problems.append(el('li', { text: (where ? where + ': ' : '') + (p.field ? p.field + ': ' : '') + p.detail }));
  }
}

// ---- the plots of one submission

async function showPlots(id) {
  const answer = await api(base + '/submissions/' + id, { headers: authorized() });
  if (!answer.ok) return;
  const plots = document.getElementById('plots');
  const rows = answer.body.residuals || [];
  document.getElementById('plots-hint').textContent = answer.body.residuals === undefined
    ? 'Row by row plots open at the reveal: until then a residual beside its prediction would give the measurement away.'
    : rows.length === 0 ? 'No row to show.' : 'Every row, with the measurement\'s standard uncertainty u as error bars.';
  drawPlots(plots, rows);
  // before the reveal the hint says why there is no row plot: "No row to show" would say there is nothing at all
  if (answer.body.residuals === undefined) plots.replaceChildren();
  const drawn = drawSamplePlots(document.getElementById('sample-plots'), answer.body.plots);
  const sampleHint = document.getElementById('sample-plots-hint');
  sampleHint.hidden = drawn === 0;
  sampleHint.textContent = answer.body.residuals === undefined
    ? 'Your predicted curves and distributions, sample by sample: the measured ones, and the PIT histogram of u-pooling, show at the reveal.'
    : 'Each sample\'s predicted curve or distribution against the measured one, and the PIT histogram of u-pooling.';
  document.getElementById('plots-section').hidden = false;
  document.getElementById('plots-section').scrollIntoView({ block: 'start' });
}

/** A parity plot and a residual plot for each quantity of the rows, into {@code box}, replacing what it held. */
function drawPlots(box, rows) {
  for (const chart of state.charts.filter(c => box.contains(c.canvas))) chart.destroy();
  state.charts = state.charts.filter(c => c.canvas && c.canvas.isConnected && !box.contains(c.canvas));
  box.replaceChildren();
  if (typeof Chart === 'undefined') return;
  for (const q of state.challenge.quantities) {
    const mine = rows.filter(r => r.quantity === q.id && typeof r.measured === 'number' && typeof r.predicted === 'number' && typeof r.residual === 'number');
    if (mine.length === 0) continue;
    box.append(parityPlot(q, mine), residualPlot(q, mine));
  }
  if (!box.hasChildNodes()) box.append(el('p', { class: 'hint', text: 'No row to show.' }));
}

function plotBox(title, label) {
  const canvas = el('canvas', { role: 'img', 'aria-label': label });
  return { box: el('div', { class: 'plot' }, el('h4', { text: title }), el('div', { class: 'chart-box' }, canvas)), canvas };
}

/**
 * Draws each point's uncertainty as a bar, along x (the parity plot's measurement) or y (a residual), with the scales
 * Chart.js laid out: bars drawn as data points of their own would need gaps, which Chart.js does not draw reliably.
 */
const errorBars = {
  id: 'errorBars',
  afterDatasetsDraw(chart, args, options) {
    const { ctx, chartArea, scales } = chart;
    const data = chart.data.datasets[0].data;
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    ctx.strokeStyle = options.color || '#b4441d';
    ctx.lineWidth = 1.5;
    for (const p of data) {
      const u = p.row && p.row.uncertainty;
      if (!(u > 0)) continue;
      const along = options.axis === 'y';
      const [from, to] = along ? [scales.y.getPixelForValue(p.y - u), scales.y.getPixelForValue(p.y + u)]
        : [scales.x.getPixelForValue(p.x - u), scales.x.getPixelForValue(p.x + u)];
      const fixed = along ? scales.x.getPixelForValue(p.x) : scales.y.getPixelForValue(p.y);
      ctx.beginPath();
      for (const [a, b, c, d] of [[from, fixed, to, fixed], [from, fixed - 3, from, fixed + 3], [to, fixed - 3, to, fixed + 3]]) {
        if (along) { ctx.moveTo(b, a); ctx.lineTo(d, c); } else { ctx.moveTo(a, b); ctx.lineTo(c, d); }
      }
      ctx.stroke();
    }
    ctx.restore();
  }
};

function rowLabel(r) {
  return [r.sample_id, r.point, r.component].filter(Boolean).join(' ');
}

function parityPlot(q, rows) {
  const points = rows.map(r => ({ x: r.measured, y: r.predicted, row: r }));
  const reach = Math.max(0, ...rows.map(r => r.uncertainty || 0));
  const values = points.map(p => p.x).concat(points.map(p => p.y));
  const [low, high, step] = niceRange(Math.min(...values) - reach, Math.max(...values) + reach);
  const unit = unitShown(q.unit);
  const { box, canvas } = plotBox(q.id + ': predicted against measured' + (unit ? ' [' + unit + ']' : ''), 'Parity plot of ' + q.id);
  // both axes on one range, so that the identity line is the diagonal
  const axis = text => ({ type: 'linear', min: low, max: high, ticks: { stepSize: step }, title: { display: true, text } });
  state.charts.push(new Chart(canvas, {
    type: 'scatter',
    data: { datasets: [
      { label: 'rows', data: points, backgroundColor: '#1d5fa8', pointRadius: 3 },
      { type: 'line', label: 'predicted = measured', data: [{ x: low, y: low }, { x: high, y: high }], borderColor: '#888', borderDash: [4, 4], pointRadius: 0 },
      { type: 'line', label: 'measured ± u', data: [], borderColor: '#b4441d', backgroundColor: '#b4441d' }
    ] },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: { x: axis('measured' + (unit ? ' [' + unit + ']' : '')), y: axis('predicted' + (unit ? ' [' + unit + ']' : '')) },
      plugins: { errorBars: { axis: 'x' }, legend: { labels: { boxWidth: 14 } },
        tooltip: { filter: t => t.datasetIndex === 0,
          callbacks: { label: t => rowLabel(t.raw.row) + ': predicted ' + figure(t.raw.y) + ', measured ' + figure(t.raw.x)
            + (t.raw.row.uncertainty ? ' ± ' + figure(t.raw.row.uncertainty) : '') } } }
    },
    plugins: [errorBars]
  }));
  return box;
}

/** The range widened to a round step of 1, 2 or 5 times a power of ten, some 4 to 8 steps: round ticks on both ends. */
function niceRange(low, high) {
  const width = high - low || Math.abs(high) * 0.1 || 1;
  const power = Math.pow(10, Math.floor(Math.log10(width / 8)));
  const step = [1, 2, 5, 10].map(f => f * power).find(s => width / s <= 8);
  const from = Math.floor(low / step) * step, to = Math.ceil(high / step) * step;
  return [from === low ? from - step : from, to === high ? to + step : to, step];
}

function residualPlot(q, rows) {
  const labels = rows.map(rowLabel);
  const unit = unitShown(q.unit);
  // the error bars and zero inside the plot: a residual of 2 with u = 5 shows its bar whole
  const [bottom, top, step] = niceRange(Math.min(0, ...rows.map(r => r.residual - (r.uncertainty || 0))),
    Math.max(0, ...rows.map(r => r.residual + (r.uncertainty || 0))));
  const { box, canvas } = plotBox(q.id + ': residual by ' + (q.kind === 'scalar' ? 'sample' : 'sample and point') + (unit ? ' [' + unit + ']' : ''),
    'Residuals of ' + q.id);
  state.charts.push(new Chart(canvas, {
    type: 'scatter',
    data: { datasets: [
      { label: 'residual', data: rows.map((r, i) => ({ x: i, y: r.residual, row: r })), backgroundColor: '#1d5fa8', pointRadius: 3 },
      { type: 'line', label: 'zero', data: [{ x: -0.5, y: 0 }, { x: rows.length - 0.5, y: 0 }], borderColor: '#888', borderDash: [4, 4], pointRadius: 0 }
    ] },
    options: {
      animation: false, maintainAspectRatio: false,
      // one tick per row, on the row: the half-row margins keep the first and last points off the axes
      scales: { x: { type: 'linear', min: -0.5, max: rows.length - 0.5, afterBuildTicks: axis => { axis.ticks = rows.map((r, i) => ({ value: i })); },
        ticks: { autoSkip: true, callback: v => labels[v] || '' } },
        y: { min: bottom, max: top, ticks: { stepSize: step }, title: { display: true, text: 'predicted − measured' + (unit ? ' [' + unit + ']' : '') } } },
      plugins: { errorBars: { axis: 'y' }, legend: { display: false },
        tooltip: { filter: t => t.datasetIndex === 0, callbacks: { label: t => labels[t.raw.x] + ': ' + figure(t.raw.y)
          + (t.raw.row.uncertainty ? ' (u ' + figure(t.raw.row.uncertainty) + ')' : '') } } }
    },
    plugins: [errorBars]
  }));
  return box;
}

start();
