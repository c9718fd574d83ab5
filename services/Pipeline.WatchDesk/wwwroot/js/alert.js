// One alert: Summary, narrative with highlighted indicator terms, the model's explanation, the
// location with a small SVG plot (no map tiles), linked reports, history, the report's lineage,
// privacy fields for the roles that may see them, and the workflow (claim, disposition, share,
// reopen, export).
import {
  ApiError, el, formatNumber, formatTime, objectTable, orEmpty, post, request, roleOf, runPage, say, setChildren, startAlertPage, statusBadge, table,
  urgencyBadge, STATUS_WORDS,
} from '/js/api.js';

const SVG = 'http://www.w3.org/2000/svg';
const alertId = decodeURIComponent(location.pathname.replace(/^\/alerts\//, '').replace(/\/$/, ''));
const apiBase = '/api/alerts/' + encodeURIComponent(alertId);

let user = null;
let role = '';
let detail = null;

// ---- summary ----------------------------------------------------------------------------------

function fact(list, term, value) {
  if (value === null || value === undefined || value === '') {
    return;
  }
  list.append(el('dt', { text: term }), el('dd', {}, value instanceof Node ? value : String(value)));
}

function renderSummary(alert, report) {
  const list = document.getElementById('summary-list');
  list.replaceChildren();
  fact(list, 'Alert', alert.alertId);
  fact(list, 'Report', report?.reportKey ?? alert.reportKey);
  fact(list, 'Feed', report?.feedId ?? alert.feedId);
  fact(list, 'Kind', report?.kind);
  fact(list, 'Occurred', formatTime(report?.occurredAt));
  fact(list, 'Received', formatTime(report?.receivedAt));
  fact(list, 'Raised', formatTime(alert.raisedAt));
  const due = el('span', {}, formatTime(alert.dueAt));
  if (alert.overdue) {
    due.append(' ', el('strong', { className: 'overdue', text: 'overdue' }));
  }
  fact(list, 'SLA due', due);
  fact(list, 'Category', alert.topCategory);
  fact(list, 'Urgency', urgencyBadge(alert.urgency));
  fact(list, 'Priority', formatNumber(alert.priority, 3));
  fact(list, 'Status', statusBadge(alert.status));
  fact(list, 'Assignee', alert.assignee ?? 'unassigned');
  fact(list, 'Call type', report?.callType);
  fact(list, 'Target sector', report?.targetSector);
  fact(list, 'Disposition', alert.disposition);
  fact(list, 'Disposition code', alert.dispositionCode);
  fact(list, 'Disposition comment', alert.dispositionComment);

  const scores = [...(alert.scores ?? [])].sort((a, b) => b.score - a.score);
  setChildren(document.getElementById('scores'), orEmpty(scores, 'No scores recorded.', items =>
    table(null, ['Category', 'Score', ''], items.map(s => [
      s.category,
      formatNumber(s.score, 3),
      el('meter', { min: '0', max: '1', value: String(s.score), 'aria-label': `${s.category} score` }),
    ]), 'data compact')));
}

// ---- narrative with highlights ----------------------------------------------------------------

/** Text nodes and <mark> elements cut at the highlight offsets; overlapping or out-of-range spans are skipped. */
export function highlightedNarrative(text, highlights) {
  const nodes = [];
  const spans = (highlights ?? [])
    .filter(h => Number.isInteger(h.start) && Number.isInteger(h.length) && h.length > 0 && h.start >= 0 && h.start + h.length <= text.length)
    .sort((a, b) => a.start - b.start || b.length - a.length);
  let at = 0;
  for (const span of spans) {
    if (span.start < at) {
      continue;
    }
    if (span.start > at) {
      nodes.push(document.createTextNode(text.slice(at, span.start)));
    }
    const mark = document.createElement('mark');
    mark.textContent = text.slice(span.start, span.start + span.length);
    if (span.term) {
      mark.title = 'indicator: ' + span.term;
    }
    nodes.push(mark);
    at = span.start + span.length;
  }
  if (at < text.length) {
    nodes.push(document.createTextNode(text.slice(at)));
  }
  return nodes;
}

function renderNarrative(report, highlights) {
  const narrative = report?.narrative ?? '';
  const target = document.getElementById('narrative');
  if (!narrative) {
    setChildren(target, el('span', { className: 'empty', text: 'No narrative.' }));
    return;
  }
  target.replaceChildren(...highlightedNarrative(narrative, highlights));
}

function renderExplanation(alert) {
  const rows = [...(alert.explanation ?? [])].sort((a, b) => b.contribution - a.contribution);
  setChildren(document.getElementById('explanation'), orEmpty(rows, 'The model recorded no explanation for this alert.', items =>
    table(null, ['Category', 'Feature', 'Contribution (log-odds)'],
      items.map(r => [r.category, r.feature, formatNumber(r.contribution, 3)]), 'data compact explanation')));
}

// ---- location and plot ------------------------------------------------------------------------

function hasPoint(p) {
  return p && Number.isFinite(p.latitude) && Number.isFinite(p.longitude);
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    node.setAttribute(key, String(value));
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function niceMeters(target) {
  const steps = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];
  return steps.reduce((best, s) => (s <= target ? s : best), steps[0]);
}

/** A small plot: the report's point, any linked reports that carry coordinates, a grid and a scale bar. */
function plot(center, others) {
  const width = 360;
  const height = 240;
  const pad = 24;
  const cosLat = Math.cos((center.latitude * Math.PI) / 180) || 1;
  const metersPerDegLat = 111_320;
  const metersPerDegLon = 111_320 * cosLat;
  // Half-span in metres: enough to hold every point, at least 400 m around the report.
  let half = 400;
  for (const p of others) {
    half = Math.max(half,
      Math.abs(p.latitude - center.latitude) * metersPerDegLat * 1.25,
      Math.abs(p.longitude - center.longitude) * metersPerDegLon * 1.25 * (height / width));
  }
  const scale = (height / 2 - pad) / half; // pixels per metre
  const x = lon => width / 2 + (lon - center.longitude) * metersPerDegLon * scale;
  const y = lat => height / 2 - (lat - center.latitude) * metersPerDegLat * scale;

  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'location-plot',
    'aria-label': `Plot of the report at ${center.latitude.toFixed(5)}, ${center.longitude.toFixed(5)}` +
      (others.length ? ` and ${others.length} linked report${others.length === 1 ? '' : 's'}` : ''),
  });
  root.append(svg('rect', { x: 0, y: 0, width, height, class: 'plot-bg' }));
  const gridMeters = niceMeters(half / 2);
  const gridPx = gridMeters * scale;
  for (let gx = width / 2 % gridPx; gx < width; gx += gridPx) {
    root.append(svg('line', { x1: gx, y1: 0, x2: gx, y2: height, class: 'grid' }));
  }
  for (let gy = height / 2 % gridPx; gy < height; gy += gridPx) {
    root.append(svg('line', { x1: 0, y1: gy, x2: width, y2: gy, class: 'grid' }));
  }
  // North arrow.
  root.append(svg('path', { d: `M ${width - 18} 30 L ${width - 12} 14 L ${width - 6} 30 Z`, class: 'north' }));
  root.append(svg('text', { x: width - 12, y: 42, 'text-anchor': 'middle', class: 'plot-label' }, 'N'));
  // Scale bar.
  const barPx = gridMeters * scale;
  const barY = height - 12;
  root.append(svg('line', { x1: 10, y1: barY, x2: 10 + barPx, y2: barY, class: 'scale-bar' }));
  root.append(svg('text', { x: 10, y: barY - 5, class: 'plot-label' }, gridMeters >= 1000 ? `${gridMeters / 1000} km` : `${gridMeters} m`));

  for (const p of others) {
    const dot = svg('circle', { cx: x(p.longitude), cy: y(p.latitude), r: 5, class: 'linked-point', 'data-report': p.reportKey ?? '' });
    dot.append(svg('title', {}, `Linked: ${p.reportKey ?? ''}`));
    root.append(dot);
  }
  const main = svg('circle', { cx: x(center.longitude), cy: y(center.latitude), r: 7, class: 'report-point' });
  main.append(svg('title', {}, 'This report'));
  root.append(main);
  return root;
}

function renderLocation(report, linked) {
  const location = report?.location ?? {};
  const list = document.getElementById('location-list');
  list.replaceChildren();
  fact(list, 'Address', location.address);
  if (hasPoint(location)) {
    fact(list, 'Coordinates', `${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)}`);
  }
  fact(list, 'Precision', location.precision);
  const jurisdictions = location.jurisdictions ?? [];
  fact(list, 'Jurisdictions', jurisdictions.length ? jurisdictions.join(' › ') : 'none known');
  const target = document.getElementById('plot');
  if (hasPoint(location)) {
    setChildren(target, plot(location, (linked ?? []).filter(hasPoint)));
  } else {
    setChildren(target, el('p', { className: 'empty', text: 'No coordinates: nothing to plot.' }));
  }
}

// ---- linked, history, privacy, disseminations -------------------------------------------------

function renderLinked(linked) {
  setChildren(document.getElementById('linked'), orEmpty(linked, 'No linked reports.', items =>
    table(null, ['Report', 'Feed', 'Occurred', 'Match weight', 'Band', 'Why linked'], items.map(l => [
      l.reportKey,
      l.feedId,
      formatTime(l.occurredAt),
      formatNumber(l.weight, 2),
      l.band ?? '',
      Array.isArray(l.reasons) ? l.reasons.join('; ') : (l.reasons ?? ''),
    ]), 'data linked')));
}

function renderHistory(history) {
  setChildren(document.getElementById('history'), orEmpty(history, 'No changes yet.', items =>
    table(null, ['When', 'Who', 'Action', 'Status', 'Disposition', 'Comment'], items.map(h => [
      formatTime(h.at),
      h.actor,
      h.action,
      h.fromStatus || h.toStatus ? `${STATUS_WORDS[h.fromStatus] ?? h.fromStatus ?? '—'} → ${STATUS_WORDS[h.toStatus] ?? h.toStatus ?? '—'}` : '',
      h.disposition ?? '',
      h.comment ?? '',
    ]), 'data history')));
}

function renderPrivacy(privacy) {
  const section = document.getElementById('privacy-section');
  if (!privacy) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const list = items => orEmpty(items, 'none', nonEmpty =>
    el('ul', {}, nonEmpty.map(i => el('li', { text: typeof i === 'string' ? i : JSON.stringify(i) }))));
  setChildren(document.getElementById('privacy'),
    el('h3', { text: 'Subjects' }), list(privacy.subjects),
    el('h3', { text: 'Vehicles' }), list(privacy.vehicles));
}

function renderDisseminations(items) {
  const section = document.getElementById('disseminations-section');
  section.hidden = !items || items.length === 0;
  if (!section.hidden) {
    setChildren(document.getElementById('disseminations'), objectTable(null, items));
  }
}

// ---- lineage ----------------------------------------------------------------------------------

/** A lineage time as the CLI prints it, in UTC to the millisecond: "2026-11-20 14:30:00.123Z". */
function lineageTime(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value ?? '') : date.toISOString().replace('T', ' ');
}

/** One stage event: a row of time (UTC), stage, and its details as a small definition list. */
function lineageRow(event) {
  const facts = Array.isArray(event.detail) ? event.detail : [];
  const details = facts.length === 0
    ? el('span', { className: 'empty', text: 'no details' })
    : el('dl', { className: 'facts lineage-detail' },
      facts.flatMap(f => [el('dt', { text: f.name }), el('dd', { text: f.value })]));
  return el('tr', { dataset: { stage: String(event.stage ?? '') } },
    el('td', { className: 'lineage-time' }, el('time', { datetime: String(event.at ?? ''), text: lineageTime(event.at) })),
    el('td', { className: 'lineage-stage', text: event.stage }),
    el('td', { className: 'lineage-details' }, details));
}

/** One pass: its heading, then a small table of its events in order. */
function lineagePass(pass) {
  return el('section', { className: 'lineage-pass', dataset: { passKind: String(pass.kind ?? '') } },
    el('h3', { className: 'lineage-heading', text: pass.heading }),
    el('table', { className: 'data compact lineage' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: 'Time (UTC)' }), el('th', { scope: 'col', text: 'Stage' }), el('th', { scope: 'col', text: 'Details' }))),
      el('tbody', {}, (pass.events ?? []).map(lineageRow))));
}

function renderLineage(lineage) {
  const summary = document.getElementById('lineage-summary');
  const target = document.getElementById('lineage');
  if (!lineage) {
    summary.replaceChildren();
    setChildren(target, el('p', { className: 'empty', text: 'The lineage of this report could not be read.' }));
    return;
  }
  setChildren(summary, 'Report ', el('span', { className: 'mono', text: lineage.reportKey }),
    ` (feed ${lineage.feedId}, version ${lineage.version})`,
    lineage.alertId ? [', alert ', el('span', { className: 'mono', text: lineage.alertId })] : ', no alert');
  setChildren(target, orEmpty(lineage.passes, 'No lineage events (stored before lineage was recorded).', passes => passes.map(lineagePass)));
}

// ---- workflow ---------------------------------------------------------------------------------

function canWork() {
  return role === 'analyst' || role === 'supervisor';
}

function renderWorkflow(alert) {
  const mine = alert.assignee && alert.assignee === user.userName;
  const state = document.getElementById('workflow-state');
  setChildren(state, 'Status: ', statusBadge(alert.status),
    alert.assignee ? ` · assigned to ${alert.assignee}${mine ? ' (you)' : ''}` : ' · unassigned');

  const claimable = alert.status === 'New' || (alert.status === 'NeedsInformation' && mine);
  document.getElementById('claim-box').hidden = !(canWork() && claimable);
  document.getElementById('disposition-form').hidden = !(canWork() && alert.status === 'InReview' && mine);
  document.getElementById('share-form').hidden = !(canWork() && alert.status === 'Vetted');
  document.getElementById('reopen-form').hidden = !(role === 'supervisor' && (alert.status === 'Vetted' || alert.status === 'Closed'));
  const detailed = document.getElementById('share-detailed');
  detailed.hidden = role !== 'supervisor';
  detailed.disabled = role !== 'supervisor';

  const exports = document.getElementById('exports');
  if (canWork()) {
    const links = [el('a', { href: `${apiBase}/export?form=Summary`, download: '', text: 'Export ISE-SAR XML (Summary)' })];
    if (role === 'supervisor') {
      links.push(' · ', el('a', { href: `${apiBase}/export?form=Detailed`, download: '', text: 'Export ISE-SAR XML (Detailed)' }));
    }
    setChildren(exports, links);
    exports.hidden = false;
  } else {
    exports.hidden = true;
  }
  if (role === 'auditor') {
    say('workflow-message', 'Read-only: auditors do not change alerts.', 'info');
  }
}

async function act(action, button) {
  if (button) {
    button.disabled = true;
  }
  try {
    const result = await action();
    await load();
    return result;
  } catch (error) {
    const text = error instanceof ApiError && error.status === 409 ? error.message || 'Someone changed this alert meanwhile.' : error.message;
    say('workflow-message', text, 'error');
    return undefined;
  } finally {
    if (button) {
      button.disabled = false;
    }
  }
}

function setupWorkflow() {
  const claimButton = document.getElementById('claim');
  claimButton.addEventListener('click', async () => {
    await act(() => post(`${apiBase}/claim`), claimButton);
    if (detail?.alert.status === 'InReview') {
      say('workflow-message', 'You claimed this alert.', 'ok');
      document.querySelector('#disposition-form input[name="disposition"]')?.focus();
    }
  });

  document.getElementById('disposition-form').addEventListener('submit', async event => {
    event.preventDefault();
    const chosen = document.querySelector('#disposition-form input[name="disposition"]:checked');
    const code = document.getElementById('disposition-code').value.trim();
    const comment = document.getElementById('disposition-comment').value.trim();
    const missing = [!chosen && 'a disposition', !code && 'a disposition code', !comment && 'a comment'].filter(Boolean);
    if (missing.length) {
      say('workflow-message', 'Choose or enter ' + missing.join(', ') + '.', 'error');
      (!chosen ? document.querySelector('#disposition-form input[name="disposition"]')
        : document.getElementById(!code ? 'disposition-code' : 'disposition-comment')).focus();
      return;
    }
    const result = await act(() => post(`${apiBase}/disposition`, { disposition: chosen.value, code, comment }),
      document.getElementById('disposition-submit'));
    if (result !== undefined) {
      event.target.reset();
      say('workflow-message', `Disposition recorded: the alert is now ${STATUS_WORDS[result?.status] ?? result?.status ?? detail.alert.status}.`, 'ok');
    }
  });

  document.getElementById('share-form').addEventListener('submit', async event => {
    event.preventDefault();
    const recipient = document.getElementById('share-recipient').value.trim();
    const reason = document.getElementById('share-reason').value.trim();
    const form = document.getElementById('share-form-kind').value;
    if (!recipient || !reason) {
      say('workflow-message', 'A recipient and a need-to-know reason are required.', 'error');
      document.getElementById(!recipient ? 'share-recipient' : 'share-reason').focus();
      return;
    }
    const result = await act(() => post(`${apiBase}/share`, { recipient, reason, form }), document.getElementById('share-submit'));
    if (result !== undefined) {
      event.target.reset();
      say('workflow-message', `Shared with ${recipient}; the dissemination is logged.`, 'ok');
    }
  });

  document.getElementById('reopen-form').addEventListener('submit', async event => {
    event.preventDefault();
    const reason = document.getElementById('reopen-reason').value.trim();
    if (!reason) {
      say('workflow-message', 'A reason is required to reopen.', 'error');
      document.getElementById('reopen-reason').focus();
      return;
    }
    const result = await act(() => post(`${apiBase}/reopen`, { reason }), document.getElementById('reopen-submit'));
    if (result !== undefined) {
      event.target.reset();
      say('workflow-message', 'Reopened.', 'ok');
    }
  });
}

// ---- start ------------------------------------------------------------------------------------

async function load() {
  detail = await request(apiBase);
  const { alert, report } = detail;
  document.title = `${alert.topCategory ?? 'Alert'} · ${report?.reportKey ?? alert.alertId} · Watch desk`;
  setChildren(document.getElementById('title'), 'Alert ', el('span', { className: 'mono', text: report?.reportKey ?? alert.alertId }));
  renderSummary(alert, report);
  renderNarrative(report, detail.highlights);
  renderExplanation(alert);
  renderLocation(report, detail.linked);
  renderLinked(detail.linked);
  renderHistory(detail.history);
  renderPrivacy(role === 'auditor' ? null : detail.privacy);
  renderDisseminations(detail.disseminations);
  renderLineage(detail.lineage);
  renderWorkflow(alert);
  document.getElementById('detail').hidden = false;
  document.body.dataset.alert = 'loaded';
}

async function main() {
  user = await startAlertPage();
  if (user === null) {
    return;
  }
  role = roleOf(user);
  let back = null;
  try {
    back = sessionStorage.getItem('desk-queue-url');
  } catch {
    // Storage disabled: the link keeps its plain "/".
  }
  if (back && back.startsWith('/') && !back.startsWith('//')) {
    document.getElementById('back').href = back;
  }
  setupWorkflow();
  try {
    await load();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) {
      say('alert-message', error.status === 404 ? 'There is no such alert.' : 'The alert could not be loaded: ' + error.message, 'error');
    }
  }
}

runPage(main, 'alert-message');
