// Shared by every page: the API client (cookie + CSRF header, 401 -> /login), the page header,
// and small DOM helpers. Data is always rendered with textContent / createElement, never innerHTML.

/** An API call that did not succeed; `status` is the HTTP status (0 when the network failed). */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

let mePromise = null;

/** The signed-in user ({ userName, displayName, role, mustChangePassword, csrf }), fetched once per page. */
export function me(refresh = false) {
  if (refresh || mePromise === null) {
    mePromise = request('/api/me');
  }
  return mePromise;
}

/** The role in lower case ("analyst", "supervisor", "auditor", "engineer"). */
export function roleOf(user) {
  return String(user?.role ?? '').toLowerCase();
}

/** Sends the browser to the login page, remembering where it was. */
export function toLogin() {
  const here = location.pathname + location.search;
  location.assign(here === '/' || here.startsWith('/login') ? '/login' : '/login?next=' + encodeURIComponent(here));
}

/**
 * Calls the desk API. Options: method, body (sent as JSON), query (object or URLSearchParams),
 * redirectOn401 (default true), accept ("json" or "text"). POSTs carry the X-Desk-Csrf header.
 */
export async function request(path, options = {}) {
  const method = options.method ?? 'GET';
  let url = path;
  if (options.query) {
    const params = options.query instanceof URLSearchParams ? options.query : toParams(options.query);
    const text = params.toString();
    if (text) {
      url += (url.includes('?') ? '&' : '?') + text;
    }
  }
  const headers = { Accept: options.accept === 'text' ? 'text/plain, text/html, */*' : 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') {
    if (options.csrf !== false) {
      const user = await me();
      headers['X-Desk-Csrf'] = user.csrf;
    }
  }
  let body;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'The desk could not be reached. Check the connection and try again.');
  }
  if (response.status === 401 && options.redirectOn401 !== false) {
    toLogin();
    throw new ApiError(401, 'Your session has ended. Sign in again.');
  }
  if (!response.ok) {
    throw new ApiError(response.status, await errorText(response));
  }
  if (response.status === 204) {
    return null;
  }
  if (options.accept === 'text') {
    return response.text();
  }
  const type = response.headers.get('Content-Type') ?? '';
  return type.includes('json') ? response.json() : response.text();
}

/** Shorthand for a POST with a JSON body. */
export function post(path, body, options = {}) {
  return request(path, { ...options, method: 'POST', body });
}

function toParams(query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') {
      continue;
    }
    if (Array.isArray(value)) {
      value.forEach(v => params.append(key, String(v)));
    } else {
      params.append(key, String(value));
    }
  }
  return params;
}

async function errorText(response) {
  const fallback = `${response.status} ${response.statusText}`.trim();
  try {
    const text = await response.text();
    if (!text) {
      return describeStatus(response.status) ?? fallback;
    }
    try {
      const data = JSON.parse(text);
      if (typeof data === 'string') {
        return data;
      }
      const errors = data.errors && typeof data.errors === 'object'
        ? Object.values(data.errors).flat().filter(e => typeof e === 'string').join(' ')
        : '';
      return data.detail || data.error || data.message || errors || data.title || describeStatus(response.status) || fallback;
    } catch {
      return text.length > 300 ? text.slice(0, 300) + '…' : text;
    }
  } catch {
    return fallback;
  }
}

function describeStatus(status) {
  switch (status) {
    case 400: return 'The request was refused as invalid.';
    case 403: return 'Your role may not do this.';
    case 404: return 'Not found.';
    case 409: return 'Someone changed this meanwhile; reload and try again.';
    default: return null;
  }
}

// ---- DOM helpers ------------------------------------------------------------------------------

/**
 * Creates an element. attrs: plain attributes, plus `text` (textContent), `className`,
 * `hidden`, `on` ({ event: handler }). Children: nodes or strings (added as text nodes).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'text') {
      node.textContent = String(value);
    } else if (key === 'className') {
      node.className = value;
    } else if (key === 'hidden') {
      node.hidden = Boolean(value);
    } else if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) {
        node.addEventListener(event, handler);
      }
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces an element's children. */
export function setChildren(node, ...children) {
  node.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined && c !== false)
    .map(c => (c instanceof Node ? c : document.createTextNode(String(c)))));
}

/** Shows a message in a status element (role="status" or "alert" in the page); kind: "error", "ok" or "info". */
export function say(target, message, kind = 'info') {
  const node = typeof target === 'string' ? document.getElementById(target) : target;
  if (!node) {
    return;
  }
  node.textContent = message ?? '';
  node.className = 'message ' + kind;
  node.hidden = !message;
}

/** render(items) when there are items; otherwise a paragraph saying `emptyText`. */
export function orEmpty(items, emptyText, render) {
  return items && items.length > 0 ? render(items) : el('p', { className: 'empty', text: emptyText });
}

/** A table: headers is a list of column titles; rows a list of lists of cells (nodes or text). */
export function table(caption, headers, rows, className = 'data') {
  return el('table', { className },
    caption ? el('caption', { text: caption }) : null,
    el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows.map(cells => el('tr', {}, cells.map(c => el('td', {}, c))))));
}

// ---- formatting -------------------------------------------------------------------------------

const dateFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
});

/** A time for people: "Nov 21, 2026, 08:00 UTC"; empty for null. */
export function formatTime(value) {
  if (!value) {
    return '';
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : dateFormat.format(date);
}

/** A duration in words, rounded: "45 min", "3 h 12 min", "2 d 4 h". */
export function formatDuration(ms) {
  const minutes = Math.max(0, Math.floor(ms / 60000));
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `${hours} h ${minutes % 60} min`;
  }
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A number with at most `digits` decimals. */
export function formatNumber(value, digits = 2) {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  const n = Number(value);
  return Number.isFinite(n) ? n.toLocaleString(undefined, { maximumFractionDigits: digits }) : String(value);
}

export const URGENCY_WORDS = { 1: 'Critical', 2: 'High', 3: 'Medium', 4: 'Low' };

/** The urgency badge: the number and its word, coloured by class. */
export function urgencyBadge(urgency) {
  const word = URGENCY_WORDS[urgency] ?? 'Unknown';
  return el('span', { className: `badge urgency-${urgency}`, title: `Urgency ${urgency} of 4 (1 is most urgent)` },
    el('span', { className: 'badge-number', text: String(urgency) }), ' ', word);
}

export const STATUS_WORDS = {
  New: 'New', InReview: 'In review', NeedsInformation: 'Needs information', Vetted: 'Vetted (ISE-SAR)', Closed: 'Closed', Shared: 'Shared',
};

/** A status as words, with a class for colour. */
export function statusBadge(status) {
  return el('span', { className: `status status-${String(status).toLowerCase()}`, text: STATUS_WORDS[status] ?? String(status) });
}

/** URL of an alert's detail page. */
export function alertHref(alertId) {
  return '/alerts/' + encodeURIComponent(alertId);
}

// ---- page header and page start ----------------------------------------------------------------

/** The main navigation: path, label, and the roles that may use the page. */
const NAV_LINKS = [
  ['/', 'Queue', ['analyst', 'supervisor', 'auditor']],
  ['/audit', 'Audit trail', ['auditor']],
  ['/feeds', 'Feed health', ['analyst', 'supervisor', 'auditor', 'engineer']],
  ['/fairness', 'Fairness', ['auditor', 'engineer']],
];

/** The roles that work alerts (queue and alert pages). */
const ALERT_ROLES = ['analyst', 'supervisor', 'auditor'];

/**
 * The header every signed-in page shares, written once here rather than in each page's HTML:
 * brand, main navigation (every link hidden until the role is known), who is signed in, sign-out.
 */
function pageHeader() {
  return el('header', { className: 'top' },
    el('a', { className: 'brand', href: '/', text: 'Watch desk' }),
    el('nav', { 'aria-label': 'Main' },
      NAV_LINKS.map(([href, text, roles]) => el('a', { href, text, hidden: true, dataset: { roles: roles.join(' ') } }))),
    el('span', { id: 'who', className: 'who' }),
    el('button', { type: 'button', id: 'logout', className: 'secondary', hidden: true, text: 'Sign out' }));
}

/**
 * Puts the page header at the top of the body, loads the signed-in user and fills the header:
 * name, role, the navigation links the role may use, and the sign-out button.
 * Returns the user; sends the browser to /login when nobody is signed in.
 */
export async function startPage() {
  const header = pageHeader();
  document.body.prepend(header);
  const user = await me();
  if (user.mustChangePassword) {
    location.assign('/login?change=1');
    throw new ApiError(403, 'The password must be changed first.');
  }
  const role = roleOf(user);
  setChildren(header.querySelector('#who'), el('span', { className: 'who-name', text: user.displayName || user.userName }),
    ' ', el('span', { className: 'who-role', text: role }));
  for (const link of header.querySelectorAll('nav a[data-roles]')) {
    link.hidden = !link.dataset.roles.split(' ').includes(role);
    if (link.getAttribute('href') === location.pathname) {
      link.setAttribute('aria-current', 'page');
    }
  }
  const logout = header.querySelector('#logout');
  logout.hidden = false;
  logout.addEventListener('click', async () => {
    try {
      await post('/api/logout');
    } finally {
      location.assign('/login');
    }
  });
  return user;
}

/**
 * startPage for the pages that work alerts (queue, alert detail): any other role (engineers) is
 * sent to feed health. Returns the user, or null when the browser is being sent away.
 */
export async function startAlertPage() {
  const user = await startPage();
  const role = roleOf(user);
  if (!ALERT_ROLES.includes(role)) {
    location.replace('/feeds');
    return null;
  }
  document.body.dataset.role = role;
  return user;
}

/**
 * Runs a page's async start function; a failure shows in the page's message element, except a
 * 401 (the browser is already on its way to the sign-in page).
 */
export function runPage(main, messageId) {
  main().catch(error => {
    if (!(error instanceof ApiError && error.status === 401)) {
      say(messageId, error.message, 'error');
    }
  });
}

/**
 * A list page (audit trail, feed health, fairness reports). Its elements follow one naming:
 * form #NAME-filters, status #NAME-message, the list in #NAME, and body[data-NAME="loaded"] once
 * shown. Options: roles (who may use it; everyone when omitted) and refusal (said to anyone else);
 * fetchItems(form) (a promise of the items for the form's filters); render(items) (the node that
 * shows them); empty (said when there are none); failure (said before the error's message).
 */
export function listPage(name, { roles, refusal, fetchItems, render, empty, failure }) {
  const form = document.getElementById(`${name}-filters`);
  const list = document.getElementById(name);
  const messageId = `${name}-message`;

  async function load() {
    try {
      const items = await fetchItems(form);
      setChildren(list, orEmpty(items, empty, render));
      say(messageId, '');
      document.body.dataset[name] = 'loaded';
    } catch (error) {
      say(messageId, `${failure}: ${error.message}`, 'error');
    }
  }

  runPage(async () => {
    const role = roleOf(await startPage());
    if (roles && !roles.includes(role)) {
      form.hidden = true;
      say(messageId, refusal, 'error');
      setChildren(list, el('p', {}, el('a', { href: homeFor(role), text: 'Go to your start page' })));
      return;
    }
    form.addEventListener('submit', event => {
      event.preventDefault();
      load();
    });
    await load();
  }, messageId);
}

/** The landing page for a role: the queue for desk roles, feed health for engineers. */
export function homeFor(role) {
  return role === 'engineer' ? '/feeds' : '/';
}

/** "recordsIn" -> "Records in". */
export function words(key) {
  const spaced = String(key).replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A cell value as text: times formatted, lists joined, objects as compact JSON. */
export function cellText(key, value) {
  if (value === null || value === undefined) {
    return '';
  }
  if (Array.isArray(value)) {
    return value.map(v => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))).join(', ');
  }
  if (typeof value === 'object') {
    return JSON.stringify(value);
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) {
    return formatTime(value);
  }
  if (typeof value === 'boolean') {
    return value ? 'yes' : 'no';
  }
  if (typeof value === 'number') {
    return formatNumber(value, 3);
  }
  return String(value);
}

/** A table over objects whose fields are not fixed: one column per key, in first-seen order. */
export function objectTable(caption, items, { columns, extra } = {}) {
  const keys = columns ?? [...new Set(items.flatMap(item => Object.keys(item ?? {})))];
  const headers = keys.map(words);
  if (extra) {
    headers.push(extra.title);
  }
  const rows = items.map(item => {
    const cells = keys.map(key => cellText(key, item?.[key]));
    if (extra) {
      cells.push(extra.cell(item));
    }
    return cells;
  });
  return table(caption, headers, rows);
}
