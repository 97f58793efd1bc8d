// The timeline page: filters in the URL, a vis-timeline chart, a readable list and an entry panel.
// A plain ES module with no build step. All data reaches the DOM through textContent and
// attributes set one by one: never innerHTML.

import { formatEntryDate, formatPart } from './entry-date.js';

const FILTER_LISTS = ['country', 'category', 'actor'];
const FILTER_TEXTS = ['q', 'from', 'to', 'asOf'];
const PAGE_SIZE = 500;
// The lane labels' width in pixels, as timeline.css draws them (.lane-label).
const LANE_LABELS_PX = 190;
const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const EVENT_LABELS = {
  EntryAdded: 'Added',
  EntryAmended: 'Amended',
  SourceAttached: 'Source attached',
  EntryRetracted: 'Retracted',
};
const FIELD_LABELS = {
  title: 'Title',
  summary: 'Summary',
  date: 'Date',
  countries: 'Countries',
  actors: 'Actors',
  categories: 'Categories',
};

const $ = (id) => document.getElementById(id);
const dom = {
  form: $('filters'),
  q: $('q'),
  from: $('from'),
  to: $('to'),
  asOf: $('asOf'),
  includeRetracted: $('includeRetracted'),
  filterError: $('filter-error'),
  notice: $('asof-notice'),
  noticeText: $('asof-notice-text'),
  status: $('status'),
  chart: $('chart'),
  timeline: $('timeline'),
  empty: $('empty'),
  emptyText: $('empty-text'),
  listSection: $('list'),
  list: $('entry-list'),
  panel: $('entry-panel'),
  panelBody: $('entry-body'),
};

/** Labels for codes and categories, from the facets (filled in at start). */
const labels = { country: new Map(), category: new Map() };
let state = readState();
let listRequest;
let entryRequest;
let chart;
let shownEntries = [];
let panelOpener;
let lastCoalesce = '';

// ---------- state in the URL ----------

function readState() {
  const params = new URLSearchParams(location.search);
  const next = { entry: params.get('entry') ?? '' };
  for (const key of FILTER_LISTS)
    next[key] = params
      .getAll(key)
      .flatMap((v) => v.split(','))
      .filter(Boolean);
  next.country = next.country.map((code) => code.toUpperCase());
  for (const key of FILTER_TEXTS) next[key] = (params.get(key) ?? '').trim();
  // A bare date means the end of that day (UTC), as the API reads it.
  if (/^\d{4}-\d{2}-\d{2}$/.test(next.asOf)) next.asOf = `${next.asOf}T23:59:59.999Z`;
  next.includeRetracted = params.get('includeRetracted') === 'true';
  return next;
}

function emptyFilters() {
  return { country: [], category: [], actor: [], q: '', from: '', to: '', asOf: '', includeRetracted: false };
}

/** The filters as the API takes them (the page's own query string uses the same names). */
function filterParams(from = state) {
  const params = new URLSearchParams();
  for (const key of FILTER_LISTS) for (const value of from[key]) params.append(key, value);
  for (const key of FILTER_TEXTS) if (from[key]) params.set(key, from[key]);
  if (from.includeRetracted) params.set('includeRetracted', 'true');
  return params;
}

function pageUrl(from = state) {
  const params = filterParams(from);
  if (from.entry) params.set('entry', from.entry);
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

/**
 * Moves to a new state: records it in the history (so Back returns) and shows it. Steps of one
 * kind in a row (`coalesce`: the words of one search as they are typed) share one history entry.
 */
function navigate(changes, { coalesce = '' } = {}) {
  const before = filterParams().toString();
  state = { ...state, ...changes };
  const url = pageUrl();
  if (url !== `${location.pathname}${location.search}`) {
    if (coalesce && coalesce === lastCoalesce) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
  }
  lastCoalesce = coalesce;
  if (filterParams().toString() !== before) void loadEntries();
  void showEntryFromState();
}

window.addEventListener('popstate', () => {
  const before = filterParams().toString();
  state = readState();
  lastCoalesce = '';
  syncForm();
  if (filterParams().toString() !== before) void loadEntries();
  void showEntryFromState();
});

// ---------- the filter form ----------

function syncForm() {
  for (const key of FILTER_LISTS) {
    const wanted = new Set(state[key]);
    for (const box of dom.form.querySelectorAll(`input[name="${key}"]`)) box.checked = wanted.has(box.value);
    summarizeFacet(key);
  }
  dom.q.value = state.q;
  dom.from.value = state.from;
  dom.to.value = state.to;
  dom.asOf.value = state.asOf ? toLocalInput(state.asOf) : '';
  dom.includeRetracted.checked = state.includeRetracted;
  showAsOfNotice();
}

function fillFacet(key, options) {
  const fieldset = dom.form.querySelector(`#facet-${key} .facet-options`);
  const known = new Set(options.map((o) => o.value));
  // A value from a shared link that no current entry carries is still offered, so it can be removed.
  const all = [...options, ...state[key].filter((v) => !known.has(v)).map((value) => ({ value, count: 0 }))];
  for (const option of all) {
    const label = element('label', { className: 'facet-option' });
    label.append(
      element('input', { type: 'checkbox', name: key, value: option.value }),
      element('span', { className: 'facet-option-label' }, option.label ?? option.value),
      element('span', { className: 'facet-count', title: `${option.count} entries` }, String(option.count)),
    );
    fieldset.append(label);
  }
}

function summarizeFacet(key) {
  const chosen = state[key];
  const summary = dom.form.querySelector(`#facet-${key} [data-facet-summary]`);
  const names = chosen.map((v) => labels[key]?.get(v) ?? v);
  summary.textContent =
    names.length === 0 ? 'Any' : names.length <= 2 ? names.join(', ') : `${names.length} chosen`;
  summary.closest('details').classList.toggle('facet-active', chosen.length > 0);
}

dom.form.addEventListener('change', (event) => {
  const input = event.target;
  if (FILTER_LISTS.includes(input.name)) {
    const values = [...dom.form.querySelectorAll(`input[name="${input.name}"]:checked`)].map((b) => b.value);
    navigate({ [input.name]: values });
    summarizeFacet(input.name);
  } else if (input === dom.from || input === dom.to) {
    applyDates();
  } else if (input === dom.asOf) {
    const iso = dom.asOf.value ? fromLocalInput(dom.asOf.value) : '';
    if (iso === undefined) return;
    navigate({ asOf: iso }, { coalesce: 'asOf' });
    showAsOfNotice();
  } else if (input === dom.includeRetracted) {
    navigate({ includeRetracted: input.checked });
  }
});

let searchTimer;
dom.q.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => applySearch(), 350);
});
dom.form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(searchTimer);
  applySearch();
  applyDates();
});

function applySearch() {
  const q = dom.q.value.trim();
  if (q !== state.q) navigate({ q }, { coalesce: 'q' });
}

function applyDates() {
  const from = dom.from.value.trim();
  const to = dom.to.value.trim();
  const bad = [
    [from, 'From'],
    [to, 'To'],
  ].find(([value]) => value && !PARTIAL_DATE.test(value));
  if (bad) {
    showFilterError(`${bad[1]}: write a year (2019), a month (2019-06) or a day (2019-06-15).`);
    return;
  }
  showFilterError('');
  if (from !== state.from || to !== state.to) navigate({ from, to });
}

function showFilterError(message) {
  dom.filterError.textContent = message;
  dom.filterError.hidden = !message;
}

function clearFilters() {
  navigate(emptyFilters());
  showFilterError('');
  syncForm();
  dom.q.focus();
}
$('clear-filters').addEventListener('click', clearFilters);
$('empty-clear').addEventListener('click', clearFilters);
$('asof-clear').addEventListener('click', () => {
  navigate({ asOf: '' });
  syncForm();
});

// One facet menu open at a time; a click elsewhere or Escape closes it.
for (const details of document.querySelectorAll('details.facet')) {
  details.addEventListener('toggle', () => {
    if (!details.open) return;
    for (const other of document.querySelectorAll('details.facet[open]'))
      if (other !== details) other.open = false;
  });
}
const shaded = window.matchMedia('(max-width: 1279px)');
document.addEventListener('click', (event) => {
  for (const open of document.querySelectorAll('details.facet[open]'))
    if (!open.contains(event.target)) open.open = false;
  // On narrower screens the panel covers the page with a shade (body::after): a click there closes it.
  if (event.target === document.body && !dom.panel.hidden && shaded.matches) closePanel();
});
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  const open = document.querySelector('details.facet[open]');
  if (open) {
    open.open = false;
    open.querySelector('summary').focus();
  } else if (!dom.panel.hidden) {
    closePanel();
  }
});

function showAsOfNotice() {
  dom.notice.hidden = !state.asOf;
  document.body.classList.toggle('time-travel', Boolean(state.asOf));
  if (state.asOf)
    dom.noticeText.textContent =
      ` You are reading the timeline as it was recorded on ${formatTime(state.asOf)}. ` +
      'Entries added, amended or retracted after that are shown as they were then, or not at all.';
}

// ---------- loading entries ----------

async function getJson(url, signal) {
  const response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = new Error(apiMessage(response.status, body));
    error.status = response.status;
    throw error;
  }
  return body;
}

function apiMessage(status, body) {
  if (status === 401 || status === 403) return 'Reading this timeline needs an API key.';
  const error = body?.error;
  if (!error) return `The server answered ${status}.`;
  const field = error.details?.field;
  return field ? `${field}: ${error.message}` : error.message;
}

async function loadEntries() {
  listRequest?.abort();
  const request = new AbortController();
  listRequest = request;
  setBusy(true);
  updateExportLinks();
  updateAlertFollows();
  try {
    const entries = [];
    let total = 0;
    do {
      const params = filterParams();
      params.set('limit', String(PAGE_SIZE));
      params.set('offset', String(entries.length));
      const page = await getJson(`/api/timeline?${params}`, request.signal);
      entries.push(...page.entries);
      total = page.total;
      if (page.entries.length === 0) break;
    } while (entries.length < total);
    if (request !== listRequest) return;
    shownEntries = entries;
    render(entries);
  } catch (error) {
    if (request.signal.aborted) return;
    shownEntries = [];
    render([], error.message);
  } finally {
    if (request === listRequest) setBusy(false);
  }
}

function setBusy(busy) {
  document.body.classList.toggle('loading', busy);
  dom.list.setAttribute('aria-busy', String(busy));
  if (busy) dom.status.textContent = 'Loading the timeline…';
}

function updateExportLinks() {
  for (const link of document.querySelectorAll('.exports a[data-format]')) {
    const params = filterParams();
    params.set('format', link.dataset.format);
    link.href = `/api/timeline/export?${params}`;
  }
}

function hasFilters() {
  return FILTER_LISTS.some((k) => state[k].length > 0) || ['q', 'from', 'to'].some((k) => state[k]);
}

function render(entries, failure) {
  const n = entries.length;
  if (failure) dom.status.textContent = `Could not load the timeline. ${failure}`;
  else if (n === 0) dom.status.textContent = 'No entries.';
  else {
    const matching = hasFilters() ? (n === 1 ? ' matches these filters' : ' match these filters') : '';
    const then = state.asOf ? ' (as recorded then)' : '';
    dom.status.textContent = `${n} ${n === 1 ? 'entry' : 'entries'}${matching}${then}.`;
  }
  dom.status.classList.toggle('status-error', Boolean(failure));
  dom.empty.hidden = Boolean(failure) || n > 0;
  dom.emptyText.textContent =
    state.asOf && !hasFilters()
      ? 'Nothing had been recorded yet at that time.'
      : 'No entries match these filters.';
  dom.chart.hidden = n === 0 || !window.vis;
  dom.listSection.hidden = n === 0;
  renderList(entries);
  renderChart(entries);
}

// ---------- the list ----------

function renderList(entries) {
  const rows = entries.map((entry) => {
    const li = element('li', {
      className: `entry-row cat-${entry.categories[0] ?? 'none'}${entry.status === 'retracted' ? ' retracted' : ''}`,
    });
    li.dataset.id = entry.id;
    const date = element('p', { className: 'entry-date' }, formatEntryDate(entry.date));
    const heading = element('h3', { className: 'entry-title' });
    const link = element('a', { href: pageUrl({ ...state, entry: entry.id }) }, entry.title);
    link.dataset.id = entry.id;
    heading.append(link);
    const meta = element('p', { className: 'entry-meta' });
    meta.append(
      element('span', {}, entry.countries.map(countryName).join(', ')),
      ...entry.categories.map((c) => element('span', { className: `tag cat-${c}` }, categoryName(c))),
    );
    if (entry.status === 'retracted')
      meta.append(element('span', { className: 'tag tag-retracted' }, 'Retracted'));
    const summary = element('p', { className: 'entry-summary' }, entry.summary);
    const body = element('div', { className: 'entry-text' });
    body.append(heading, summary, meta);
    li.append(date, body);
    return li;
  });
  dom.list.replaceChildren(...rows);
  markSelected();
}

dom.list.addEventListener('click', (event) => {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const row = event.target.closest('.entry-row');
  if (!row) return;
  // Selecting text in a row is reading, not opening.
  if (!event.target.closest('a') && String(window.getSelection()).length > 0) return;
  event.preventDefault();
  openEntry(row.dataset.id, row.querySelector('a'));
});

function markSelected() {
  for (const row of dom.list.children) {
    const selected = row.dataset.id === state.entry;
    row.classList.toggle('selected', selected);
    if (selected) row.setAttribute('aria-current', 'true');
    else row.removeAttribute('aria-current');
  }
  if (chart) chart.timeline.setSelection(state.entry && chart.items.get(state.entry) ? [state.entry] : []);
}

// ---------- the chart ----------

function createChart(view) {
  const { Timeline, DataSet, moment } = window.vis;
  const items = new DataSet();
  const groups = new DataSet();
  const timeline = new Timeline(dom.timeline, items, groups, {
    // Without a start and end, vis-timeline fits itself to the items on its first draw, over
    // the window set below.
    ...view,
    orientation: { axis: 'top', item: 'top' },
    stack: true,
    // The page scrolls with the wheel; zooming needs Ctrl (or a pinch), so readers are not trapped.
    zoomKey: 'ctrlKey',
    // No maximum height: vis-timeline leaves lanes scrolled out of sight empty, and the page
    // scrolls anyway.
    minHeight: 160,
    zoomMin: 1000 * 60 * 60 * 24 * 60,
    zoomMax: 1000 * 60 * 60 * 24 * 365 * 80,
    margin: { item: { horizontal: 8, vertical: 6 }, axis: 8 },
    groupOrder: 'order',
    showTooltips: false,
    selectable: true,
    multiselect: false,
    // Entry dates are calendar dates: show them in UTC so nobody's time zone moves them.
    moment: (date) => moment(date).utc(),
  });
  timeline.on('click', (props) => {
    if (props.item !== null && props.item !== undefined) openEntry(String(props.item));
  });
  return { timeline, items, groups };
}

function renderChart(entries) {
  if (!window.vis) return;
  const lanes = new Map();
  const order = [...labels.category.keys()];
  for (const entry of entries) {
    const lane = entry.categories[0] ?? 'none';
    if (!lanes.has(lane)) {
      const content = element('span', { className: 'lane-label' }, categoryName(lane));
      const index = order.indexOf(lane);
      lanes.set(lane, {
        id: lane,
        content,
        className: `lane cat-${lane}`,
        order: index < 0 ? order.length : index,
      });
    }
  }
  const now = Date.now();
  const asOf = state.asOf ? Date.parse(state.asOf) : now;
  const items = entries.map((entry) => {
    const { start, end, precision } = entry.date;
    const content = element('span', { className: 'item-title' }, entry.title);
    content.title = `${formatEntryDate(entry.date)}: ${entry.title}`;
    content.dataset.id = entry.id;
    const isRange = precision === 'range' || precision === 'ongoing';
    const item = {
      id: entry.id,
      group: entry.categories[0] ?? 'none',
      content,
      start: new Date(firstDay(start)),
      type: isRange ? 'range' : 'point',
      className: [
        `cat-${entry.categories[0] ?? 'none'}`,
        `precision-${precision}`,
        entry.status === 'retracted' ? 'retracted' : '',
      ]
        .filter(Boolean)
        .join(' '),
    };
    if (precision === 'range') item.end = new Date(dayAfter(end));
    // Ongoing runs to the moment shown (now, or the time-travel moment), and fades out there.
    if (precision === 'ongoing') item.end = new Date(Math.max(asOf, firstDay(start) + 86_400_000 * 31));
    return item;
  });
  const view = windowFor(items);
  chart ??= createChart(view);
  chart.items.clear();
  chart.groups.clear();
  chart.groups.add([...lanes.values()]);
  chart.items.add(items);
  if (view) chart.timeline.setWindow(view.start, view.end, { animation: false });
  markSelected();
}

/** The widest a point's label is drawn (`--point-label` in timeline.css, in rem). */
function pointLabelPx() {
  const rem = parseFloat(getComputedStyle(dom.timeline).getPropertyValue('--point-label')) || 16;
  return rem * parseFloat(getComputedStyle(document.documentElement).fontSize);
}

/** On wide screens the panel narrows the page: redraw the chart at once rather than at its next check. */
function resizeChart() {
  chart?.timeline.redraw();
}

/** The time span that shows every item, with room on the right for the labels of the last points. */
function windowFor(items) {
  if (items.length === 0) return undefined;
  const min = Math.min(...items.map((i) => i.start.getTime()));
  const max = Math.max(...items.map((i) => (i.end ?? i.start).getTime()));
  // At least two years across, so one entry alone does not fill the chart.
  const span = Math.max(max - min, 1000 * 60 * 60 * 24 * 365 * 2);
  const start = min - (span - (max - min)) / 2 - span * 0.03;
  // A point's label runs right of its date: keep room for one after the last date.
  const chartWidth = Math.max(dom.timeline.clientWidth - LANE_LABELS_PX, 300);
  const share = Math.min(0.4, (pointLabelPx() + 20) / chartWidth);
  return { start: new Date(start), end: new Date(max + ((max - start) * share) / (1 - share)) };
}

// ---------- the entry panel ----------

function openEntry(id, opener) {
  panelOpener = opener ?? document.activeElement;
  if (id !== state.entry) navigate({ entry: id });
  else void showEntryFromState();
}

function closePanel() {
  if (state.entry) navigate({ entry: '' });
  else hidePanel();
}

$('panel-close').addEventListener('click', closePanel);

function hidePanel() {
  if (dom.panel.hidden) return;
  dom.panel.hidden = true;
  document.body.classList.remove('panel-open');
  resizeChart();
  entryRequest?.abort();
  const back = panelOpener?.isConnected ? panelOpener : dom.list;
  panelOpener = undefined;
  back.focus?.({ preventScroll: false });
}

let shownEntryKey = '';
async function showEntryFromState() {
  markSelected();
  if (!state.entry) {
    shownEntryKey = '';
    hidePanel();
    return;
  }
  const key = `${state.entry}|${state.asOf}`;
  if (key === shownEntryKey && !dom.panel.hidden) return;
  shownEntryKey = key;
  if (dom.panel.hidden) {
    dom.panel.hidden = false;
    document.body.classList.add('panel-open');
    resizeChart();
  }
  const known = shownEntries.find((e) => e.id === state.entry);
  dom.panelBody.replaceChildren(
    element(
      'h2',
      { id: 'entry-title', className: 'entry-view-title', tabIndex: -1 },
      known?.title ?? 'Loading…',
    ),
    element('p', { className: 'muted' }, 'Loading its sources and history…'),
  );
  dom.panelBody.firstChild.focus();
  entryRequest?.abort();
  const request = new AbortController();
  entryRequest = request;
  try {
    const params = new URLSearchParams();
    if (state.asOf) params.set('asOf', state.asOf);
    const query = params.toString();
    const url = `/api/timeline/${encodeURIComponent(state.entry)}${query ? `?${query}` : ''}`;
    const { entry, history } = await getJson(url, request.signal);
    if (request !== entryRequest) return;
    renderEntry(entry, history);
  } catch (error) {
    if (request.signal.aborted) return;
    const message =
      error.status === 404
        ? state.asOf
          ? 'This entry had not been recorded yet at the time you are looking at.'
          : 'There is no such entry.'
        : error.status === 400
          ? 'This is not a valid entry link.'
          : `Could not load the entry. ${error.message}`;
    dom.panelBody.replaceChildren(
      element('h2', { id: 'entry-title', className: 'entry-view-title', tabIndex: -1 }, 'Entry not shown'),
      element('p', {}, message),
    );
  }
}

function renderEntry(entry, history) {
  const parts = [];
  parts.push(element('p', { className: 'entry-view-date' }, formatEntryDate(entry.date)));
  parts.push(element('h2', { id: 'entry-title', className: 'entry-view-title', tabIndex: -1 }, entry.title));
  if (entry.status === 'retracted') {
    const r = entry.retraction;
    parts.push(
      element(
        'p',
        { className: 'retraction' },
        r ? `Retracted on ${formatTime(r.at)} by ${r.by}: ${r.reason}` : 'This entry has been retracted.',
      ),
    );
  }

  const facts = element('dl', { className: 'facts' });
  const fact = (term, values) => {
    if (values.length === 0) return;
    const dd = element('dd');
    for (const value of values) dd.append(element('span', { className: 'fact-value' }, value));
    facts.append(element('dt', {}, term), dd);
  };
  fact('Countries', entry.countries.map(countryName));
  fact('Actors', entry.actors);
  fact('Categories', entry.categories.map(categoryName));
  parts.push(facts);
  parts.push(element('p', { className: 'entry-view-summary' }, entry.summary));

  parts.push(element('h3', {}, `Sources (${entry.sources.length})`));
  const sources = element('ol', { className: 'sources' });
  for (const source of entry.sources) sources.append(renderSource(source));
  parts.push(sources);

  parts.push(element('h3', {}, 'History'));
  const events = element('ol', { className: 'history' });
  for (const item of history) events.append(renderHistoryItem(item));
  parts.push(events);

  const links = element('p', { className: 'entry-links' });
  links.append(
    element(
      'a',
      { href: pageUrl({ ...emptyFilters(), entry: entry.id, asOf: state.asOf }) },
      'Link to this entry',
    ),
    element('a', { href: `/api/timeline/${encodeURIComponent(entry.id)}` }, 'As JSON'),
  );
  parts.push(links);

  dom.panelBody.replaceChildren(...parts);
  dom.panelBody.scrollTop = 0;
  dom.panel.querySelector('#entry-title').focus({ preventScroll: true });
}

function renderSource(source) {
  const li = element('li', { className: 'source' });
  const title = element('p', { className: 'source-title' });
  if (isWebUrl(source.url)) {
    title.append(
      element('a', { href: source.url, rel: 'noopener noreferrer', target: '_blank' }, source.title),
    );
  } else {
    title.textContent = source.title;
  }
  li.append(title);
  const byline = [source.publisher, source.publishedAt ? formatPart(source.publishedAt) : ''].filter(Boolean);
  if (byline.length) li.append(element('p', { className: 'source-byline' }, byline.join(' · ')));
  const origin = source.origin ?? {};
  if (origin.kind === 'seed') {
    li.append(
      element(
        'p',
        { className: 'source-origin' },
        `Seed document “${origin.document}”${origin.locator ? `, ${origin.locator}` : ''}`,
      ),
    );
    if (origin.quote) {
      const quote = element('blockquote', { className: 'source-quote' });
      quote.append(element('p', {}, origin.quote));
      li.append(quote);
    }
  } else if (origin.kind === 'feed') {
    li.append(element('p', { className: 'source-origin' }, `From a news feed (item ${origin.itemGuid})`));
  } else if (origin.kind === 'manual') {
    li.append(
      element(
        'p',
        { className: 'source-origin' },
        `Added by a reviewer${origin.note ? `: ${origin.note}` : ''}`,
      ),
    );
  }
  return li;
}

function renderHistoryItem(item) {
  const li = element('li', { className: `history-item history-${item.type}` });
  const head = element('p', { className: 'history-head' });
  head.append(
    element('strong', {}, EVENT_LABELS[item.type] ?? item.type),
    document.createTextNode(' by '),
    element('span', { className: 'history-actor' }, item.actor),
    document.createTextNode(' · '),
    element('time', { dateTime: item.recordedAt, title: item.recordedAt }, formatTime(item.recordedAt)),
  );
  li.append(head);
  if (item.reason) li.append(element('p', { className: 'history-reason' }, `Why: ${item.reason}`));
  if (item.changes && Object.keys(item.changes).length > 0) {
    const changes = element('dl', { className: 'history-changes' });
    for (const [field, value] of Object.entries(item.changes))
      changes.append(
        element('dt', {}, FIELD_LABELS[field] ?? field),
        element('dd', {}, describeValue(field, value)),
      );
    li.append(changes);
  }
  if (item.source && typeof item.source === 'object') {
    const s = item.source;
    li.append(
      element('p', { className: 'history-reason' }, [s.title, s.publisher].filter(Boolean).join(' · ')),
    );
  }
  return li;
}

function describeValue(field, value) {
  if (field === 'date' && value && typeof value === 'object') return formatEntryDate(value);
  if (field === 'countries' && Array.isArray(value)) return value.map(countryName).join(', ');
  if (field === 'categories' && Array.isArray(value)) return value.map(categoryName).join(', ');
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// ---------- formatting ----------

function firstDay(value) {
  const [year, month = 1, day = 1] = String(value).split('-').map(Number);
  return Date.UTC(year, month - 1, day);
}

/** The first day after a partial date: `2012` → 2013-01-01. */
function dayAfter(value) {
  const parts = String(value).split('-').map(Number);
  const [year, month = 1, day = 1] = parts;
  if (parts.length === 1) return Date.UTC(year + 1, 0, 1);
  if (parts.length === 2) return Date.UTC(year, month, 1);
  return Date.UTC(year, month - 1, day + 1);
}

// To the second: a time read here may be typed into "as recorded on".
const timeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
});
function formatTime(iso) {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? String(iso) : timeFormat.format(time);
}

/** ISO time → the value a datetime-local input shows (local time, to the second). */
function toLocalInput(iso) {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return (
    `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}` +
    `T${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`
  );
}

function fromLocalInput(value) {
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

function countryName(code) {
  return labels.country.get(code) ?? code;
}

function categoryName(value) {
  return labels.category.get(value) ?? value.replace(/-/g, ' ');
}

function isWebUrl(url) {
  if (typeof url !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** A new element with properties set as properties (text as textContent, never HTML). */
function element(tag, props = {}, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) node[key] = value;
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---------- email alerts ----------

const alertForm = $('alert-form');
const alertResult = $('alert-result');

/** What a sign-up follows: the page's country, category and actor filters (the API's names). */
function alertFilters() {
  return { countries: [...state.country], categories: [...state.category], actors: [...state.actor] };
}

function updateAlertFollows() {
  const parts = [
    state.country.length ? `about ${state.country.map(countryName).join(' or ')}` : '',
    state.category.length ? `in ${state.category.map(categoryName).join(' or ')}` : '',
    state.actor.length ? `naming ${state.actor.join(' or ')}` : '',
  ].filter(Boolean);
  $('alert-follows').textContent = parts.length ? `new entries ${parts.join(', ')}` : 'every new entry';
}

function showAlertResult(message, isError = false) {
  alertResult.textContent = message;
  alertResult.classList.toggle('alert-result-error', isError);
  alertResult.hidden = !message;
}

alertForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = alertForm.elements.email;
  const email = input.value.trim();
  if (!email || !input.checkValidity()) {
    showAlertResult('Write an email address, like name@example.org.', true);
    input.focus();
    return;
  }
  const button = alertForm.querySelector('button[type="submit"]');
  button.disabled = true;
  showAlertResult('');
  try {
    const response = await fetch('/api/subscriptions/email', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ email, filters: alertFilters(), mode: alertForm.elements.mode.value }),
    });
    const body = await response.json().catch(() => undefined);
    if (response.status === 202) {
      showAlertResult(
        `Check your inbox: a link to confirm is on its way to ${email}. Nothing is sent before you follow it.`,
      );
    } else if (response.status === 429) {
      showAlertResult('Too many sign-ups from here just now. Try again in a minute.', true);
    } else {
      showAlertResult(`Could not sign up. ${apiMessage(response.status, body)}`, true);
    }
  } catch (error) {
    showAlertResult(`Could not sign up. ${error.message}`, true);
  } finally {
    button.disabled = false;
  }
});

// ---------- start ----------

async function start() {
  syncForm();
  updateExportLinks();
  try {
    const facets = await getJson('/api/timeline/facets');
    for (const c of facets.countries) labels.country.set(c.value, c.label);
    for (const c of facets.categories) labels.category.set(c.value, c.label);
    fillFacet('country', facets.countries);
    fillFacet('category', facets.categories);
    fillFacet('actor', facets.actors);
  } catch (error) {
    showFilterError(`Could not load the filter choices. ${error.message}`);
  }
  syncForm();
  if (!window.vis) showFilterError('The visual timeline could not load; the list below still works.');
  await loadEntries();
  await showEntryFromState();
}

void start();
