'use strict';
// The console's editor of a challenge's definition: a YAML text with line numbers, loaded from a file or a starter
// example, checked by the server without storing anything (POST /api/challenges?dry_run=true), each problem a link to
// its line, a preview of the challenge page and of the blank template, then published. The last text published from
// this browser is kept per challenge in localStorage, which "Edit definition" loads again.

const editing = new URLSearchParams(location.search).get('edit');
const editor = document.getElementById('yaml');
const gutter = document.getElementById('gutter');

/** Where this browser keeps the last definition published for {id}. */
function storedKey(id) {
  return 'amc-console-yaml:' + id;
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
  status.textContent = '';
  document.getElementById('editor-section').hidden = false;
  setUpEditor();
  if (editing) showEditing(editing);
  else if (!(who.account.admin || who.account.creator)) {
    status.textContent = 'Creating a challenge needs a site admin\'s leave; you may still check a definition here.';
  }
})();

function showEditing(id) {
  document.getElementById('editor-heading').textContent = 'Edit the definition of ' + id;
  document.title = 'Edit ' + id + ' · Console · amchallenge';
  const crumb = document.getElementById('crumb-challenge-link');
  crumb.href = '/console/challenges/' + encodeURIComponent(id);
  crumb.textContent = id;
  document.getElementById('crumb-challenge').hidden = false;
  const kept = localStorage.getItem(storedKey(id));
  const source = document.getElementById('edit-source');
  source.textContent = kept !== null
    ? 'This is the text last published from this browser. Publishing it again updates the challenge (and rescores every submission).'
    : 'This browser has no copy of this challenge\'s file: load it with "Load file…" (the server keeps the challenge, not your YAML text).';
  source.hidden = false;
  if (kept !== null) setText(kept);
}

function setUpEditor() {
  editor.addEventListener('input', showLineNumbers);
  editor.addEventListener('scroll', () => { gutter.scrollTop = editor.scrollTop; });
  for (const event of ['keyup', 'click', 'select', 'focus']) editor.addEventListener(event, showCaret);
  // a tab key indents as YAML wants (two spaces) instead of leaving the editor
  editor.addEventListener('keydown', event => {
    if (event.key !== 'Tab' || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return;
    event.preventDefault();
    editor.setRangeText('  ', editor.selectionStart, editor.selectionEnd, 'end');
    showLineNumbers();
  });
  const file = document.getElementById('yaml-file');
  document.getElementById('load-file').addEventListener('click', () => file.click());
  file.addEventListener('change', async () => {
    if (!file.files[0]) return;
    setText(await file.files[0].text());
    document.getElementById('check-result').textContent = 'Loaded ' + file.files[0].name + '.';
    file.value = '';
  });
  document.getElementById('starter').addEventListener('click', () => {
    if (editor.value.trim() && !window.confirm('Replace the text in the editor with the starter example?')) return;
    setText(starterExample());
  });
  document.getElementById('check').addEventListener('click', () => check(true));
  document.getElementById('publish').addEventListener('click', publish);
  showLineNumbers();
}

function setText(text) {
  editor.value = text;
  editor.scrollTop = 0;
  showLineNumbers();
  document.getElementById('definition-problems').replaceChildren();
  document.getElementById('preview-section').hidden = true;
}

function showLineNumbers() {
  const lines = editor.value.split('\n').length;
  const numbers = [];
  for (let i = 1; i <= lines; i++) numbers.push(i);
  gutter.textContent = numbers.join('\n') + '\n';
  gutter.scrollTop = editor.scrollTop;
}

function showCaret() {
  const before = editor.value.slice(0, editor.selectionStart).split('\n');
  document.getElementById('caret').textContent = 'Line ' + before.length + ', column ' + (before[before.length - 1].length + 1);
}

/** Puts the caret at the start of {line} (1-based) and scrolls the editor to show it a third of the way down. */
function goToLine(line, column) {
  const lines = editor.value.split('\n');
  const index = Math.min(Math.max(line, 1), lines.length) - 1;
  let start = 0;
  for (let i = 0; i < index; i++) start += lines[i].length + 1;
  const caret = start + Math.max(0, Math.min((column || 1) - 1, lines[index].length));
  editor.focus();
  editor.setSelectionRange(caret, start + lines[index].length);
  const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 20;
  editor.scrollTop = Math.max(0, index * lineHeight - editor.clientHeight / 3);
  gutter.scrollTop = editor.scrollTop;
  showCaret();
}

function contentType() {
  return editor.value.trimStart().startsWith('{') ? 'application/json' : 'application/yaml';
}

async function check(showPreview) {
  const result = document.getElementById('check-result');
  result.textContent = 'Checking…';
  const answer = await session.send('/api/challenges?dry_run=true',
    { method: 'POST', headers: { 'Content-Type': contentType() }, body: editor.value });
  showProblems(answer);
  if (!answer.ok) return null;
  result.replaceChildren(el('span', { class: 'ok', text: 'No problem found: this definition can be published.' }));
  if (showPreview) showPreviewOf(answer.body);
  return answer.body;
}

/** The answer's problems, each with its line as a button that puts the caret there. */
function showProblems(answer) {
  const result = document.getElementById('check-result');
  const list = document.getElementById('definition-problems');
  list.replaceChildren();
  if (answer.ok) return;
  document.getElementById('preview-section').hidden = true;
  const problems = answer.body.problems || [];
  result.replaceChildren(el('span', { class: 'error', text: problems.length > 0
    ? problems.length + (problems.length === 1 ? ' problem' : ' problems') + ' to fix: choose one to go to its line.'
    : session.explain(answer, 'The definition was refused.') }));
  for (const p of problems) {
    const where = p.line ? 'line ' + p.line + (p.column ? ', column ' + p.column : '') : null;
    const said = (p.field ? p.field + ': ' : '') + p.detail;
    if (!where) {
      list.append(el('li', { text: said }));
      continue;
    }
    const go = el('button', { type: 'button', class: 'link problem-line', 'data-line': p.line, text: where });
    go.addEventListener('click', () => goToLine(p.line, p.column));
    list.append(el('li', {}, go, ' ', el('span', { text: said })));
  }
}

function showPreviewOf(preview) {
  const c = preview.challenge;
  document.getElementById('preview-title').textContent = c.title;
  document.getElementById('preview-summary').textContent = c.summary || '';
  document.getElementById('preview-dates').replaceChildren('open ', el('span', { class: 'nowrap', text: when(c.opens) }), ' to ',
    el('span', { class: 'nowrap', text: when(c.closes) + ' UTC' }));
  document.getElementById('preview-material').textContent = [c.material, c.process].filter(Boolean).join(' · ') || 'no material or process given';
  // rendered on the server from Markdown, with raw HTML escaped and unsafe links removed
  document.getElementById('preview-description').innerHTML = c.description_html || '';
  const rules = document.getElementById('preview-rules');
  rules.replaceChildren(...ruleLines(c).map(line => el('li', { text: line })));
  const body = document.querySelector('#preview-quantities tbody');
  body.replaceChildren(...c.quantities.map(q => el('tr', {},
    el('td', {}, el('code', { text: q.id })), el('td', { text: q.name || '' }), el('td', { text: unitShown(q.unit) }), el('td', { text: q.kind }),
    el('td', { text: q.primary }), el('td', { class: 'num', text: figure(q.weight) }))));
  showTemplate(preview.template_csv || '');
  document.getElementById('preview-section').hidden = false;
}

function ruleLines(c) {
  const r = c.rules;
  const lines = [
    r.max_submissions_per_day + ' submissions a day per team (UTC day), ' + r.max_submissions_total + ' in all',
    'teams of up to ' + r.max_team_size + (r.max_team_size === 1 ? ' member' : ' members'),
    'up to ' + r.final_selections + ' submissions selected for the final ranking',
    'split by ' + c.split.by + ': ' + Math.round(c.split.public_fraction * 100) + ' % of them on the public board',
    'ranked by ' + c.ranking.score.replace('_', ' ') + (c.ranking.ladder ? ', under the Ladder' : '')
      + ', figures to ' + c.ranking.precision + ' significant digits before the reveal',
    'reveal: ' + (c.reveal === 'manual' ? 'when an organizer reveals it' : 'at the close')];
  if (c.registration) {
    lines.push('registration with terms, approval ' + c.registration.approval
      + (c.registration.allowed_email_domains.length ? ', emails of ' + c.registration.allowed_email_domains.join(', ') : ''));
  }
  return lines;
}

/** The template's CSV (as the server writes it: no quoted commas in its cells) as a table, the header line as its head. */
function showTemplate(csv) {
  const lines = csv.split(/\r?\n/).filter(line => line.length > 0);
  const head = document.querySelector('#preview-template thead');
  const body = document.querySelector('#preview-template tbody');
  head.replaceChildren(el('tr', {}, ...(lines[0] || '').split(',').map(cell => el('th', { scope: 'col', text: cell }))));
  body.replaceChildren(...lines.slice(1, 201).map(line => el('tr', {}, ...line.split(',').map(cell => el('td', { text: cell })))));
  document.getElementById('template-hint').textContent = lines.length <= 1
    ? 'Its rows are filled in once the reference data are uploaded: one per sample, point and component the reference has.'
    : (lines.length - 1) + ' rows' + (lines.length > 201 ? ', the first 200 shown' : '') + '.';
}

async function publish() {
  const result = document.getElementById('check-result');
  result.textContent = 'Publishing…';
  const answer = await session.send('/api/challenges',
    { method: 'POST', headers: { 'Content-Type': contentType() }, body: editor.value });
  showProblems(answer);
  if (!answer.ok) return;
  localStorage.setItem(storedKey(answer.body.id), editor.value);
  result.replaceChildren(el('span', { class: 'ok', text: (answer.status === 201 ? 'Published' : 'Updated') + ': opening its console…' }));
  location.assign('/console/challenges/' + encodeURIComponent(answer.body.id) + (answer.status === 201 ? '?published=1' : '?updated=1'));
}

function starterExample() {
  const day = 86_400_000;
  const today = new Date(Math.floor(Date.now() / day) * day);
  const iso = date => date.toISOString().replace('.000Z', 'Z');
  return [
    '# A starter: replace every value, then Check. Its fields are described in the docs (formats.md).',
    'id: my-melt-pool-challenge          # [a-z0-9-]{3,64}, never changes',
    'title: IN625 single tracks: melt-pool depth and width',
    'summary: Predict the melt-pool geometry of single laser tracks on bare plate.',
    'description: |',
    '  Six single tracks on an IN625 plate, each at its own laser power and speed.',
    '  **Given**: the process parameters (see the input files). **Asked**: depth and width of each track.',
    'material: IN625',
    'process: L-PBF',
    'opens: ' + iso(today),
    'closes: ' + iso(new Date(today.getTime() + 90 * day)),
    'reveal: manual                      # on_close | manual',
    'rules:',
    '  max_submissions_per_day: 5',
    '  max_submissions_total: 100',
    '  max_team_size: 5',
    '  final_selections: 2',
    'split:',
    '  public_fraction: 0.5',
    '  seed: ' + (today.getUTCFullYear() * 10000 + (today.getUTCMonth() + 1) * 100 + today.getUTCDate()),
    '  by: sample                        # sample | point',
    'ranking:',
    '  score: weighted_mean              # weighted_mean | total_points',
    '  min_coverage: 1.0',
    '  precision: 6',
    'registration:',
    '  terms: |',
    '    Data may be used for publication only after the results paper.',
    '  approval: manual                  # auto | manual',
    '  allowed_email_domains: []',
    'quantities:',
    '  - id: depth',
    '    name: Melt-pool depth',
    '    unit: um',
    '    kind: scalar                    # scalar | profile | series | tensor | curve | distribution',
    '    primary: nmae',
    '    weight: 1',
    '  - id: width',
    '    name: Melt-pool width',
    '    unit: um',
    '    kind: scalar',
    '    primary: nrmse',
    '    weight: 1',
    '  # a curve, compared whole, predicted at any abscissa (point strain=<number>):',
    '  # - {id: flow_stress, unit: MPa, kind: curve, curve: {x: strain}, primary: curve_area}',
    '  # a distribution of observations per sample, compared with any number of predicted draws:',
    '  # - {id: grain_size, unit: um, kind: distribution, distribution: samples, primary: nwasserstein}',
    ''].join('\n');
}
