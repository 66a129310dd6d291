'use strict';
// A challenge page: the definition, joining it (its terms) where it takes registrations, the live leaderboard, the
// team's panel with uploads (by a team token, or as a signed-in member), and the plots of a submission; once revealed,
// it leads with the final ranking. Team names, file names and descriptions are always inserted as text.

const challengeId = decodeURIComponent(location.pathname.split('/').pop());
const base = '/api/challenges/' + encodeURIComponent(challengeId);
const state = { challenge: null, board: null, previousRanks: new Map(), sort: { key: 'rank', dir: 1 }, charts: [], me: null, teamId: null };

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
  const answer = await api(base);
  const status = document.getElementById('page-status');
  if (!answer.ok) {
    status.textContent = answer.body.detail || 'This challenge could not be loaded.';
    return;
  }
  status.textContent = '';
  state.challenge = answer.body;
  showOverview(answer.body);
  showDetails(answer.body);
  state.me = await session.signedIn();
  if (answer.body.registration) showRegistration(answer.body);
  document.getElementById('team-section').hidden = false;
  setUpTeamPanel();
  await refreshBoard();
  if (answer.body.status === 'revealed') {
    await showFinal(answer.body);
    return;  // the boards of a revealed challenge no longer change: nothing to listen for
  }
  subscribe();
}

function showOverview(c) {
  document.title = c.title + ' · amchallenge';
  document.getElementById('title').textContent = c.title;
  const badge = document.getElementById('status');
  badge.textContent = c.status;
  badge.className = 'badge ' + c.status;
  document.getElementById('dates').textContent = 'open ' + when(c.opens) + ' to ' + when(c.closes) + ' UTC';
  document.getElementById('material').textContent = [c.material, c.process].filter(Boolean).join(' · ');
  document.getElementById('teams').textContent = c.teams + (c.teams === 1 ? ' team' : ' teams');
  // rendered on the server from Markdown with raw HTML escaped and unsafe links removed
  document.getElementById('description').innerHTML = c.description_html;
  document.getElementById('overview').hidden = false;
}

function showDetails(c) {
  const body = document.querySelector('#quantities tbody');
  for (const q of c.quantities) {
    body.append(el('tr', {}, el('td', {}, el('code', { text: q.id })), el('td', { text: q.name }), el('td', { text: q.unit }),
      el('td', { text: q.kind }), el('td', { text: q.primary }), el('td', { class: 'num', text: q.weight })));
  }
  const r = c.rules;
  const rules = document.getElementById('rules');
  const ranking = c.ranking.score === 'total_points' ? 'ranked by total points, higher is better'
    : 'ranked by the weighted mean of the unit-free primary metrics, lower is better';
  for (const line of [ranking, r.max_submissions_per_day + ' submissions a day (UTC), ' + r.max_submissions_total + ' in all',
    'teams of up to ' + r.max_team_size + '; ' + r.final_selections + ' submissions may be selected for the final ranking',
    'the public board uses ' + Math.round(c.split.public_fraction * 100) + ' % of the ' + c.split.by + 's; the final ranking the rest',
    c.ranking.ladder ? 'the public board follows the Ladder: it moves only on a significant improvement' : null,
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

// ---- the leaderboard

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

function columns() {
  const cols = [{ key: 'rank', label: 'Rank', num: true }, { key: 'team', label: 'Team' }, { key: 'score', label: 'Score', num: true }];
  for (const q of shownQuantities()) cols.push({ key: 'q:' + q.id, label: q.id, num: true, title: q.primary + ' of ' + q.name });
  cols.push({ key: 'entries', label: 'Entries', num: true }, { key: 'last_submission', label: 'Last submission (UTC)' });
  return cols;
}

function value(row, key) {
  return key.startsWith('q:') ? row.quantities[key.slice(2)] : row[key];
}

function showBoard(board) {
  state.board = board;
  const head = document.getElementById('board-head');
  head.replaceChildren();
  for (const col of columns()) {
    const sorted = state.sort.key === col.key ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none';
    const button = el('button', { type: 'button', 'aria-sort': sorted, title: col.title || null, text: col.label });
    button.addEventListener('click', () => {
      state.sort = { key: col.key, dir: state.sort.key === col.key ? -state.sort.dir : 1 };
      showBoard(state.board);
    });
    head.append(el('th', { scope: 'col', class: col.num ? 'num' : null }, button));
  }
  const rows = board.rows.slice().sort((a, b) => {
    const x = value(a, state.sort.key), y = value(b, state.sort.key);
    if (x === y) return a.rank - b.rank;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return (x < y ? -1 : 1) * state.sort.dir;
  });
  const body = document.getElementById('board-body');
  body.replaceChildren();
  const ranks = new Map();
  for (const row of rows) {
    ranks.set(row.team, row.rank);
    const before = state.previousRanks.get(row.team);
    const moved = state.previousRanks.size > 0 && before !== row.rank;
    const tr = el('tr', { class: [moved ? 'moved' : '', before && row.rank < before ? 'up' : '', before && row.rank > before ? 'down' : ''].join(' ').trim() || null });
    tr.dataset.team = row.team;
    tr.append(el('td', { class: 'num', text: row.rank }));
    tr.append(el('td', { text: row.team }));
    const score = el('td', { class: 'num' }, figure(row.score));
    if (row.score_interval) {
      score.append(el('br'), el('span', { class: 'interval', text: '95 %: ' + figure(row.score_interval[0]) + ' – ' + figure(row.score_interval[1]) }));
      if (row.indistinguishable_from_leader && row.rank > 1) score.append(el('br'), el('span', { class: 'tie', text: 'level with the leader' }));
    }
    tr.append(score);
    for (const q of shownQuantities()) tr.append(el('td', { class: 'num', text: figure(row.quantities[q.id]) }));
    tr.append(el('td', { class: 'num', text: row.entries }), el('td', { text: when(row.last_submission) }));
    body.append(tr);
  }
  state.previousRanks = ranks;
  document.getElementById('board-empty').hidden = rows.length > 0;
  document.getElementById('board-hint').textContent = board.updated_at ? 'Last change ' + when(board.updated_at) + ' UTC' : '';
  document.getElementById('board-section').hidden = false;
}

async function refreshHistory() {
  const answer = await api(base + '/history');
  if (!answer.ok || typeof Chart === 'undefined') return;
  const points = answer.body.best.map(p => ({ x: Date.parse(p.at), y: p.score, team: p.team }));
  const canvas = document.getElementById('history-chart');
  if (state.history) state.history.destroy();
  state.history = new Chart(canvas, {
    type: 'line',
    data: { datasets: [{ label: 'best public score', data: points, stepped: true, borderColor: '#b4441d', backgroundColor: '#b4441d' }] },
    options: {
      animation: false, maintainAspectRatio: false, parsing: false,
      scales: { x: { type: 'linear', ticks: { callback: v => new Date(v).toISOString().slice(0, 10) } }, y: { title: { display: true, text: 'score' } } },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: c => c.raw.team + ': ' + figure(c.raw.y) } } }
    }
  });
}

// ---- the final ranking, once revealed

async function showFinal(c) {
  const answer = await api(base + '/leaderboard?board=private');
  if (!answer.ok) return;
  const publicRows = new Map((state.board ? state.board.rows : []).filter(r => r.rank !== null && r.rank !== undefined).map(r => [r.team, r]));
  const rows = answer.body.rows;
  const share = Math.round((1 - c.split.public_fraction) * 100);
  document.getElementById('final-lead').textContent = 'Revealed ' + when(c.revealed_at || c.closes) + ' UTC. The final ranking scores '
    + 'each team\'s final submission on the held-out ' + share + ' % of the ' + c.split.by + 's, which no team saw before the reveal; '
    + 'the public board, ranked on the rest, is beside it.';
  document.getElementById('final-caption').textContent = 'Final ranking of ' + rows.length + (rows.length === 1 ? ' team' : ' teams')
    + ', best first: a ' + (c.ranking.score === 'total_points' ? 'higher' : 'lower') + ' score is better';
  finalHead();
  const body = document.getElementById('final-body');
  body.replaceChildren();
  for (const row of rows) {
    const before = publicRows.get(row.team);
    const tr = el('tr', { class: row.rank === 1 ? 'leader' : null });
    tr.dataset.team = row.team;
    tr.append(el('td', { class: 'num rank', text: row.rank === null || row.rank === undefined ? '–' : row.rank }), move(row.rank, before),
      el('th', { scope: 'row', text: row.team }), scoreCell(row));
    for (const q of c.quantities) tr.append(el('td', { class: 'num', text: figure(row.quantities[q.id]) }));
    tr.append(el('td', { class: 'num public', text: before ? before.rank : '–' }), el('td', { class: 'num public', text: before ? figure(before.score) : '–' }));
    body.append(tr);
  }
  document.getElementById('final-empty').hidden = rows.length > 0;
  await resultsLinks();
  document.getElementById('live').hidden = true;
  document.getElementById('board-heading').firstChild.textContent = 'Public leaderboard, as it stood at the close ';
  document.getElementById('final-section').hidden = false;
}

function finalHead() {
  const quantities = state.challenge.quantities;
  const groups = el('tr', {},
    el('th', { scope: 'colgroup', colspan: 4 + quantities.length, text: 'Final ranking, on the held-out part' }),
    el('th', { scope: 'colgroup', colspan: 2, class: 'public', text: 'Public board' }));
  const columns = el('tr', {},
    el('th', { scope: 'col', class: 'num', text: 'Rank' }),
    el('th', { scope: 'col', class: 'num' }, el('abbr', { title: 'places gained or lost from the public board', text: 'Move' })),
    el('th', { scope: 'col', text: 'Team' }), el('th', { scope: 'col', class: 'num', text: 'Final score' }));
  for (const q of quantities) columns.append(el('th', { scope: 'col', class: 'num', title: q.primary + ' of ' + q.name, text: q.id }));
  columns.append(el('th', { scope: 'col', class: 'num public', text: 'Rank' }), el('th', { scope: 'col', class: 'num public', text: 'Score' }));
  document.getElementById('final-head').replaceChildren(groups, columns);
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
      : gained < 0 ? ['▼' + -gained, 'down ' + count, 'down', String(gained)] : ['–', 'same place', 'same', '0'];
  }
  cell.dataset.move = places;
  cell.append(el('span', { class: 'move ' + kind, 'aria-hidden': 'true', text: shown }), el('span', { class: 'visually-hidden', text: said }));
  return cell;
}

function scoreCell(row) {
  const cell = el('td', { class: 'num score' }, figure(row.score));
  if (row.score_interval) {
    cell.append(el('br'), el('span', { class: 'interval', text: '95 %: ' + figure(row.score_interval[0]) + ' – ' + figure(row.score_interval[1]) }));
  }
  return cell;
}

/** The reference data, the results bundle and, where the server has one, the analysis of the ranking. */
async function resultsLinks() {
  const links = document.getElementById('results-links');
  const link = (href, label, what) => el('li', {}, el('a', { href, text: label }), el('span', { class: 'hint', text: what }));
  links.replaceChildren(
    link(base + '/reference', 'Reference data (CSV)', 'every measured value, with its uncertainty'),
    link(base + '/export', 'Results bundle (zip)', 'the definition, the reference data, every submission with its scores, both boards '
      + 'and a manifest of SHA-256 sums, to score again with amchallenge score --bundle'));
  const analysis = await api(base + '/analysis');
  if (analysis.ok) {
    links.append(link('/challenges/' + encodeURIComponent(challengeId) + '/analysis', 'Ranking analysis',
      'how far the final ranking can be trusted'));
  }
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
  document.getElementById('token-form').hidden = !shown;
  document.getElementById('token-hint').hidden = !shown;
  document.getElementById('use-token').hidden = shown;
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
    return;
  }
  document.getElementById('forget').hidden = !token();
  document.getElementById('team-heading').textContent = 'Your team: ' + answer.body.team;
  const chosen = (state.me && state.me.teams || []).find(t => t.name === answer.body.team);
  if (chosen && !token()) document.getElementById('team-select').value = chosen.id;
  const q = answer.body.quota;
  document.getElementById('quota').textContent = 'Today: ' + q.today.remaining + ' of ' + q.today.limit + ' submissions left (resets '
    + when(q.today.resets_at) + ' UTC) · in all: ' + q.total.remaining + ' of ' + q.total.limit + ' left · final selections: '
    + answer.body.selections.used + ' of ' + answer.body.selections.limit;
  const body = document.querySelector('#mine tbody');
  body.replaceChildren();
  for (const s of answer.body.submissions.slice().reverse()) {
    const select = el('button', { type: 'button', class: 'secondary', text: s.selected ? 'Unselect' : 'Select' });
    select.addEventListener('click', () => changeSelection(s));
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
    result.replaceChildren(el('span', { class: 'ok', text: 'Scored: ' + figure(answer.body.score) + (answer.body.ranked ? '' : ' (not ranked: not every row given)') }));
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
  state.charts.forEach(c => c.destroy());
  state.charts = [];
  const plots = document.getElementById('plots');
  plots.replaceChildren();
  const rows = answer.body.residuals || [];
  document.getElementById('plots-hint').textContent = answer.body.residuals === undefined
    ? 'Row by row plots open at the reveal: until then a residual beside its prediction would give the measurement away.'
    : rows.length === 0 ? 'No row to show.' : 'Every row, with the measurement\'s uncertainty as error bars.';
  for (const q of state.challenge.quantities) {
    const mine = rows.filter(r => r.quantity === q.id);
    if (mine.length === 0) continue;
    plots.append(parityPlot(q, mine), residualPlot(q, mine));
  }
  document.getElementById('plots-section').hidden = false;
  document.getElementById('plots-section').scrollIntoView({ block: 'start' });
}

function plotBox(title, label) {
  const canvas = el('canvas', { role: 'img', 'aria-label': label });
  return { box: el('div', { class: 'plot' }, el('h3', { text: title }), el('div', { class: 'chart-box' }, canvas)), canvas };
}

function parityPlot(q, rows) {
  const points = rows.map(r => ({ x: r.measured !== undefined ? r.measured : r.predicted - r.residual, y: r.predicted, row: r }));
  const xs = points.map(p => p.x).concat(points.map(p => p.y));
  const low = Math.min(...xs), high = Math.max(...xs);
  const bars = [];
  for (const p of points) {
    // a point of NaN breaks the line between two bars (a null point would stop Chart.js from drawing the chart at all)
    if (p.row.uncertainty) bars.push({ x: p.x - p.row.uncertainty, y: p.y }, { x: p.x + p.row.uncertainty, y: p.y }, { x: NaN, y: NaN });
  }
  const { box, canvas } = plotBox(q.id + ': predicted against measured [' + q.unit + ']', 'Parity plot of ' + q.id);
  state.charts.push(new Chart(canvas, {
    type: 'scatter',
    data: { datasets: [
      { type: 'scatter', label: 'rows', data: points, backgroundColor: '#1d5fa8' },
      { type: 'line', label: 'identity', data: [{ x: low, y: low }, { x: high, y: high }], borderColor: '#888', borderDash: [4, 4], pointRadius: 0 },
      { type: 'line', label: 'measurement ± u', data: bars, borderColor: '#b4441d', pointRadius: 0, spanGaps: false }
    ] },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: { x: { type: 'linear', title: { display: true, text: 'measured' } }, y: { title: { display: true, text: 'predicted' } } },
      plugins: { tooltip: { callbacks: { label: c => c.raw.row ? c.raw.row.sample_id + ' ' + (c.raw.row.point || '') + ': ' + figure(c.raw.y) : '' } } }
    }
  }));
  return box;
}

function residualPlot(q, rows) {
  const labels = rows.map(r => [r.sample_id, r.point, r.component].filter(Boolean).join(' '));
  const { box, canvas } = plotBox(q.id + ': residual by ' + (q.kind === 'scalar' ? 'sample' : 'sample and point') + ' [' + q.unit + ']',
    'Residuals of ' + q.id);
  state.charts.push(new Chart(canvas, {
    type: 'scatter',
    data: { datasets: [{ label: 'residual', data: rows.map((r, i) => ({ x: i, y: r.residual })), backgroundColor: '#b4441d' }] },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: { x: { type: 'linear', ticks: { stepSize: 1, callback: v => labels[v] || '' } }, y: { title: { display: true, text: 'predicted − measured' } } },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: c => labels[c.raw.x] + ': ' + figure(c.raw.y) } } }
    }
  }));
  return box;
}

start();
