// Feed health, for every role: per feed, records in, accepted, rejected, duplicates, lag, last record.
import { ApiError, el, objectTable, request, say, setChildren, startPage } from '/js/api.js';

const form = document.getElementById('feeds-filters');

async function load() {
  try {
    const data = await request('/api/feeds/health', { query: { minutes: form.elements.minutes.value } });
    const feeds = Array.isArray(data) ? data : (data.feeds ?? data.items ?? []);
    setChildren(document.getElementById('feeds'), feeds.length === 0
      ? el('p', { className: 'empty', text: 'No feed reported anything in this window.' })
      : objectTable('Per feed, over the window', feeds));
    say('feeds-message', '');
    document.body.dataset.feeds = 'loaded';
  } catch (error) {
    say('feeds-message', 'Feed health could not be loaded: ' + error.message, 'error');
  }
}

async function main() {
  await startPage();
  form.addEventListener('submit', event => {
    event.preventDefault();
    load();
  });
  await load();
}

main().catch(error => {
  if (!(error instanceof ApiError && error.status === 401)) {
    say('feeds-message', error.message, 'error');
  }
});
