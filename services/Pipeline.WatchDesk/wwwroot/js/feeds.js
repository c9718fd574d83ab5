// Feed health, for every role: per feed, records in, accepted, rejected, duplicates, lag, last record.
import { listPage, objectTable, request } from '/js/api.js';

listPage('feeds', {
  empty: 'No feed reported anything in this window.',
  failure: 'Feed health could not be loaded',
  async fetchItems(form) {
    const data = await request('/api/feeds/health', { query: { minutes: form.elements.minutes.value } });
    return Array.isArray(data) ? data : (data.feeds ?? data.items ?? []);
  },
  render: feeds => objectTable('Per feed, over the window', feeds),
});
