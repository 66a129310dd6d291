'use strict';
// The sign-in page: email and password, each OpenID Connect provider the server has, and a link for a forgotten password.

(function signInPage() {
  const back = session.returnTo('/account');
  const keep = back === '/account' ? '' : '?return_to=' + encodeURIComponent(back);
  document.getElementById('to-sign-up').href = '/sign-up' + keep;

  showProviders(keep);

  const result = document.getElementById('sign-in-result');
  document.getElementById('sign-in-form').addEventListener('submit', async event => {
    event.preventDefault();
    const email = document.getElementById('email').value.trim();
    const password = document.getElementById('password').value;
    if (!email || !password) {
      result.textContent = 'Enter your email and your password.';
      return;
    }
    const button = document.getElementById('sign-in-button');
    button.disabled = true;
    result.textContent = '';
    const answer = await session.send('/api/sessions', { method: 'POST', json: { email, password } });
    button.disabled = false;
    if (answer.ok) {
      location.assign(back);
    } else if (answer.status === 401) {
      result.textContent = 'The email or the password is wrong.';
      document.getElementById('password').select();
    } else {
      result.textContent = session.explain(answer, 'Signing in failed.');
    }
  });

  document.getElementById('reset-form').addEventListener('submit', async event => {
    event.preventDefault();
    const status = document.getElementById('reset-result');
    const email = document.getElementById('reset-email').value.trim();
    if (!email) {
      status.textContent = 'Enter the email of your account.';
      return;
    }
    const answer = await session.send('/api/accounts/password-reset', { method: 'POST', json: { email } });
    // the same words whether an account has this email or not: the page tells no one who has an account
    status.textContent = answer.ok ? 'If an account has the email ' + email + ', a link to choose a new password is on its way to it.'
      : session.explain(answer, 'The link could not be sent.');
  });
  document.getElementById('forgot').addEventListener('toggle', () => {
    const typed = document.getElementById('email').value.trim();
    if (typed && !document.getElementById('reset-email').value) document.getElementById('reset-email').value = typed;
  });
})();

async function showProviders(keep) {
  const answer = await session.send('/api/auth/providers');
  const providers = answer.ok ? (Array.isArray(answer.body) ? answer.body : answer.body.providers || []) : [];
  if (providers.length === 0) return;
  const list = document.getElementById('providers');
  for (const p of providers) {
    const label = p.orcid ? 'Sign in with ORCID' + (p.name.toLowerCase() === 'orcid' ? '' : ' (' + p.name + ')') : 'Sign in with ' + p.name;
    const link = el('a', { class: 'provider' + (p.orcid ? ' orcid' : ''), href: '/auth/oidc/' + encodeURIComponent(p.name) + keep },
      p.orcid ? el('span', { class: 'orcid-mark', 'aria-hidden': 'true', text: 'iD' }) : null, label);
    list.append(el('li', {}, link));
  }
  document.getElementById('providers-section').hidden = false;
}
