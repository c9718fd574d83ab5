// The audit trail (auditors): filters, the table, and the CSV download of the same selection.
import { ApiError, el, formatTime, request, roleOf, say, setChildren, startPage, table, homeFor } from '/js/api.js';

const form = document.getElementById('audit-filters');

function query() {
  const data = new FormData(form);
  const params = new URLSearchParams();
  for (const name of ['from', 'to']) {
    const value = String(data.get(name) ?? '');
    const date = value ? new Date(value) : null;
    if (date && !Number.isNaN(date.getTime())) {
      params.set(name, date.toISOString());
    }
  }
  const actor = String(data.get('actor') ?? '').trim();
  if (actor) {
    params.set('actor', actor);
  }
  const limit = Number(data.get('limit'));
  if (Number.isInteger(limit) && limit > 0) {
    params.set('limit', String(limit));
  }
  return params;
}

async function load() {
  const params = query();
  const text = params.toString();
  document.getElementById('csv').href = '/api/audit.csv' + (text ? '?' + text : '');
  try {
    const entries = await request('/api/audit', { query: params });
    const list = Array.isArray(entries) ? entries : (entries.items ?? []);
    setChildren(document.getElementById('audit'), list.length === 0
      ? el('p', { className: 'empty', text: 'No audit entries in this window.' })
      : table(`${list.length} entr${list.length === 1 ? 'y' : 'ies'}`, ['When', 'User', 'Role', 'Action', 'Target', 'Reason', 'Client address'],
        list.map(e => [formatTime(e.at), e.actor, e.role, e.action, e.target ?? '', e.reason ?? '', e.clientAddress ?? '']), 'data audit'));
    say('audit-message', '');
    document.body.dataset.audit = 'loaded';
  } catch (error) {
    say('audit-message', 'The audit trail could not be loaded: ' + error.message, 'error');
  }
}

async function main() {
  const user = await startPage();
  const role = roleOf(user);
  if (role !== 'auditor') {
    say('audit-message', 'Only auditors read the audit trail.', 'error');
    form.hidden = true;
    setChildren(document.getElementById('audit'), el('p', {}, el('a', { href: homeFor(role), text: 'Go to your start page' })));
    return;
  }
  form.addEventListener('submit', event => {
    event.preventDefault();
    load();
  });
  await load();
}

main().catch(error => {
  if (!(error instanceof ApiError && error.status === 401)) {
    say('audit-message', error.message, 'error');
  }
});
