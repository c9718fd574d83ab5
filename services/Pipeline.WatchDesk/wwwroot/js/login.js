// The sign-in page: name and password; then, when the account must change its password, the change form.
import { ApiError, homeFor, me, post, request, roleOf, say } from '/js/api.js';

const loginForm = document.getElementById('login-form');
const changeForm = document.getElementById('change-form');

/** Only same-site paths are followed after sign-in, never another origin. */
function nextPath(role) {
  const next = new URLSearchParams(location.search).get('next');
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && !next.startsWith('/login')) {
    return next;
  }
  return homeFor(role);
}

function showChange(currentPassword) {
  loginForm.hidden = true;
  changeForm.hidden = false;
  const current = document.getElementById('current-password');
  current.value = currentPassword ?? '';
  (currentPassword ? document.getElementById('new-password') : current).focus();
}

loginForm.addEventListener('submit', async event => {
  event.preventDefault();
  const userName = document.getElementById('user-name').value.trim();
  const password = document.getElementById('password').value;
  if (!userName || !password) {
    say('login-error', 'Enter your user name and password.', 'error');
    return;
  }
  const button = document.getElementById('sign-in');
  button.disabled = true;
  try {
    const result = await post('/api/login', { userName, password }, { csrf: false, redirectOn401: false });
    say('login-error', '');
    if (result?.mustChangePassword) {
      showChange(password);
      return;
    }
    location.assign(nextPath(roleOf(result)));
  } catch (error) {
    const message = error instanceof ApiError && error.status === 401
      ? 'The user name or password is wrong.'
      : error.message;
    say('login-error', message, 'error');
    document.getElementById('password').select();
  } finally {
    button.disabled = false;
  }
});

changeForm.addEventListener('submit', async event => {
  event.preventDefault();
  const currentPassword = document.getElementById('current-password').value;
  const newPassword = document.getElementById('new-password').value;
  const repeat = document.getElementById('repeat-password').value;
  if (newPassword.length < 12) {
    say('change-error', 'The new password needs at least 12 characters.', 'error');
    return;
  }
  if (newPassword !== repeat) {
    say('change-error', 'The two new passwords differ.', 'error');
    return;
  }
  if (newPassword === currentPassword) {
    say('change-error', 'Choose a password different from the current one.', 'error');
    return;
  }
  const button = document.getElementById('change-password');
  button.disabled = true;
  try {
    // The CSRF token is bound to the new session, so read it afresh.
    await me(true);
    await post('/api/me/password', { currentPassword, newPassword });
    const user = await me(true);
    location.assign(nextPath(roleOf(user)));
  } catch (error) {
    say('change-error', error.message, 'error');
  } finally {
    button.disabled = false;
  }
});

// Arriving with ?change=1 (sent by another page) while signed in: go straight to the change form.
if (new URLSearchParams(location.search).has('change')) {
  request('/api/me', { redirectOn401: false }).then(user => {
    if (user.mustChangePassword) {
      showChange('');
    }
  }).catch(() => { /* not signed in: the sign-in form stays */ });
}
