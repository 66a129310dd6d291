'use strict';
// The signed-in account, for every page: who it is (GET /api/me, 401 when nobody is signed in), a fetch that carries
// the session's CSRF token on changes, and the header's "Sign in" / "Sign up" or the account's name. Names are text.

const session = (() => {
  let current = null;

  /** The answer of GET /api/me, asked once per page load: {ok, status, body}. */
  function me() {
    if (!current) current = api('/api/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    return current;
  }

  async function signedIn() {
    const answer = await me();
    return answer.ok ? answer.body : null;
  }

  /**
   * A request of the pages: the session's cookie goes with it, a change (POST, PUT, DELETE) carries X-CSRF-Token,
   * {json} is sent as a JSON body. Answers {ok, status, body, retryAfter}; a network failure is an answer too.
   */
  async function send(path, options) {
    const { json, ...rest } = options || {};
    const method = (rest.method || 'GET').toUpperCase();
    const headers = Object.assign({ Accept: 'application/json' }, rest.headers || {});
    if (method !== 'GET' && method !== 'HEAD') {
      const who = await me();
      if (who.ok && who.body.csrf_token) headers['X-CSRF-Token'] = who.body.csrf_token;
    }
    let body = rest.body;
    if (json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(json);
    }
    try {
      const response = await fetch(path, Object.assign({}, rest, { method, headers, body, credentials: 'same-origin' }));
      const type = response.headers.get('Content-Type') || '';
      const answer = type.includes('json') ? await response.json() : await response.text();
      const retry = Number(response.headers.get('Retry-After'));
      return { ok: response.ok, status: response.status, body: answer || {}, retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null };
    } catch (failure) {
      return { ok: false, status: 0, body: { detail: 'the server could not be reached; check the connection and try again' }, retryAfter: null };
    }
  }

  /** The problem's words for a person: the detail, and each listed problem's field and detail. */
  function explain(answer, fallback) {
    const body = answer.body || {};
    if (answer.status === 429) {
      const seconds = answer.retryAfter;
      return 'Too many tries: wait ' + (seconds ? seconds + ' s' : 'a moment') + ', then try again.';
    }
    const listed = (body.problems || []).map(p => (p.field ? p.field + ': ' : '') + p.detail);
    const said = listed.length > 0 ? listed.join('; ') : body.detail || fallback || 'The server answered ' + answer.status + '.';
    return said.charAt(0).toUpperCase() + said.slice(1);
  }

  /** A path on this site to come back to after signing in; anything else (another site, //host) is refused. */
  function returnTo(fallback) {
    const asked = new URLSearchParams(location.search).get('return_to');
    // resolved as the browser would (which drops tabs and line breaks): the same origin, and not a '//host' path
    if (asked && /^\/(?![/\\])/.test(asked) && !/[\u0000-\u0020\u007f\\]/.test(asked)) {
      const url = new URL(asked, location.origin);
      if (url.origin === location.origin && !url.pathname.startsWith('//')) return url.pathname + url.search + url.hash;
    }
    return fallback || '/account';
  }

  /** The sign-in page's address, bringing the reader back here (or to where the sign-in page itself was to return). */
  function signInUrl(page) {
    const onSignPage = location.pathname === '/sign-in' || location.pathname === '/sign-up';
    const back = onSignPage ? returnTo('') : location.pathname + location.search;
    return (page || '/sign-in') + (back ? '?return_to=' + encodeURIComponent(back) : '');
  }

  async function signOut() {
    await send('/api/sessions/current', { method: 'DELETE' });
    // a page that is an account's own has nothing to show once signed out
    if (document.body.hasAttribute('data-account-page')) location.assign('/');
    else location.reload();
  }

  async function showHeader() {
    const header = document.querySelector('header.top');
    if (!header) return;
    const nav = el('nav', { class: 'account-nav', 'aria-label': 'Account' });
    header.append(nav);
    const who = await signedIn();
    if (who) {
      const out = el('button', { type: 'button', class: 'link', id: 'sign-out', text: 'Sign out' });
      out.addEventListener('click', signOut);
      // the console is for whoever organizes or reviews a challenge, may create one, or is an admin
      const organizes = (who.roles || []).length > 0 || who.account.admin || who.account.creator;
      if (organizes) nav.append(el('a', { href: '/console', id: 'console-link', title: 'The challenges you organize', text: 'Console' }));
      nav.append(el('a', { href: '/account', id: 'account-link', title: 'Your account, teams and tokens', text: who.account.name }), out);
    } else {
      nav.append(el('a', { href: signInUrl('/sign-in'), id: 'sign-in-link', text: 'Sign in' }),
        el('a', { href: signInUrl('/sign-up'), id: 'sign-up-link', class: 'button-link', text: 'Sign up' }));
    }
  }

  /** Copies the text of {input}: the clipboard where the browser allows it, else the text is selected for Ctrl+C. */
  async function copy(input, status) {
    input.focus();
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = 'Copied.';
    } catch (refused) {
      status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  }

  /**
   * A second step before an action that cannot be undone: the button asks {question} with "Yes" and "Cancel" beside
   * it; "Yes" runs {action}.
   */
  function confirmFirst(button, question, yesLabel, action) {
    button.addEventListener('click', () => {
      const yes = el('button', { type: 'button', class: 'danger', text: yesLabel });
      const no = el('button', { type: 'button', class: 'secondary', text: 'Cancel' });
      const ask = el('span', { class: 'confirm', role: 'group' }, el('span', { class: 'warning', text: question }), ' ', yes, ' ', no);
      button.hidden = true;
      button.after(ask);
      no.focus();
      no.addEventListener('click', () => { ask.remove(); button.hidden = false; button.focus(); });
      yes.addEventListener('click', async () => {
        yes.disabled = true;
        await action();
        ask.remove();
        button.hidden = false;
      });
    });
  }

  showHeader();
  return { me, signedIn, send, explain, returnTo, signInUrl, copy, confirmFirst };
})();
