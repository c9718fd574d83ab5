// The alert queue: filters, most-urgent-first table with paging, claim, live updates over
// server-sent events, and (supervisors) closing by filter after seeing the count.
import {
  ApiError, alertHref, el, formatDuration, formatTime, post, request, roleOf, runPage, say, startAlertPage, statusBadge, urgencyBadge,
} from '/js/api.js';

const OPEN_STATUSES = ['New', 'InReview', 'NeedsInformation'];
const PAGE_SIZE = 50;

const form = document.getElementById('filters');
const rowsBody = document.getElementById('queue-rows');
const loadMore = document.getElementById('load-more');
const newNotice = document.getElementById('new-alerts');

let user = null;
let role = '';
let next = null;
let applied = {};
let newIds = new Set();
/** alertId -> { row, item } for every row on screen. */
const shown = new Map();

function canWork() {
  return role === 'analyst' || role === 'supervisor';
}

// ---- filters <-> query --------------------------------------------------------------------------

/** The filters on screen as API query values (status only when it differs from the default open set). */
function readFilters() {
  const data = new FormData(form);
  const statuses = data.getAll('status').map(String);
  const query = {};
  const isDefault = statuses.length === OPEN_STATUSES.length && OPEN_STATUSES.every(s => statuses.includes(s));
  if (!isDefault && statuses.length > 0) {
    query.status = statuses;
  }
  for (const name of ['category', 'feed', 'jurisdiction', 'q']) {
    const value = String(data.get(name) ?? '').trim();
    if (value) {
      query[name] = value;
    }
  }
  const assignee = String(data.get('assignee') ?? '').trim();
  if (data.get('mine')) {
    query.assignee = 'me';
  } else if (assignee) {
    query.assignee = assignee;
  }
  for (const name of ['from', 'to']) {
    const value = String(data.get(name) ?? '');
    if (value) {
      const date = new Date(value);
      if (!Number.isNaN(date.getTime())) {
        query[name] = date.toISOString();
      }
    }
  }
  return query;
}

/** Puts filters from the address bar (kept there so coming back from an alert keeps the view) onto the form. */
function writeFilters(params) {
  const statuses = params.getAll('status');
  for (const box of form.querySelectorAll('input[name="status"]')) {
    box.checked = statuses.length > 0 ? statuses.includes(box.value) : OPEN_STATUSES.includes(box.value);
  }
  for (const name of ['category', 'feed', 'jurisdiction', 'q']) {
    form.elements[name].value = params.get(name) ?? '';
  }
  const assignee = params.get('assignee') ?? '';
  document.getElementById('f-mine').checked = assignee === 'me';
  form.elements.assignee.value = assignee === 'me' ? '' : assignee;
  for (const name of ['from', 'to']) {
    const value = params.get(name);
    form.elements[name].value = value ? toLocalInput(value) : '';
  }
}

function toLocalInput(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const pad = n => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function toParams(query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    (Array.isArray(value) ? value : [value]).forEach(v => params.append(key, v));
  }
  return params;
}

/** Remembers this view (filters in the address) so the alert page's "back" link returns to it. */
function rememberPlace() {
  try {
    sessionStorage.setItem('desk-queue-url', location.pathname + location.search);
  } catch {
    // Storage may be disabled; the back link then goes to the unfiltered queue.
  }
}

// ---- rows -------------------------------------------------------------------------------------

function isOverdue(item, now) {
  if (!['New', 'InReview', 'NeedsInformation'].includes(item.status)) {
    return false;
  }
  return Boolean(item.overdue) || (item.dueAt && new Date(item.dueAt).getTime() < now);
}

function dueCell(item, now) {
  const cell = el('td', { className: 'due' }, el('time', { datetime: item.dueAt ?? '', text: formatTime(item.dueAt) }));
  if (isOverdue(item, now)) {
    cell.append(' ', el('strong', { className: 'overdue', text: 'overdue' }));
  }
  return cell;
}

function actionCell(item) {
  const cell = el('td', { className: 'action' });
  const mine = item.assignee && user && item.assignee === user.userName;
  const claimable = item.status === 'New' || (item.status === 'NeedsInformation' && mine);
  if (canWork() && claimable) {
    cell.append(el('button', {
      type: 'button',
      className: 'claim',
      'aria-label': `Claim alert ${item.reportKey ?? item.alertId}`,
      text: 'Claim',
      on: { click: () => claim(item.alertId) },
    }));
  }
  return cell;
}

function renderRow(item) {
  const now = Date.now();
  const row = el('tr', { dataset: { alertId: item.alertId, status: item.status } },
    el('td', {}, urgencyBadge(item.urgency)),
    dueCell(item, now),
    el('td', { text: item.topCategory ?? '' }),
    el('td', { text: item.feedId ?? '' }),
    el('td', { className: 'status-cell' }, statusBadge(item.status)),
    el('td', { className: 'assignee', text: item.assignee ?? '—' }),
    el('td', { className: 'age', text: item.raisedAt ? formatDuration(now - new Date(item.raisedAt).getTime()) : '' }),
    el('td', {}, el('a', { href: alertHref(item.alertId), className: 'alert-link', text: item.reportKey ?? item.alertId, title: item.alertId })),
    actionCell(item));
  if (isOverdue(item, now)) {
    row.classList.add('is-overdue');
  }
  return row;
}

function showRow(item, { append = true } = {}) {
  const existing = shown.get(item.alertId);
  const row = renderRow(item);
  if (existing) {
    existing.row.replaceWith(row);
  } else if (append) {
    rowsBody.append(row);
  }
  shown.set(item.alertId, { row, item });
  return row;
}

async function loadPage(reset) {
  const query = { ...applied, limit: PAGE_SIZE };
  if (!reset && next) {
    query.after = next;
  }
  loadMore.disabled = true;
  try {
    const page = await request('/api/alerts', { query });
    if (reset) {
      rowsBody.replaceChildren();
      shown.clear();
      newIds = new Set();
      newNotice.hidden = true;
    }
    for (const item of page.items ?? []) {
      if (!shown.has(item.alertId)) {
        showRow(item);
      }
    }
    next = page.next ?? null;
    loadMore.hidden = !next;
    document.getElementById('empty').hidden = shown.size > 0;
    say('queue-message', '');
  } catch (error) {
    say('queue-message', 'The queue could not be loaded: ' + error.message, 'error');
  } finally {
    loadMore.disabled = false;
    document.body.dataset.queue = 'loaded';
    rememberPlace();
  }
}

async function claim(alertId) {
  const entry = shown.get(alertId);
  try {
    await post(`/api/alerts/${encodeURIComponent(alertId)}/claim`);
    if (entry) {
      const item = { ...entry.item, status: 'InReview', assignee: user.userName };
      showRow(item).querySelector('a.alert-link')?.focus();
    }
    say('queue-message', `You claimed ${entry?.item.reportKey ?? alertId}. Open it to review.`, 'ok');
  } catch (error) {
    const text = error instanceof ApiError && error.status === 409
      ? 'Another analyst holds this alert already.'
      : error.message;
    say('queue-message', 'Claim failed: ' + text, 'error');
  }
}

// Ages and overdue markers move with the clock; redraw them without refetching.
function tick() {
  const now = Date.now();
  for (const { row, item } of shown.values()) {
    const age = row.querySelector('td.age');
    if (age && item.raisedAt) {
      age.textContent = formatDuration(now - new Date(item.raisedAt).getTime());
    }
    const overdue = isOverdue(item, now);
    if (overdue !== row.classList.contains('is-overdue')) {
      row.classList.toggle('is-overdue', overdue);
      row.querySelector('td.due')?.replaceWith(dueCell(item, now));
    }
  }
}

// ---- live updates -----------------------------------------------------------------------------

function matchesStatusFilter(status) {
  const statuses = applied.status ?? OPEN_STATUSES;
  return statuses.includes(status);
}

function onAlertEvent(data) {
  const entry = shown.get(data.alertId);
  if (entry) {
    // A row on screen changed: update it in place, so the reader keeps their place.
    const item = { ...entry.item, status: data.status ?? entry.item.status, urgency: data.urgency ?? entry.item.urgency };
    const row = showRow(item);
    row.classList.add('changed');
    if (!matchesStatusFilter(item.status)) {
      row.classList.add('left-filter');
      row.querySelector('.action')?.replaceChildren();
    }
    return;
  }
  if ((data.status ?? 'New') === 'New' && matchesStatusFilter('New') && !newIds.has(data.alertId)) {
    newIds.add(data.alertId);
    const n = newIds.size;
    document.getElementById('new-alerts-text').textContent = n === 1 ? '1 new alert' : `${n} new alerts`;
    newNotice.hidden = false;
  }
}

function listen() {
  if (typeof EventSource === 'undefined') {
    return;
  }
  const state = document.getElementById('live-state');
  const source = new EventSource('/api/events');
  source.addEventListener('open', () => {
    state.textContent = 'Live updates on.';
    document.body.dataset.live = 'open';
  });
  source.addEventListener('alert', event => {
    try {
      onAlertEvent(JSON.parse(event.data));
    } catch {
      // A malformed event is ignored; the next page load shows the truth.
    }
  });
  source.addEventListener('error', () => {
    document.body.dataset.live = 'closed';
    if (source.readyState === EventSource.CLOSED) {
      state.textContent = 'Live updates stopped. Reload the page to resume.';
      // A closed stream may mean the session ended: this sends the browser to sign in if so.
      request('/api/me').catch(() => {});
    } else {
      state.textContent = 'Live updates interrupted; reconnecting…';
    }
  });
}

// ---- bulk close (supervisors) -----------------------------------------------------------------

let pendingBulk = null;

/** The applied filters in the bulk API's shape: status, category and feed are lists there. */
function bulkFilter() {
  const filter = { ...applied };
  for (const name of ['status', 'category', 'feed']) {
    if (filter[name] !== undefined && !Array.isArray(filter[name])) {
      filter[name] = [filter[name]];
    }
  }
  return filter;
}

function bulkBody() {
  return {
    filter: bulkFilter(),
    action: 'close',
    code: document.getElementById('bulk-code').value.trim(),
    comment: document.getElementById('bulk-comment').value.trim(),
  };
}

function setupBulk() {
  const section = document.getElementById('bulk');
  section.hidden = false;
  const confirmBox = document.getElementById('bulk-confirm');
  document.getElementById('bulk-form').addEventListener('submit', async event => {
    event.preventDefault();
    const body = bulkBody();
    if (!body.code || !body.comment) {
      say('bulk-message', 'A disposition code and a comment are required.', 'error');
      (body.code ? document.getElementById('bulk-comment') : document.getElementById('bulk-code')).focus();
      return;
    }
    try {
      const result = await post('/api/alerts/bulk/count', body);
      pendingBulk = { ...body, expectedCount: result.count };
      say('bulk-message', '');
      document.getElementById('bulk-confirm-text').textContent = result.count === 1
        ? '1 alert matches the current filters. Close it?'
        : `${result.count} alerts match the current filters. Close them all?`;
      document.getElementById('bulk-run').disabled = result.count === 0;
      confirmBox.hidden = false;
      document.getElementById(result.count === 0 ? 'bulk-cancel' : 'bulk-run').focus();
    } catch (error) {
      say('bulk-message', 'Counting failed: ' + error.message, 'error');
    }
  });
  document.getElementById('bulk-cancel').addEventListener('click', () => {
    pendingBulk = null;
    confirmBox.hidden = true;
    say('bulk-message', 'Nothing was changed.', 'info');
  });
  document.getElementById('bulk-run').addEventListener('click', async () => {
    if (!pendingBulk) {
      return;
    }
    const body = pendingBulk;
    pendingBulk = null;
    confirmBox.hidden = true;
    try {
      const result = await post('/api/alerts/bulk', body);
      say('bulk-message', `${result.changed} alert${result.changed === 1 ? '' : 's'} closed.`, 'ok');
      await loadPage(true);
    } catch (error) {
      const text = error instanceof ApiError && error.status === 409
        ? 'The number of matching alerts changed since you counted. Count again.'
        : error.message;
      say('bulk-message', 'Nothing was closed: ' + text, 'error');
    }
  });
}

// ---- start ------------------------------------------------------------------------------------

async function main() {
  user = await startAlertPage();
  if (user === null) {
    return;
  }
  role = roleOf(user);
  writeFilters(new URLSearchParams(location.search));
  applied = readFilters();
  form.addEventListener('submit', event => {
    event.preventDefault();
    applied = readFilters();
    const params = toParams(applied).toString();
    history.replaceState(null, '', params ? '/?' + params : '/');
    loadPage(true);
  });
  document.getElementById('clear-filters').addEventListener('click', () => {
    writeFilters(new URLSearchParams());
    form.requestSubmit();
  });
  document.getElementById('f-mine').addEventListener('change', event => {
    form.elements.assignee.disabled = event.target.checked;
  });
  form.elements.assignee.disabled = document.getElementById('f-mine').checked;
  loadMore.addEventListener('click', () => loadPage(false));
  document.getElementById('show-new').addEventListener('click', () => loadPage(true));
  if (role === 'supervisor') {
    setupBulk();
  }
  await loadPage(true);
  listen();
  setInterval(tick, 30_000);
}

runPage(main, 'queue-message');
