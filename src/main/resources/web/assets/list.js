'use strict';
// The challenge list: status, dates, material, process, number of teams.

(async function showChallenges() {
  const status = document.getElementById('list-status');
  const list = document.getElementById('challenges');
  const answer = await api('/api/challenges');
  if (!answer.ok) {
    status.textContent = 'The challenges could not be loaded: ' + (answer.body.detail || answer.status);
    return;
  }
  status.textContent = answer.body.challenges.length + ' challenges';
  for (const c of answer.body.challenges) {
    const teams = el('span', { text: '' });
    list.append(el('li', { class: 'card' },
      el('h2', {}, el('a', { href: '/challenges/' + encodeURIComponent(c.id), text: c.title })),
      el('p', { class: 'meta' }, el('span', { class: 'badge ' + c.status, text: c.status }), ' ',
        [c.material, c.process].filter(Boolean).join(' · ')),
      el('p', { text: c.summary || '' }),
      el('p', { class: 'hint' }, 'Open ' + when(c.opens) + ' to ' + when(c.closes) + ' · ', teams)));
    api('/api/challenges/' + encodeURIComponent(c.id)).then(detail => {
      if (detail.ok) teams.textContent = detail.body.teams + (detail.body.teams === 1 ? ' team' : ' teams');
    });
  }
})();
