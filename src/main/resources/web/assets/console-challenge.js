'use strict';
// The console of one challenge, in tabs: its overview (dates, counts, input files, reference data with the rescoring's
// progress), participants and roles, every submission (open one, download it, disqualify it or its team), the public and
// private boards side by side, closing and revealing, webhooks and the results bundle, and the audit log. A reviewer
// sees the same with every button that changes something hidden (the server refuses it anyway). Whatever a person or a
// team wrote (names, emails, file names, descriptions, reasons, problems) is inserted as text.

const challengeId = decodeURIComponent(location.pathname.split('/').pop());
const base = '/api/challenges/' + encodeURIComponent(challengeId);
const state = { challenge: null, row: null, role: null, submissions: [], opened: null, charts: [], events: null, dq: null, dialogMode: 'reveal', tab: null };
const TABS = ['overview', 'participants', 'submissions', 'boards', 'close', 'webhooks', 'audit'];

function changes() {
  return state.role !== 'reviewer';
}

function owns() {
  return state.role === 'owner' || state.role === 'admin';
}

function say(id, text, kind) {
  const node = document.getElementById(id);
  node.textContent = text || '';
  if (kind) node.className = kind;
}

(async function start() {
  const status = document.getElementById('page-status');
  const who = await session.signedIn();
  if (!who) {
    status.textContent = '';
    document.getElementById('sign-in-first-link').href = session.signInUrl('/sign-in');
    document.getElementById('sign-in-first').hidden = false;
    return;
  }
  const [mine, challenge] = await Promise.all([session.send('/api/me/challenges'), session.send(base)]);
  state.row = mine.ok ? mine.body.challenges.find(c => c.id === challengeId) : null;
  if (!challenge.ok || !state.row) {
    status.textContent = challenge.ok || challenge.status === 404
      ? 'You have no role on a challenge "' + challengeId + '". Its owner can make you an organizer or a reviewer.'
      : session.explain(challenge, 'This challenge could not be loaded.');
    return;
  }
  status.textContent = '';
  state.challenge = challenge.body;
  state.role = state.row.role;
  showHead();
  setUpTabs();
  setUpOverview();
  setUpParticipants();
  setUpSubmissions();
  setUpBoards();
  setUpCloseAndReveal();
  setUpWebhooks();
  const flash = new URLSearchParams(location.search);
  if (flash.has('published')) say('flash', 'Published. Upload the reference data to open it to teams.');
  else if (flash.has('updated')) say('flash', 'Updated: every submission was rescored.');
  showTab(TABS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'overview');
})();

/** Reads the challenge and its row of "my challenges" again, after a change that moves its status or counts. */
async function reload() {
  const [mine, challenge] = await Promise.all([session.send('/api/me/challenges'), session.send(base)]);
  if (mine.ok) state.row = mine.body.challenges.find(c => c.id === challengeId) || state.row;
  if (challenge.ok) state.challenge = challenge.body;
  showHead();
  showOverview();
  showCloseAndReveal();
}

function showHead() {
  const c = state.challenge;
  document.title = c.title + ' · Console · amchallenge';
  document.getElementById('challenge-head').hidden = false;
  say('title', c.title);
  const status = document.getElementById('status');
  status.textContent = state.row.status;
  status.className = 'badge ' + state.row.status;
  say('role', state.role);
  say('challenge-id', c.id);
  document.getElementById('public-link').href = '/challenges/' + encodeURIComponent(c.id);
  document.getElementById('edit-link').href = '/console/new?edit=' + encodeURIComponent(c.id);
  document.getElementById('read-only').hidden = changes();
  // a reviewer reads everything and changes nothing; roles are the owner's to give
  for (const node of document.querySelectorAll('.changes')) if (!changes()) node.hidden = true;
  for (const node of document.querySelectorAll('.owner-only')) node.hidden = !owns();
}

// ---- tabs

function setUpTabs() {
  for (const id of TABS) {
    document.getElementById('tab-' + id).addEventListener('click', () => {
      // a history entry per tab, without the jump to the section that setting location.hash makes: back and forward step through tabs
      if (location.hash !== '#' + id) history.pushState(null, '', location.pathname + location.search + '#' + id);
      showTab(id);
    });
  }
  // a hash typed or set by a link (hashchange), and back or forward over the tabs' entries (popstate)
  const follow = () => {
    const id = TABS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'overview';
    // one step back may fire both: the second finds the tab shown already
    if (id !== state.tab) showTab(id);
  };
  window.addEventListener('hashchange', follow);
  window.addEventListener('popstate', follow);
  document.querySelector('.tabs').addEventListener('keydown', event => {
    const at = TABS.indexOf(document.activeElement.id.replace('tab-', ''));
    if (at < 0 || (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft')) return;
    const next = TABS[(at + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    document.getElementById('tab-' + next).focus();
    document.getElementById('tab-' + next).click();
  });
}

const loaders = {
  overview: showOverview, participants: showParticipants, submissions: showSubmissions, boards: showBoards,
  close: showCloseAndReveal, webhooks: showWebhooks, audit: showAudit
};

function showTab(id) {
  state.tab = id;
  for (const other of TABS) {
    const tab = document.getElementById('tab-' + other);
    tab.setAttribute('aria-selected', String(other === id));
    tab.tabIndex = other === id ? 0 : -1;
    document.getElementById(other).hidden = other !== id;
  }
  loaders[id]();
}

/** Whether the challenge has its reference data; routes that need them answer 404 before. */
function drafted(messageId) {
  if (state.row.has_reference) return false;
  say(messageId, 'This part opens once the reference data are uploaded (Overview).');
  return true;
}

// ---- overview: dates, counts, inputs, reference

function setUpOverview() {
  document.getElementById('upload-inputs').addEventListener('click', uploadInputs);
  document.getElementById('upload-reference').addEventListener('click', uploadReference);
}

function fact(term, value) {
  const dd = el('dd');
  dd.append(value instanceof Node ? value : document.createTextNode(String(value)));
  return [el('dt', { text: term }), dd];
}

function showOverview() {
  const c = state.challenge;
  const r = state.row;
  const leader = r.leader ? el('span', {}, el('strong', { text: r.leader.team }), ' (' + figure(r.leader.score) + ')') : 'no ranked submission yet';
  document.getElementById('facts').replaceChildren(
    ...fact('Status', r.status), ...fact('Opens', when(c.opens) + ' UTC'), ...fact('Closes', when(c.closes) + ' UTC'),
    ...fact('Revealed', r.revealed_at ? when(r.revealed_at) + ' UTC' : c.reveal === 'manual' ? 'not yet (by an organizer)' : 'not yet (at the close)'),
    ...fact('Participants', r.participants.approved + ' approved, ' + r.participants.pending + ' pending'),
    ...fact('Teams', r.teams),
    ...fact('Submissions', r.submissions_today + ' today, ' + r.submissions_total + ' in all'),
    ...fact('Leader (private part)', leader));
  const inputs = document.getElementById('inputs');
  inputs.replaceChildren(...(c.inputs || []).map(name => {
    const link = el('a', { href: base + '/inputs/' + encodeURIComponent(name), text: name });
    const remove = el('button', { type: 'button', class: 'secondary small changes', text: 'Delete' });
    remove.hidden = !changes();
    session.confirmFirst(remove, 'Delete ' + name + '?', 'Delete', async () => {
      const answer = await session.send(base + '/inputs/' + encodeURIComponent(name), { method: 'DELETE' });
      say('inputs-result', answer.ok ? 'Deleted ' + name + '.' : session.explain(answer));
      if (answer.ok) await reload();
    });
    return el('li', {}, link, remove);
  }));
  document.getElementById('no-inputs').hidden = (c.inputs || []).length > 0;
  if (r.has_reference && document.getElementById('flash').textContent.startsWith('Published')) say('flash', '');
  say('reference-state', r.has_reference
    ? 'The reference data are uploaded.' : 'No reference data yet: the challenge is a draft that only its organizers see.');
  if (r.has_reference) {
    document.getElementById('reference-state').append(' ', el('a', { href: base + '/reference', text: 'Download them' }));
  }
}

async function uploadInputs() {
  const files = [...document.getElementById('input-files').files];
  if (files.length === 0) return say('inputs-result', 'Choose one or more files first.');
  for (const file of files) {
    say('inputs-result', 'Uploading ' + file.name + '…');
    const answer = await session.send(base + '/inputs/' + encodeURIComponent(file.name),
      { method: 'PUT', headers: { 'Content-Type': file.type || 'application/octet-stream' }, body: file });
    if (!answer.ok) return say('inputs-result', file.name + ': ' + session.explain(answer));
  }
  say('inputs-result', 'Uploaded ' + files.map(f => f.name).join(', ') + '.');
  document.getElementById('input-files').value = '';
  await reload();
}

/** Uploads the reference CSV; while the server rescores, its progress is asked every half second. */
async function uploadReference() {
  const file = document.getElementById('reference-file').files[0];
  const problems = document.getElementById('reference-problems');
  problems.replaceChildren();
  document.getElementById('reference-report').hidden = true;
  if (!file) return say('reference-result', 'Choose a CSV file first.');
  say('reference-result', 'Uploading ' + file.name + '…');
  const bar = document.getElementById('rescoring-bar');
  bar.value = 0;
  document.getElementById('rescoring').hidden = false;
  const poll = setInterval(async () => {
    const progress = await session.send(base + '/rescoring');
    if (!progress.ok || !progress.body.running) return;
    bar.max = Math.max(progress.body.total, 1);
    bar.value = progress.body.done;
    say('rescoring-count', progress.body.done + ' of ' + progress.body.total + ' submissions');
  }, 500);
  const answer = await session.send(base + '/reference', { method: 'PUT', headers: { 'Content-Type': 'text/csv' }, body: file });
  clearInterval(poll);
  bar.max = 1;
  bar.value = answer.ok ? 1 : 0;
  if (!answer.ok) {
    document.getElementById('rescoring').hidden = true;
    const listed = answer.body.problems || [];
    say('reference-result', listed.length > 0 ? listed.length + (listed.length === 1 ? ' problem' : ' problems') + ' in the reference file:'
      : session.explain(answer, 'The reference data were refused.'), 'error');
    for (const p of listed) {
      const where = [p.line ? 'line ' + p.line : null, p.column ? 'column ' + p.column : null].filter(Boolean).join(', ');
      problems.append(el('li', { text: (where ? where + ': ' : '') + (p.field ? p.field + ': ' : '') + p.detail }));
    }
    return;
  }
  say('rescoring-count', answer.body.rescored_submissions + ' submissions rescored');
  say('reference-result', 'Stored: ' + answer.body.rows + ' rows (SHA-256 ' + answer.body.reference_sha256.slice(0, 12) + '…).', 'ok');
  showReport(answer.body.report);
  await reload();
}

function showReport(report) {
  if (!report) return;
  document.getElementById('report-facts').replaceChildren(...fact('Rows', report.rows), ...fact('Samples', report.samples),
    ...fact('Public part', report.public_rows + ' rows'), ...fact('Private part', report.private_rows + ' rows'));
  document.querySelector('#report-quantities tbody').replaceChildren(...Object.entries(report.quantities).map(([q, counts]) =>
    el('tr', {}, el('td', {}, el('code', { text: q })), el('td', { class: 'num', text: counts.rows }),
      el('td', { class: 'num', text: counts.with_uncertainty }))));
  document.getElementById('reference-report').hidden = false;
}

// ---- participants and roles

const STATUS_ORDER = { pending: 0, approved: 1, denied: 2, removed: 3 };

function setUpParticipants() {
  document.getElementById('export-participants').addEventListener('click', exportParticipants);
  document.getElementById('role-form').addEventListener('submit', async event => {
    event.preventDefault();
    const email = document.getElementById('role-email').value.trim();
    const answer = await session.send(base + '/roles/' + encodeURIComponent(email),
      { method: 'PUT', json: { role: document.getElementById('role-kind').value } });
    say('roles-result', answer.ok ? '' : session.explain(answer));
    if (answer.ok) {
      document.getElementById('role-email').value = '';
      showRoles();
    }
  });
}

async function showParticipants() {
  const r = state.challenge.registration;
  say('registration-rule', r ? 'Joining takes accepting the terms; approval is ' + r.approval
    + (r.allowed_email_domains.length ? ', for emails of ' + r.allowed_email_domains.join(', ') : '') + '.'
    : 'This challenge takes no registration: any team may upload.');
  const answer = await session.send(base + '/participants');
  if (!answer.ok) return say('participants-result', session.explain(answer));
  const list = answer.body.participants.slice().sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]
    || a.accepted_at.localeCompare(b.accepted_at));
  document.querySelector('#participant-table tbody').replaceChildren(...list.map(participantRow));
  document.getElementById('no-participants').hidden = list.length > 0;
  showRoles();
}

function participantRow(p) {
  const actions = el('td', { class: 'actions' });
  const decide = (label, status, kind) => {
    const button = el('button', { type: 'button', class: 'small ' + (kind || 'secondary'), 'data-status': status, text: label });
    button.addEventListener('click', async () => {
      button.disabled = true;
      const answer = await session.send(base + '/participants/' + encodeURIComponent(p.email), { method: 'PUT', json: { status } });
      say('participants-result', answer.ok ? '' : session.explain(answer));
      await showParticipants();
      reload();
    });
    return button;
  };
  if (changes()) {
    if (p.status === 'pending') actions.append(decide('Approve', 'approved', 'primary'), ' ', decide('Deny', 'denied'));
    else if (p.status === 'approved') actions.append(decide('Remove', 'removed'));
    else actions.append(decide('Approve', 'approved'));
  }
  return el('tr', { 'data-email': p.email },
    el('td', { 'data-label': 'Name', text: p.name }), el('td', { 'data-label': 'Email', text: p.email }),
    el('td', { 'data-label': 'Status' }, el('span', { class: 'badge ' + p.status, text: p.status })),
    el('td', { 'data-label': 'Accepted', text: when(p.accepted_at) }), actions);
}

/** The participants as the server's CSV, saved through a Blob: a plain link could not ask for text/csv. */
async function exportParticipants() {
  say('export-result', 'Exporting…');
  try {
    const response = await fetch(base + '/participants', { headers: { Accept: 'text/csv' }, credentials: 'same-origin' });
    if (!response.ok) return say('export-result', 'The export was refused (' + response.status + ').');
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', { href: url, download: challengeId + '-participants.csv' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    say('export-result', 'Saved ' + challengeId + '-participants.csv.');
  } catch (failure) {
    say('export-result', 'The server could not be reached.');
  }
}

async function showRoles() {
  const answer = await session.send(base + '/roles');
  if (!answer.ok) return say('roles-result', session.explain(answer));
  document.getElementById('roles').replaceChildren(...answer.body.roles.map(r => {
    const item = el('li', {}, el('span', { class: 'member-name', text: r.name }), el('span', { text: r.email }),
      el('span', { class: 'badge role', text: r.role }));
    if (owns() && r.role !== 'owner') {
      const remove = el('button', { type: 'button', class: 'secondary small', text: 'Remove' });
      session.confirmFirst(remove, 'Remove ' + r.email + '\'s role?', 'Remove', async () => {
        const done = await session.send(base + '/roles/' + encodeURIComponent(r.email), { method: 'DELETE' });
        say('roles-result', done.ok ? '' : session.explain(done));
        showRoles();
      });
      item.append(remove);
    }
    return item;
  }));
}

// ---- submissions

function setUpSubmissions() {
  document.getElementById('submission-filter').addEventListener('submit', event => {
    event.preventDefault();
    showSubmissions();
  });
  document.getElementById('close-panel').addEventListener('click', () => {
    document.getElementById('submission-panel').hidden = true;
    state.opened = null;
  });
  const dialog = document.getElementById('disqualify-dialog');
  const reason = document.getElementById('dq-reason');
  reason.addEventListener('input', () => { document.getElementById('dq-confirm').disabled = reason.value.trim() === ''; });
  document.getElementById('dq-cancel').addEventListener('click', () => dialog.close());
  document.getElementById('disqualify-form').addEventListener('submit', async event => {
    event.preventDefault();
    if (reason.value.trim() === '') return;
    const whole = document.querySelector('input[name=dq-what]:checked').value === 'team';
    const body = whole ? { team: state.dq.team, reason: reason.value.trim() } : { submission: state.dq.id, reason: reason.value.trim() };
    document.getElementById('dq-confirm').disabled = true;
    const answer = await session.send(base + '/disqualifications', { method: 'POST', json: body });
    if (!answer.ok) {
      say('dq-result', session.explain(answer));
      document.getElementById('dq-confirm').disabled = false;
      return;
    }
    dialog.close();
    await showSubmissions();
  });
}

async function showSubmissions() {
  if (drafted('submissions-status')) return;
  const query = new URLSearchParams();
  const team = document.getElementById('filter-team').value;
  const from = document.getElementById('filter-from').value;
  const to = document.getElementById('filter-to').value;
  if (team) query.set('team', team);
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  const answer = await session.send(base + '/submissions' + (query.toString() ? '?' + query : ''));
  if (!answer.ok) return say('submissions-status', session.explain(answer));
  state.submissions = answer.body.submissions;
  if (!team && !from && !to) fillTeamFilter(state.submissions);
  say('submissions-status', state.submissions.length + (state.submissions.length === 1 ? ' submission' : ' submissions')
    + (query.toString() ? ' match the filter' : '') + ', newest first.');
  document.querySelector('#submission-table tbody').replaceChildren(...state.submissions.map(submissionRow));
  showDisqualifications();
}

function fillTeamFilter(submissions) {
  const select = document.getElementById('filter-team');
  const teams = [...new Set(submissions.map(s => s.team))].sort((a, b) => a.localeCompare(b));
  select.replaceChildren(el('option', { value: '', text: 'every team' }), ...teams.map(t => el('option', { value: t, text: t })));
}

function submissionRow(s) {
  const open = el('button', { type: 'button', class: 'secondary small', text: 'Open' });
  open.addEventListener('click', () => openSubmission(s.id));
  const download = el('a', { href: base + '/submissions/' + encodeURIComponent(s.id) + '/file', class: 'small-link', text: 'Download' });
  const actions = el('td', { class: 'actions' }, open, ' ', download);
  if (changes() && !s.disqualified && state.row.status !== 'revealed') {
    const out = el('button', { type: 'button', class: 'danger small', text: 'Disqualify…' });
    out.addEventListener('click', () => askDisqualification(s));
    actions.append(' ', out);
  }
  const stateCell = el('td', { class: 'state' });
  if (s.disqualified) stateCell.append(el('span', { class: 'dq-why', text: 'disqualified: ' + s.disqualified.reason }));
  else stateCell.append(s.selected ? 'selected' : '', s.public.ranked ? '' : (s.selected ? ', ' : '') + 'not ranked');
  return el('tr', { 'data-submission': s.id, class: s.disqualified ? 'out' : null },
    el('td', { text: when(s.submitted_at) }), el('td', { class: 'team', text: s.team }), el('td', { class: 'file', text: s.file_name || s.format }),
    el('td', { class: 'num' }, el('span', { class: 'struck', text: figure(s.public.score) })),
    el('td', { class: 'num' }, el('span', { class: 'struck', text: figure(s.private.score) })), stateCell, actions);
}

function askDisqualification(s) {
  state.dq = s;
  say('dq-submission-label', 'This submission: ' + (s.file_name || s.format) + ' of ' + when(s.submitted_at) + ' UTC');
  say('dq-team-label', 'Every submission of team ' + s.team);
  document.querySelector('input[name=dq-what][value=submission]').checked = true;
  document.getElementById('dq-reason').value = '';
  document.getElementById('dq-confirm').disabled = true;
  say('dq-result', '');
  document.getElementById('disqualify-dialog').showModal();
  document.getElementById('dq-reason').focus();
}

async function showDisqualifications() {
  const answer = await session.send(base + '/disqualifications');
  const list = answer.ok ? answer.body.disqualifications : [];
  document.getElementById('disqualified-box').hidden = list.length === 0;
  document.getElementById('disqualifications').replaceChildren(...list.map(d => {
    const item = el('li', {}, el('span', { class: 'member-name', text: d.submission ? 'Submission of ' + d.team : 'Team ' + d.team }),
      el('span', { text: d.reason }), el('span', { class: 'hint', text: 'by ' + d.actor + ', ' + when(d.at) + ' UTC' }));
    if (changes() && state.row.status !== 'revealed') {
      const undo = el('button', { type: 'button', class: 'secondary small', text: 'Reinstate' });
      session.confirmFirst(undo, 'Reinstate?', 'Reinstate', async () => {
        await session.send(base + '/disqualifications/' + encodeURIComponent(d.id), { method: 'DELETE' });
        showSubmissions();
      });
      item.append(undo);
    }
    return item;
  }));
}

// ---- one submission: scores on every part, description and method card, parity plots, residuals

async function openSubmission(sid) {
  const answer = await session.send(base + '/submissions/' + encodeURIComponent(sid));
  if (!answer.ok) return say('submissions-status', session.explain(answer));
  const s = answer.body;
  state.opened = sid;
  say('submission-heading', s.team + ' · ' + when(s.submitted_at) + ' UTC');
  const listed = state.submissions.find(x => x.id === sid);
  const meta = document.getElementById('submission-meta');
  meta.replaceChildren((s.file_name || s.format) + ' · ' + s.rows + ' rows · scorer ' + s.scorer_version + ' · ',
    el('a', { href: base + '/submissions/' + encodeURIComponent(sid) + '/file', text: 'download the file' }));
  if (listed && listed.disqualified) meta.append(' · ', el('span', { class: 'dq-why', text: 'disqualified: ' + listed.disqualified.reason }));
  showPartScores(s);
  showDescription(document.getElementById('submission-description'), s);
  const method = document.getElementById('method-fields');
  method.replaceChildren(...Object.entries(s.method || {})
    .flatMap(([field, value]) => fact(field, Array.isArray(value) ? value.join(', ') : String(value))));
  method.hidden = method.childElementCount === 0;
  showParity(s.residuals || []);
  document.getElementById('sample-plots-heading').hidden = drawSamplePlots(document.getElementById('sample-plots'), s.plots) === 0;
  document.querySelector('#residuals tbody').replaceChildren(...(s.residuals || []).map(r => el('tr', {},
    el('td', { text: r.sample_id }), el('td', { text: r.quantity }), el('td', { text: r.point || '' }), el('td', { text: r.component || '' }),
    el('td', { text: r.part }), el('td', { class: 'num', text: figure(r.predicted) }), el('td', { class: 'num', text: figure(r.measured) }),
    el('td', { class: 'num', text: figure(r.uncertainty) }), el('td', { class: 'num', text: figure(r.residual) }))));
  const panel = document.getElementById('submission-panel');
  panel.hidden = false;
  panel.scrollIntoView({ block: 'start' });
}

/** The model description as its Markdown reads, where the server rendered it; else its text as typed. */
function showDescription(node, s) {
  const rendered = typeof s.description_html === 'string' && s.description_html.trim() !== '';
  // innerHTML is safe here only because the server renders description_html with every raw HTML tag of the text escaped
  if (rendered) node.innerHTML = s.description_html;
  else node.textContent = s.description || 'No description was given.';
  node.className = rendered ? 'prose' : 'prose pre-text';
}

/** A row per part (public, private, all rows), a column per quantity's metrics, the primary one first and in bold. */
function showPartScores(s) {
  const parts = [['public', { score: s.public_score !== undefined ? s.public_score : s.score, ranked: s.ranked, quantities: s.quantities }],
    ['private', s.private], ['all rows', s.all]].filter(([, p]) => p);
  const quantities = state.challenge.quantities;
  document.querySelector('#part-scores thead').replaceChildren(el('tr', {}, el('th', { scope: 'col', text: 'Part' }),
    el('th', { scope: 'col', class: 'num', text: 'Score' }), ...quantities.map(q => el('th', { scope: 'col', text: q.id }))));
  document.querySelector('#part-scores tbody').replaceChildren(...parts.map(([name, p]) => el('tr', { 'data-part': name },
    el('th', { scope: 'row', text: name }), el('td', { class: 'num', text: figure(p.score) + (p.ranked === false ? ' (not ranked)' : '') }),
    ...quantities.map(q => el('td', { class: 'metrics' }, metricsOf(q, (p.quantities || {})[q.id]))))));
}

/** The primary metric in bold on its line, then every other metric the server computed (a metric it could not is left out). */
function metricsOf(q, metrics) {
  if (!metrics) return '–';
  const others = Object.keys(metrics).filter(m => m !== q.primary && m !== 'primary' && metrics[m] !== null && metrics[m] !== undefined);
  return el('span', {}, el('strong', { class: 'primary-metric', text: q.primary + ' ' + figure(metrics[q.primary]) }),
    el('span', { class: 'other-metrics', text: others.map(m => m + ' ' + figure(metrics[m])).join(' · ') }));
}

function showParity(rows) {
  state.charts.forEach(c => c.destroy());
  state.charts = [];
  const plots = document.getElementById('parity-plots');
  plots.replaceChildren();
  if (typeof Chart === 'undefined') return;
  for (const q of state.challenge.quantities) {
    const mine = rows.filter(r => r.quantity === q.id && r.measured !== undefined && r.measured !== null);
    if (mine.length === 0) continue;
    const canvas = el('canvas', { role: 'img', 'aria-label': 'Predicted against measured, ' + q.id });
    plots.append(el('div', { class: 'plot' }, el('h5', { text: q.id + ' [' + unitShown(q.unit) + ']' }), el('div', { class: 'chart-box' }, canvas)));
    const values = mine.flatMap(r => [r.measured, r.predicted]);
    const low = Math.min(...values), high = Math.max(...values);
    const part = name => mine.filter(r => r.part === name).map(r => ({ x: r.measured, y: r.predicted, row: r }));
    state.charts.push(new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [
        { label: 'public rows', data: part('public'), backgroundColor: '#1d5fa8' },
        { label: 'private rows', data: part('private'), backgroundColor: '#b4441d', pointStyle: 'rectRot', pointRadius: 4 },
        { type: 'line', label: 'y = x', data: [{ x: low, y: low }, { x: high, y: high }], borderColor: '#888', borderDash: [4, 4], pointRadius: 0 }
      ] },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: { x: { type: 'linear', title: { display: true, text: 'measured' } }, y: { title: { display: true, text: 'predicted' } } },
        plugins: { tooltip: { callbacks: { label: c => c.raw.row
          ? [c.raw.row.sample_id, c.raw.row.point, c.raw.row.component].filter(Boolean).join(' ') + ': ' + figure(c.raw.y) : 'y = x' } } }
      }
    }));
  }
}

// ---- boards

function setUpBoards() {
  document.getElementById('refresh-boards').addEventListener('click', showBoards);
  document.getElementById('baseline-form').addEventListener('submit', addBaseline);
  // a reviewer reads the baselines, and changes none; once revealed, the boards are final, baselines with them
  document.getElementById('baseline-form').hidden = !changeableBaselines();
}

async function showBoards() {
  if (drafted('boards-result')) return;
  const [open, final] = await Promise.all([session.send(base + '/leaderboard'), session.send(base + '/leaderboard?board=private')]);
  fillBoard('public-board', open);
  fillBoard('private-board', final);
  say('boards-result', 'As of ' + when(new Date().toISOString()) + ' UTC.');
  await showBaselines();
  listen();
}

// ---- baselines: reference models shown on every board, never ranked

function changeableBaselines() {
  return changes() && state.row.status !== 'revealed';
}

async function showBaselines() {
  document.getElementById('baseline-form').hidden = !changeableBaselines();
  const answer = await session.send(base + '/baselines');
  const list = document.getElementById('baselines');
  if (!answer.ok) return say('baselines-result', session.explain(answer));
  list.replaceChildren(...answer.body.baselines.map(b => {
    const item = el('li', { 'data-baseline': b.id }, el('strong', { text: b.name }), ' ',
      el('span', { class: 'badge baseline-badge', text: 'baseline' }),
      el('span', { class: 'hint', text: ' public score ' + figure(b.score) + (b.private ? ', private ' + figure(b.private.score) : '')
        + ', added ' + when(b.added_at) + ' UTC' + (b.file_name ? ' from ' + b.file_name : '') }));
    if (b.description) item.append(el('div', { class: 'hint', text: b.description }));
    if (changeableBaselines()) {
      const remove = el('button', { type: 'button', class: 'secondary small', text: 'Remove' });
      remove.addEventListener('click', async () => {
        const removed = await session.send(base + '/baselines/' + encodeURIComponent(b.id), { method: 'DELETE' });
        say('baselines-result', removed.ok ? 'Removed ' + b.name + ' from every board.' : session.explain(removed));
        await showBoards();
      });
      item.append(' ', remove);
    }
    return item;
  }));
  document.getElementById('no-baselines').hidden = answer.body.baselines.length > 0;
}

async function addBaseline(event) {
  event.preventDefault();
  const file = document.getElementById('baseline-file').files[0];
  const name = document.getElementById('baseline-name').value.trim();
  if (!file || !name) return say('baselines-result', 'Choose a file and give the baseline a name.');
  const form = new FormData();
  form.append('file', file, file.name);
  const description = document.getElementById('baseline-description').value.trim();
  if (description) form.append('description', description);
  say('baselines-result', 'Scoring ' + file.name + '…');
  const answer = await session.send(base + '/baselines?name=' + encodeURIComponent(name), { method: 'POST', body: form });
  if (!answer.ok) return say('baselines-result', session.explain(answer));
  say('baselines-result', 'Added ' + answer.body.name + ': public score ' + figure(answer.body.score) + '.');
  document.getElementById('baseline-form').reset();
  await showBoards();
}

function fillBoard(id, answer) {
  const body = document.querySelector('#' + id + ' tbody');
  if (!answer.ok) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 3, text: session.explain(answer) })));
    return;
  }
  const rows = answer.body.rows;
  if (rows.length === 0) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 3, class: 'hint', text: 'No ranked submission yet.' })));
    return;
  }
  body.replaceChildren(...rows.map(r => el('tr', { class: r.disqualified ? 'out' : r.baseline ? 'baseline' : null },
    el('td', { class: 'num', text: r.rank === null || r.rank === undefined ? '–' : String(r.rank) }),
    el('td', { class: 'team' }, el('span', { class: 'struck', text: r.team }),
      r.baseline ? el('span', { class: 'badge baseline-badge', text: 'baseline' }) : null,
      r.disqualified ? el('span', { class: 'dq-why', text: 'disqualified: ' + r.disqualified.reason }) : null),
    el('td', { class: 'num' }, el('span', { class: 'struck', text: figure(r.score) }), r.score_interval
      ? el('span', { class: 'interval', text: figure(r.score_interval[0]) + ' – ' + figure(r.score_interval[1]) }) : null))));
}

/** The public board's event stream: each change refreshes both boards (the private one moves with it). */
function listen() {
  if (state.events || state.row.status === 'revealed' || typeof EventSource === 'undefined') return;
  const live = document.getElementById('live');
  state.events = new EventSource(base + '/leaderboard/events');
  let first = true;
  state.events.addEventListener('leaderboard', () => {
    if (first) { first = false; return; }
    if (!document.getElementById('boards').hidden) showBoards();
  });
  state.events.onopen = () => live.classList.remove('off');
  state.events.onerror = () => live.classList.add('off');
}

// ---- close and reveal

/** A challenge that reveals its results at its close (reveal: on_close), still open: closing it now reveals it now. */
function closingReveals() {
  return state.challenge.reveal === 'on_close' && (state.row.status === 'open' || state.row.status === 'upcoming');
}

function setUpCloseAndReveal() {
  const closeNow = document.getElementById('close-now');
  // registered before the second step's own listener, so that it can stop it: closing this one reveals it, which takes the dialog
  closeNow.addEventListener('click', event => {
    if (!closingReveals()) return;
    event.stopImmediatePropagation();
    openRevealDialog('close');
  });
  session.confirmFirst(closeNow, 'Close it now? No upload is taken after.', 'Close now', async () => {
    const answer = await session.send(base + '/close', { method: 'POST' });
    say('close-result', answer.ok ? '' : session.explain(answer));
    await reload();
    // the second step shows its button again once this returns: a closed challenge has none
    setTimeout(showCloseAndReveal);
  });
  const typed = document.getElementById('reveal-confirm-id');
  typed.addEventListener('input', revealReady);
  document.getElementById('close-too').addEventListener('change', revealReady);
  document.getElementById('reveal').addEventListener('click', () => openRevealDialog('reveal'));
  document.getElementById('reveal-cancel').addEventListener('click', () => document.getElementById('reveal-dialog').close());
  document.getElementById('reveal-form').addEventListener('submit', async event => {
    event.preventDefault();
    if (typed.value.trim() !== challengeId) return;
    document.getElementById('reveal-confirm').disabled = true;
    const closing = state.dialogMode === 'close';
    const closeToo = !document.getElementById('close-too-label').hidden;
    const answer = closing ? await session.send(base + '/close', { method: 'POST' })
      : await session.send(base + '/reveal' + (closeToo ? '?close_now=true' : ''), { method: 'POST' });
    if (!answer.ok) {
      say('reveal-dialog-result', session.explain(answer));
      revealReady();
      return;
    }
    document.getElementById('reveal-dialog').close();
    await reload();
    const at = closing ? state.row.revealed_at || new Date().toISOString() : answer.body.revealed_at;
    say(closing ? 'close-result' : 'reveal-result', (closing ? 'Closed and revealed at ' : 'Revealed at ') + when(at) + ' UTC. ', 'ok');
    document.getElementById(closing ? 'close-result' : 'reveal-result')
      .append(el('a', { href: '/challenges/' + encodeURIComponent(challengeId), text: 'See the public page' }));
  });
}

/**
 * The dialog that says what becomes public and wants the id typed: to reveal ({mode} 'reveal'), or to close a challenge
 * that reveals at its close ('close'), which reveals it as well.
 */
async function openRevealDialog(mode) {
  state.dialogMode = mode;
  const closing = mode === 'close';
  document.getElementById('reveal-confirm-id').value = '';
  document.getElementById('close-too').checked = false;
  say('reveal-id', challengeId);
  say('reveal-dialog-result', '');
  say('reveal-heading', closing ? 'Close now, and so reveal the results' : 'Reveal the results');
  say('reveal-intro', closing ? 'This challenge reveals its results when it closes (reveal: on_close), so closing it now also reveals '
    + 'them now. No upload is taken after, and everyone will then read:' : 'Everyone will then read:');
  say('reveal-confirm', closing ? 'Close and reveal now' : 'Reveal now');
  const stillOpen = state.row.status === 'open' || state.row.status === 'upcoming';
  document.getElementById('close-too-label').hidden = closing || !stillOpen;
  say('close-too-text', 'It is open until ' + when(state.challenge.closes) + ' UTC: close it now, then reveal.');
  revealReady();
  document.getElementById('reveal-dialog').showModal();
  document.getElementById('reveal-confirm-id').focus();
  const reference = await fetch(base + '/reference', { credentials: 'same-origin' });
  if (reference.ok) {
    const rows = (await reference.text()).split(/\r?\n/).filter(line => line.trim() !== '').length - 1;
    say('reveal-reference', 'the reference data (' + rows + ' rows);');
  }
}

/** The dialog's button goes on once the id is typed (and, before the close, the close is agreed); until then it says why not. */
function revealReady() {
  const typedRight = document.getElementById('reveal-confirm-id').value.trim() === challengeId;
  const closeAsked = !document.getElementById('close-too-label').hidden && !document.getElementById('close-too').checked;
  const verb = state.dialogMode === 'close' ? 'close and reveal' : 'reveal';
  document.getElementById('reveal-confirm').disabled = !typedRight || closeAsked;
  say('reveal-why', !typedRight ? 'Type the challenge\'s id above to ' + verb + '.'
    : closeAsked ? 'It is still open: tick "close it now" above to reveal.' : '');
}

function showCloseAndReveal() {
  const status = state.row.status;
  const c = state.challenge;
  const open = status === 'open' || status === 'upcoming';
  const revealsAtClose = c.reveal === 'on_close';
  say('close-state', status === 'draft' ? 'A draft closes on its date; upload the reference data first.'
    : open && revealsAtClose ? 'Open until ' + when(c.closes) + ' UTC. It reveals its results when it closes: closing now stops every '
      + 'upload and reveals the results at once.'
      : open ? 'Open until ' + when(c.closes) + ' UTC. Closing now stops every upload at once.'
        : 'Closed at ' + when(c.closes) + ' UTC: no upload is taken.');
  const closeNow = document.getElementById('close-now');
  closeNow.hidden = !changes() || !open || status === 'draft';
  closeNow.textContent = open && revealsAtClose ? 'Close and reveal now…' : 'Close now';
  say('reveal-state', status === 'revealed' ? 'Revealed at ' + when(state.row.revealed_at || c.revealed_at || c.closes) + ' UTC: the results are final.'
    : status === 'draft' ? 'Nothing to reveal yet.'
      : revealsAtClose ? 'Revealed at the close, ' + when(c.closes) + ' UTC (reveal: on_close), or when it is closed early above.'
        : open ? 'Revealing before the close closes the challenge at that instant.'
          : 'Closed and not yet revealed: the private scores, the residuals and the reference data are still held out.');
  // a challenge revealed at its close has one button for both: a second one doing the same would make the reader wonder which
  document.getElementById('reveal').hidden = !changes() || status === 'revealed' || status === 'draft' || (open && revealsAtClose);
}

// ---- webhooks, results bundle, audit log

function setUpWebhooks() {
  document.getElementById('export-link').href = base + '/export';
  document.getElementById('webhook-form').addEventListener('submit', async event => {
    event.preventDefault();
    // the secret is made here from the browser's random numbers, sent once and shown once
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    const secret = [...bytes].map(b => b.toString(16).padStart(2, '0')).join('');
    const answer = await session.send(base + '/webhooks',
      { method: 'POST', json: { url: document.getElementById('webhook-url').value.trim(), secret } });
    say('webhook-result', answer.ok ? '' : session.explain(answer), 'error');
    if (!answer.ok) return;
    document.getElementById('webhook-url').value = '';
    document.getElementById('webhook-secret').value = secret;
    document.getElementById('webhook-secret-box').hidden = false;
    showWebhooks();
  });
  document.getElementById('copy-secret').addEventListener('click', () =>
    session.copy(document.getElementById('webhook-secret'), document.getElementById('copy-secret-result')));
}

async function showWebhooks() {
  const answer = await session.send(base + '/webhooks');
  if (!answer.ok) {
    document.getElementById('webhook-list').replaceChildren();
    if (answer.status === 403) return say('webhook-result', 'The webhooks and their URLs are the organizers\' to read.', 'hint');
    return say('webhook-result', session.explain(answer), 'error');
  }
  const hooks = answer.body.webhooks;
  document.getElementById('no-webhooks').hidden = hooks.length > 0;
  document.getElementById('webhook-list').replaceChildren(...hooks.map(h => {
    const last = (h.deliveries || [])[0];
    const item = el('li', {}, el('span', { class: 'member-name url', text: h.url }),
      el('span', { class: 'hint', text: (h.events || []).join(', ') || 'every event' }),
      el('span', { class: 'hint', text: last ? 'last delivery: ' + last.event + ', ' + last.outcome + ', ' + when(last.at) + ' UTC' : 'no delivery yet' }));
    if (changes()) {
      const remove = el('button', { type: 'button', class: 'secondary small', text: 'Delete' });
      session.confirmFirst(remove, 'Delete this webhook?', 'Delete', async () => {
        const done = await session.send(base + '/webhooks/' + encodeURIComponent(h.id), { method: 'DELETE' });
        say('webhook-result', done.ok ? '' : session.explain(done));
        showWebhooks();
      });
      item.append(remove);
    }
    return item;
  }));
}

async function showAudit() {
  const answer = await session.send(base + '/audit');
  const body = document.querySelector('#audit-table tbody');
  if (!answer.ok) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 4, text: session.explain(answer) })));
    return;
  }
  // newest first: the latest action is what an organizer looks for
  body.replaceChildren(...answer.body.actions.slice().reverse().map(a => el('tr', {},
    el('td', { text: when(a.at) }), el('td', { text: a.actor || '' }), el('td', {}, el('span', { class: 'badge', text: a.action })),
    el('td', { class: 'detail', text: a.detail || '' }))));
}
