// Fairness reports (auditors, engineers): the stored reports, each linking to its own HTML page.
import { ApiError, el, homeFor, objectTable, request, roleOf, say, setChildren, startPage } from '/js/api.js';

const form = document.getElementById('fairness-filters');

function reportId(item) {
  return item.reportId ?? item.id;
}

async function load() {
  try {
    const data = await request('/api/fairness/reports', { query: { model: form.elements.model.value.trim(), limit: form.elements.limit.value } });
    const reports = Array.isArray(data) ? data : (data.reports ?? data.items ?? []);
    setChildren(document.getElementById('fairness'), reports.length === 0
      ? el('p', { className: 'empty', text: 'No fairness reports are stored yet.' })
      : objectTable(null, reports, {
        extra: {
          title: 'Report',
          cell: item => (reportId(item)
            ? el('a', { href: '/api/fairness/reports/' + encodeURIComponent(reportId(item)), target: '_blank', rel: 'noopener', text: 'Open report' })
            : ''),
        },
      }));
    say('fairness-message', '');
    document.body.dataset.fairness = 'loaded';
  } catch (error) {
    say('fairness-message', 'The reports could not be loaded: ' + error.message, 'error');
  }
}

async function main() {
  const user = await startPage();
  const role = roleOf(user);
  if (role !== 'auditor' && role !== 'engineer') {
    form.hidden = true;
    say('fairness-message', 'Fairness reports are for auditors and engineers.', 'error');
    setChildren(document.getElementById('fairness'), el('p', {}, el('a', { href: homeFor(role), text: 'Go to your start page' })));
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
    say('fairness-message', error.message, 'error');
  }
});
