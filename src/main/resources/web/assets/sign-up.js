'use strict';
// The sign-up page: name, email and a password of 10 characters or more; a new account is signed in at once, or,
// where the server sends mail, first verifies its email by a link.

(function signUpPage() {
  const back = session.returnTo('/account');
  document.getElementById('to-sign-in').href = '/sign-in' + (back === '/account' ? '' : '?return_to=' + encodeURIComponent(back));
  const result = document.getElementById('sign-up-result');
  document.getElementById('sign-up-form').addEventListener('submit', async event => {
    event.preventDefault();
    const name = document.getElementById('name').value.trim();
    const email = document.getElementById('email').value.trim();
    const password = document.getElementById('password').value;
    const missing = [!name ? 'your name' : null, !email ? 'your email' : null].filter(Boolean);
    if (missing.length > 0) {
      result.textContent = 'Enter ' + missing.join(' and ') + '.';
      return;
    }
    if (password.length < 10) {
      result.textContent = 'The password must have 10 characters or more (it has ' + password.length + ').';
      document.getElementById('password').focus();
      return;
    }
    const button = document.getElementById('sign-up-button');
    button.disabled = true;
    result.textContent = '';
    const answer = await session.send('/api/accounts', { method: 'POST', json: { name, email, password } });
    button.disabled = false;
    if (answer.status === 201) {
      location.assign(back);
    } else if (answer.status === 202) {
      // the server sends mail: the account is used once the link in it is followed
      document.getElementById('sign-up-form').hidden = true;
      result.className = 'ok';
      result.textContent = 'Almost there: a link to verify ' + email + ' is on its way. Follow it, then sign in.';
    } else {
      result.textContent = session.explain(answer, 'The account could not be made.');
    }
  });
})();
