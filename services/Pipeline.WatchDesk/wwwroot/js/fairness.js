// Fairness reports (auditors, engineers): the stored reports, each linking to its own HTML page.
import { el, listPage, objectTable, request } from '/js/api.js';

function reportId(item) {
  return item.reportId ?? item.id;
}

function reportLink(item) {
  return reportId(item)
    ? el('a', { href: '/api/fairness/reports/' + encodeURIComponent(reportId(item)), target: '_blank', rel: 'noopener', text: 'Open report' })
    : '';
}

listPage('fairness', {
  roles: ['auditor', 'engineer'],
  refusal: 'Fairness reports are for auditors and engineers.',
  empty: 'No fairness reports are stored yet.',
  failure: 'The reports could not be loaded',
  async fetchItems(form) {
    const data = await request('/api/fairness/reports', { query: { model: form.elements.model.value.trim(), limit: form.elements.limit.value } });
    return Array.isArray(data) ? data : (data.reports ?? data.items ?? []);
  },
  render: reports => objectTable(null, reports, { extra: { title: 'Report', cell: reportLink } }),
});
