// The audit trail (auditors): filters, the table, and the CSV download of the same selection.
import { formatTime, listPage, request, table } from '/js/api.js';

function query(form) {
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

listPage('audit', {
  roles: ['auditor'],
  refusal: 'Only auditors read the audit trail.',
  empty: 'No audit entries in this window.',
  failure: 'The audit trail could not be loaded',
  async fetchItems(form) {
    const params = query(form);
    const text = params.toString();
    document.getElementById('csv').href = '/api/audit.csv' + (text ? '?' + text : '');
    const entries = await request('/api/audit', { query: params });
    return Array.isArray(entries) ? entries : (entries.items ?? []);
  },
  render: list => table(`${list.length} entr${list.length === 1 ? 'y' : 'ies'}`, ['When', 'User', 'Role', 'Action', 'Target', 'Reason', 'Client address'],
    list.map(e => [formatTime(e.at), e.actor, e.role, e.action, e.target ?? '', e.reason ?? '', e.clientAddress ?? '']), 'data audit'),
});
