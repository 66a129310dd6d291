'use strict';
// The ranking analysis page: how far a challenge's final ranking can be trusted (SPEC "Ranking analysis").

const id = decodeURIComponent(location.pathname.split('/')[2]);
const base = '/api/challenges/' + encodeURIComponent(id);
const METHODS = ['official', 'aggregate_then_rank_mean', 'aggregate_then_rank_median', 'rank_then_aggregate', 'test_then_rank'];
const COLOURS = ['#1d5fa8', '#b4441d', '#2a7a3f', '#8a3ea8', '#a88a1d', '#1d8a8a', '#555', '#c0307a'];

async function start() {
  document.getElementById('back').href = '/challenges/' + encodeURIComponent(id);
  const [challenge, answer] = await Promise.all([api(base), api(base + '/analysis')]);
  const status = document.getElementById('page-status');
  if (challenge.ok) document.getElementById('title').textContent = 'Ranking analysis: ' + challenge.body.title;
  if (!answer.ok) {
    status.textContent = answer.status === 403 || answer.status === 401
      ? 'The ranking analysis opens when the organizers reveal the final results.'
      : (answer.body.detail || 'The analysis could not be loaded.');
    return;
  }
  status.textContent = '';
  const a = answer.body;
  document.getElementById('analysis').hidden = false;
  document.getElementById('summary').textContent = a.summary;
  document.getElementById('facts').textContent = a.teams.length + ' ranked teams, ' + a.samples + ' samples of the private part, '
    + a.bootstrap.resamples + ' bootstrap resamples' + (a.bootstrap.kendall_tau
      ? '; Kendall\'s tau-b with the full ranking: median ' + figure(a.bootstrap.kendall_tau.median) + ' (95 %: '
        + figure(a.bootstrap.kendall_tau.q025) + ' to ' + figure(a.bootstrap.kendall_tau.q975) + ')' : '') + '.';
  const link = document.getElementById('json-link');
  link.href = base + '/analysis';
  link.download = id + '-analysis.json';
  drawBlobs(a);
  drawSignificance(a);
  drawMethods(a);
}

// the axes run half a step beyond the first and last team (or rank), so that a blob is not cut: their ticks are set
// to the whole numbers, which a linear axis starting at -0.5 would not give
function teamAxis(teams, title) {
  return { type: 'linear', min: -0.5, max: teams.length - 0.5, title: { display: true, text: title },
    afterBuildTicks: axis => { axis.ticks = teams.map((_, i) => ({ value: i })); },
    ticks: { autoSkip: teams.length > 30, callback: v => teams[v] } };
}

function rankAxis(count) {
  return { type: 'linear', reverse: true, min: 0.5, max: count + 0.5, title: { display: true, text: 'rank' },
    afterBuildTicks: axis => { axis.ticks = Array.from({ length: count }, (_, i) => ({ value: i + 1 })); },
    ticks: { autoSkip: count > 30 } };
}

function drawBlobs(a) {
  const blobs = [];
  const medians = [];
  const intervals = [];
  const radius = Math.max(2, Math.min(18, 260 / Math.max(a.teams.length, 1)));
  a.teams.forEach((team, i) => {
    const ranks = a.bootstrap.ranks[team];
    if (!ranks) return;
    for (const [rank, share] of Object.entries(ranks.frequencies)) {
      blobs.push({ x: i, y: Number(rank), r: radius * Math.sqrt(share), share, team });
    }
    medians.push({ x: i, y: ranks.median, team });
    intervals.push({ x: i, y: ranks.interval[0] }, { x: i, y: ranks.interval[1] }, { x: i, y: null });
  });
  new Chart(document.getElementById('blob-chart'), {
    type: 'bubble',
    data: { datasets: [
      { label: 'share of resamples', data: blobs, backgroundColor: 'rgba(29,95,168,.45)', borderColor: '#1d5fa8' },
      { type: 'line', label: '95 % interval', data: intervals, borderColor: '#222', borderWidth: 1, pointRadius: 0, spanGaps: false },
      { type: 'scatter', label: 'median rank', data: medians, pointStyle: 'line', pointRadius: radius + 2, borderWidth: 3, borderColor: '#000' }
    ] },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: { x: teamAxis(a.teams, 'team (official order)'), y: rankAxis(a.teams.length) },
      plugins: { tooltip: { filter: t => t.datasetIndex !== 1, callbacks: { label: t => t.raw.share !== undefined
        ? t.raw.team + ': rank ' + t.raw.y + ' in ' + Math.round(100 * t.raw.share) + ' %' : t.raw.team + ': median rank ' + t.raw.y } } }
    }
  });
}

function drawSignificance(a) {
  const points = [];
  const n = a.teams.length;
  const superior = new Set(a.significance.superior.map(pair => pair[0] + '\u0000' + pair[1]));
  a.teams.forEach((row, i) => a.teams.forEach((column, j) => {
    if (i === j) return;
    points.push({ x: j, y: i, row, column, p: a.significance.p_values[row][column], significant: superior.has(row + '\u0000' + column) });
  }));
  const side = Math.max(2, Math.min(24, 320 / Math.max(n, 1)));
  new Chart(document.getElementById('significance-chart'), {
    type: 'scatter',
    data: { datasets: [{ label: 'row better than column', data: points, pointStyle: 'rect', pointRadius: side / 2, pointHoverRadius: side / 2,
      backgroundColor: points.map(p => p.significant ? '#2a9d5a' : '#e3e6ea'), borderColor: '#fff' }] },
    options: {
      animation: false, maintainAspectRatio: false, parsing: false,
      scales: { x: teamAxis(a.teams, 'compared with (column)'), y: Object.assign(teamAxis(a.teams, 'team (row)'), { reverse: true }) },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: t => t.raw.row + ' better than ' + t.raw.column
        + ': p = ' + figure(t.raw.p) + (t.raw.significant ? ' (significant)' : '') } } }
    }
  });
}

function drawMethods(a) {
  const datasets = a.teams.map((team, i) => ({
    label: team, data: METHODS.map(m => a.ranking_methods[m][team]), borderColor: COLOURS[i % COLOURS.length],
    backgroundColor: COLOURS[i % COLOURS.length], pointRadius: 3, tension: 0
  }));
  new Chart(document.getElementById('methods-chart'), {
    type: 'line',
    data: { labels: METHODS.map(m => m.replaceAll('_', ' ')), datasets },
    options: { animation: false, maintainAspectRatio: false, scales: { y: rankAxis(a.teams.length) },
      plugins: { legend: { display: a.teams.length <= 20 } } }
  });
}

start();
