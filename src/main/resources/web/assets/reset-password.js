'use strict';
// The page a password reset mail links to: the code comes in the address's fragment (#token=…), which no server or
// proxy log sees; it is taken from the address bar at once, then sent with the new password, typed twice.

(() => {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (!token) {
    document.getElementById('no-link').hidden = false;
    return;
  }
  history.replaceState(null, '', location.pathname);
  const form = document.getElementById('reset-form');
  const result = document.getElementById('reset-result');
  form.hidden = false;
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const password = document.getElementById('password').value;
    const again = document.getElementById('password-again').value;
    result.textContent = '';
    if (password.length < 10) {
      result.textContent = 'The new password needs 10 characters or more.';
      return;
    }
    if (password !== again) {
      result.textContent = 'The two passwords differ: type the same one twice.';
      return;
    }
    const button = document.getElementById('reset-button');
    button.disabled = true;
    // without the session's cookie: the link is the proof here, and a cookie would ask for the session's CSRF token
    const answer = await api('/api/accounts/password', {
      method: 'POST', credentials: 'omit',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ token, password })
    }).catch(() => ({ ok: false, status: 0, body: { detail: 'the server could not be reached; check the connection and try again' } }));
    button.disabled = false;
    if (answer.ok) {
      form.hidden = true;
      document.getElementById('done').hidden = false;
      return;
    }
    const body = answer.body || {};
    if (body.type === '/problems/link-not-valid') {
      form.hidden = true;
      document.getElementById('expired').hidden = false;
      return;
    }
    const listed = (body.problems || []).map(p => p.detail);
    result.textContent = listed.length > 0 ? 'The new password was not accepted: ' + listed.join('; ') + '.'
      : (body.detail ? body.detail.charAt(0).toUpperCase() + body.detail.slice(1) + '.' : 'The server answered ' + answer.status + '.');
  });
})();
