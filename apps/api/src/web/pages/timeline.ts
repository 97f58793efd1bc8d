// The timeline page: filters in the URL, a vis-timeline chart (a vertical list on phones), a map of
// places, a readable list and an entry panel with corrections for reviewers. Bundled by
// scripts/build.mjs (esbuild) with the pages' shared modules (dom.ts, entry-date.ts, the map).
// All data reaches the DOM through textContent and attributes set one by one: never innerHTML.

import {
  CATEGORY_LABELS,
  COUNTRIES,
  type EntryDate,
} from '../../../../../libs/timeline/src/vocabulary/vocabulary';

import {
  ApiError,
  asApiError,
  byId,
  h as element,
  isWebUrl,
  later,
  phoneFiltersToggle,
  requestJson,
} from './dom';
import { dayAfterOf, firstDayOf, formatEntryDate, formatPart, partialDateProblem } from './entry-date';
import { createMap, type MapPlace, type TimelineMap } from './timeline-map';
import { type CorrectableEntry, openCorrections } from './timeline-corrections';

const FILTER_LISTS = ['country', 'category', 'actor', 'place'] as const;
const FILTER_TEXTS = ['q', 'from', 'to', 'asOf'] as const;
const SORTS = ['date', 'date-desc', 'recorded-desc'];
const PAGE_SIZE = 500;
const DAY = 86_400_000;
// How far back "Recent weeks" looks, on the chart.
const RECENT_DAYS = 42;
// Scrubbing the time-travel slider asks the server once the hand rests this long.
const SCRUB_DELAY_MS = 250;
// The lane labels' width in pixels, as timeline.css draws them (.lane-label).
const LANE_LABELS_PX = 190;
const LAST_VISIT_KEY = 'timeline.lastVisit';
const EVENT_LABELS: Record<string, string> = {
  EntryAdded: 'Added',
  EntryAmended: 'Amended',
  SourceAttached: 'Source attached',
  EntryRetracted: 'Retracted',
  PlacesTagged: 'Places named',
};
const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  summary: 'Summary',
  date: 'Date',
  countries: 'Countries',
  actors: 'Actors',
  categories: 'Categories',
  places: 'Places',
};
const DATE_LABELS: Record<string, string> = {
  from: 'From',
  to: 'To',
  asOf: 'As recorded on',
  q: 'Search',
  sort: 'Order',
};

type FilterList = (typeof FILTER_LISTS)[number];
type FilterText = (typeof FILTER_TEXTS)[number];
type DateProblems = Partial<Record<'from' | 'to', string>>;

/** The page's state, as its URL carries it. */
interface State extends Record<FilterList, string[]>, Record<FilterText, string> {
  entry: string;
  view: string;
  ongoing: string;
  sort: string;
  includeRetracted: boolean;
}

interface Place {
  id: string;
  name?: string;
  lat?: number;
  lon?: number;
}
interface Quote {
  text: string;
  locator?: string;
}
interface Source {
  title: string;
  url?: string;
  publisher?: string;
  publishedAt?: string;
  quotes?: unknown;
  origin?: {
    kind?: string;
    document?: string;
    itemGuid?: string;
    note?: string;
    quote?: string;
    locator?: string;
  };
}
interface FoldedSource extends Source {
  quotes: Quote[];
}
/** An entry as /api/timeline answers it. */
interface Entry extends CorrectableEntry {
  places?: Place[];
  sources?: Source[];
  recordedAt?: string;
  updatedAt?: string;
  retraction?: { at: string; by?: string; reason: string };
}
interface HistoryItem {
  type: string;
  by?: string;
  actor?: string;
  recordedAt: string;
  reason?: string;
  diff?: unknown;
  changes?: unknown;
  approvalEdits?: unknown;
  candidateId?: string;
  source?: { title?: string; publisher?: string };
}
interface FacetOption {
  value: string;
  label?: string;
  count: number;
}
interface PlaceFacet {
  value?: string;
  id?: string;
  label?: string;
  name?: string;
  count: number;
}
interface Facets {
  countries?: FacetOption[];
  categories?: FacetOption[];
  actors?: FacetOption[];
  places?: PlaceFacet[];
}
interface ChartWindow {
  start: Date;
  end: Date;
}
interface ChartItem {
  id: string;
  group: string;
  content: HTMLElement;
  start: Date;
  end?: Date;
  type: string;
  align?: string;
  className: string;
}
/** What the page uses of vis-timeline's standalone build (window.vis). */
interface VisDataSet<T> {
  clear(): void;
  add(items: T[]): void;
  get(id: string): T | null;
}
interface VisTimeline {
  on(event: 'click', handler: (props: { item?: string | number | null }) => void): void;
  setSelection(ids: string[]): void;
  setWindow(start: Date, end: Date, options: { animation: boolean }): void;
  redraw(): void;
}
interface Vis {
  Timeline: new (
    container: HTMLElement,
    items: VisDataSet<ChartItem>,
    groups: VisDataSet<unknown>,
    options: Record<string, unknown>,
  ) => VisTimeline;
  DataSet: new <T>() => VisDataSet<T>;
  moment: (date: unknown) => { utc(): unknown };
}
declare global {
  interface Window {
    vis?: Vis;
  }
}
interface Chart {
  timeline: VisTimeline;
  items: VisDataSet<ChartItem>;
  groups: VisDataSet<unknown>;
}

const $ = byId;
const dom = {
  form: $<HTMLFormElement>('filters'),
  filtersToggle: byId('filters-toggle', HTMLButtonElement),
  filtersCount: $('filters-count'),
  q: $<HTMLInputElement>('q'),
  from: $<HTMLInputElement>('from'),
  to: $<HTMLInputElement>('to'),
  fromError: $('from-error'),
  toError: $('to-error'),
  sort: $<HTMLSelectElement>('sort'),
  showOngoing: $<HTMLInputElement>('showOngoing'),
  asOf: $<HTMLInputElement>('asOf'),
  slider: $<HTMLInputElement>('asOf-slider'),
  sliderText: $('asOf-slider-text'),
  includeRetracted: $<HTMLInputElement>('includeRetracted'),
  filterError: $('filter-error'),
  notice: $('asof-notice'),
  noticeText: $('asof-notice-text'),
  status: $('status'),
  newSince: $('new-since'),
  newSinceText: $('new-since-text'),
  viewAll: $('view-all'),
  viewRecent: $('view-recent'),
  atomView: $<HTMLAnchorElement>('atom-view'),
  navAtom: $<HTMLAnchorElement>('nav-atom'),
  chart: $('chart'),
  timeline: $('timeline'),
  empty: $('empty'),
  emptyText: $('empty-text'),
  listSection: $('list'),
  list: $('entry-list'),
  mapSection: $('map'),
  mapCanvas: $('map-canvas'),
  mapPlaces: $('map-places'),
  panel: $('entry-panel'),
  panelBody: $('entry-body'),
};

/** Labels for codes, categories and places, from the facets and entries (filled in as they come). */
const labels: Record<'country' | 'category' | 'place', Map<string, string>> &
  Partial<Record<string, Map<string, string>>> = {
  country: new Map(),
  category: new Map(),
  place: new Map(),
};
const narrow = window.matchMedia('(max-width: 700px)');
let state = readState();
let listRequest: AbortController | undefined;
let facetRequest: AbortController | undefined;
let entryRequest: AbortController | undefined;
let chart: Chart | undefined;
let map: TimelineMap | undefined;
let shownEntries: Entry[] = [];
let panelOpener: HTMLElement | undefined;
/** A correction's confirmation, shown once at the top of the entry it changed. */
let panelFlash = '';
let lastCoalesce = '';
/** Entries recorded after this moment are new to this reader (ISO time, or '' on a first visit). */
let lastVisit = '';
/** The moments of recorded history the slider steps through (ISO times, oldest first). */
let moments: string[] = [];

// ---------- state in the URL ----------

function readState(): State {
  const params = new URLSearchParams(location.search);
  const next = {
    ...emptyFilters(),
    entry: params.get('entry') ?? '',
    view: params.get('view') === 'recent' ? 'recent' : '',
    ongoing: params.get('ongoing') === 'hide' ? 'hide' : '',
  };
  for (const key of FILTER_LISTS)
    next[key] = params
      .getAll(key)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
  next.country = next.country.map((code) => code.toUpperCase());
  for (const key of FILTER_TEXTS) next[key] = (params.get(key) ?? '').trim();
  // A bare date means the end of that day (UTC), as the API reads it.
  if (/^\d{4}-\d{2}-\d{2}$/.test(next.asOf)) next.asOf = `${next.asOf}T23:59:59.999Z`;
  const sort = params.get('sort') ?? '';
  next.sort = SORTS.some((known) => known === sort) && sort !== 'date' ? sort : '';
  next.includeRetracted = params.get('includeRetracted') === 'true';
  return next;
}

function emptyFilters(): Omit<State, 'entry' | 'view' | 'ongoing'> {
  return {
    country: [],
    category: [],
    actor: [],
    place: [],
    q: '',
    from: '',
    to: '',
    asOf: '',
    sort: '',
    includeRetracted: false,
  };
}

/** The filters as the API takes them (the page's own query string uses the same names). */
function filterParams(from: State = state, { sort = true, asOf = true } = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_LISTS) for (const value of from[key]) params.append(key, value);
  for (const key of FILTER_TEXTS) if (from[key] && (asOf || key !== 'asOf')) params.set(key, from[key]);
  if (from.includeRetracted) params.set('includeRetracted', 'true');
  if (sort && from.sort) params.set('sort', from.sort);
  return params;
}

function pageUrl(from: State = state): string {
  const params = filterParams(from);
  if (from.view) params.set('view', from.view);
  if (from.ongoing) params.set('ongoing', from.ongoing);
  if (from.entry) params.set('entry', from.entry);
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

/**
 * Moves to a new state: records it in the history (so Back returns) and shows it. Steps of one
 * kind in a row (`coalesce`: the words of one search as they are typed) share one history entry.
 */
function navigate(changes: Partial<State>, { coalesce = '' } = {}): void {
  const before = filterParams().toString();
  const beforeView = `${state.view}|${state.ongoing}`;
  state = { ...state, ...changes };
  const url = pageUrl();
  if (url !== `${location.pathname}${location.search}`) {
    if (coalesce && coalesce === lastCoalesce) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
  }
  lastCoalesce = coalesce;
  if (filterParams().toString() !== before) void loadEntries();
  else if (`${state.view}|${state.ongoing}` !== beforeView) render(shownEntries);
  syncViewButtons();
  void showEntryFromState();
}

window.addEventListener('popstate', () => {
  const before = filterParams().toString();
  state = readState();
  lastCoalesce = '';
  syncForm();
  if (filterParams().toString() !== before) void loadEntries();
  else render(shownEntries);
  void showEntryFromState();
});

// ---------- the filter form ----------

function syncForm() {
  for (const key of FILTER_LISTS) {
    const wanted = new Set(state[key]);
    for (const box of dom.form.querySelectorAll<HTMLInputElement>(`input[name="${key}"]`))
      box.checked = wanted.has(box.value);
    summarizeFacet(key);
  }
  dom.q.value = state.q;
  dom.from.value = state.from;
  dom.to.value = state.to;
  dom.sort.value = state.sort || 'date';
  dom.showOngoing.checked = state.ongoing !== 'hide';
  dom.asOf.value = state.asOf ? toLocalInput(state.asOf) : '';
  dom.includeRetracted.checked = state.includeRetracted;
  syncSlider();
  syncViewButtons();
  showAsOfNotice();
  countActiveFilters();
}

/** Fills a facet's options, keeping the ones chosen (a shared link may name one nothing carries). */
function fillFacet(key: FilterList, options: FacetOption[]): void {
  const fieldset = dom.form.querySelector(`#facet-${key} .facet-options`);
  if (!fieldset) return;
  const known = new Set(options.map((o) => o.value));
  const all: FacetOption[] = [
    ...options,
    ...state[key].filter((v) => !known.has(v)).map((value) => ({ value, count: 0 })),
  ];
  const chosen = new Set(state[key]);
  const rows: HTMLElement[] = all.map((option) => {
    const label = element('label', { className: `facet-option${option.count === 0 ? ' facet-none' : ''}` });
    label.append(
      element('input', {
        type: 'checkbox',
        name: key,
        value: option.value,
        checked: chosen.has(option.value),
      }),
      element(
        'span',
        { className: 'facet-option-label' },
        option.label ?? labels[key]?.get(option.value) ?? option.value,
      ),
      element('span', { className: 'facet-count', title: `${option.count} entries` }, String(option.count)),
    );
    return label;
  });
  if (rows.length === 0) rows.push(element('p', { className: 'facet-empty' }, 'None under these filters.'));
  // Redrawn under every change of the other filters: a reader ticking boxes keeps their place.
  const active = document.activeElement;
  const focused = active instanceof HTMLInputElement && fieldset.contains(active) ? active.value : undefined;
  const legend = fieldset.querySelector('legend');
  fieldset.replaceChildren(...(legend ? [legend] : []), ...rows);
  if (focused !== undefined)
    fieldset.querySelector<HTMLInputElement>(`input[value="${CSS.escape(focused)}"]`)?.focus();
  // Places are not offered before any entry names one (an install from before the gazetteer).
  const details = fieldset.closest('details');
  if (details)
    details.hidden =
      key === 'place' && labels.place.size === 0 && options.length === 0 && state[key].length === 0;
}

function summarizeFacet(key: FilterList): void {
  const chosen = state[key];
  const summary = dom.form.querySelector(`#facet-${key} [data-facet-summary]`);
  if (!summary) return;
  const names = chosen.map((v) => labels[key]?.get(v) ?? v);
  summary.textContent =
    names.length === 0 ? 'Any' : names.length <= 2 ? names.join(', ') : `${names.length} chosen`;
  summary.closest('details')?.classList.toggle('facet-active', chosen.length > 0);
}

dom.form.addEventListener('change', (event) => {
  const input = event.target as HTMLInputElement & HTMLSelectElement;
  const list = FILTER_LISTS.find((key) => key === input.name);
  if (list) {
    const values = [...dom.form.querySelectorAll<HTMLInputElement>(`input[name="${list}"]:checked`)].map(
      (b) => b.value,
    );
    navigate({ [list]: values });
    summarizeFacet(list);
  } else if (input === dom.from || input === dom.to) {
    applyDates();
  } else if (input === dom.asOf) {
    const iso = dom.asOf.value ? fromLocalInput(dom.asOf.value) : '';
    if (iso === undefined) return;
    navigate({ asOf: iso }, { coalesce: 'asOf' });
    syncSlider();
    showAsOfNotice();
  } else if (input === dom.includeRetracted) {
    navigate({ includeRetracted: input.checked });
  } else if (input === dom.sort) {
    navigate({ sort: input.value === 'date' ? '' : input.value });
  } else if (input === dom.showOngoing) {
    navigate({ ongoing: input.checked ? '' : 'hide' });
  }
  countActiveFilters();
});

let searchTimer: ReturnType<typeof setTimeout> | undefined;
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

function applySearch(): void {
  const q = dom.q.value.trim();
  if (q !== state.q) navigate({ q }, { coalesce: 'q' });
}

/** What is wrong with the dates in `from` (a state), field by field, in plain words. */
function dateProblems(from: Pick<State, 'from' | 'to'> = state): DateProblems {
  const problems: DateProblems = {};
  for (const key of ['from', 'to'] as const) {
    const problem = from[key] ? partialDateProblem(from[key]) : '';
    if (problem) problems[key] = problem;
  }
  if (from.from && from.to && !problems.from && !problems.to && dayAfterOf(from.to) <= firstDayOf(from.from))
    problems.to = `To (${formatPart(from.to)}) is before From (${formatPart(from.from)}): nothing can match.`;
  return problems;
}

function applyDates(): void {
  const changes = { from: dom.from.value.trim(), to: dom.to.value.trim() };
  // Shown before anything is sent; the server would refuse the same with a 400 naming the field.
  showDateProblems(dateProblems(changes));
  if (changes.from !== state.from || changes.to !== state.to) navigate(changes);
}

function showDateProblems(problems: DateProblems): void {
  for (const key of ['from', 'to'] as const) {
    const message = problems[key] ?? '';
    const error = key === 'from' ? dom.fromError : dom.toError;
    error.textContent = message;
    error.hidden = !message;
    dom[key].setAttribute('aria-invalid', String(Boolean(message)));
  }
  if (Object.keys(problems).length > 0) document.body.classList.add('filters-open');
}

function showFilterError(message: string): void {
  dom.filterError.textContent = message;
  dom.filterError.hidden = !message;
}

function clearFilters(): void {
  navigate({ ...emptyFilters(), view: '' });
  showFilterError('');
  showDateProblems({});
  syncForm();
  dom.q.focus();
}
$('clear-filters').addEventListener('click', clearFilters);
$('empty-clear').addEventListener('click', clearFilters);
$('asof-clear').addEventListener('click', () => {
  navigate({ asOf: '' });
  syncForm();
});

function countActiveFilters() {
  const n =
    FILTER_LISTS.reduce((sum, key) => sum + state[key].length, 0) +
    (['q', 'from', 'to', 'asOf'] as const).filter((key) => state[key]).length +
    (state.includeRetracted ? 1 : 0);
  dom.filtersCount.textContent = n ? `(${n} on)` : '';
}

phoneFiltersToggle(dom.filtersToggle);

// One facet menu open at a time; a click elsewhere or Escape closes it.
for (const details of document.querySelectorAll<HTMLDetailsElement>('details.facet')) {
  details.addEventListener('toggle', () => {
    if (!details.open) return;
    for (const other of document.querySelectorAll<HTMLDetailsElement>('details.facet[open]'))
      if (other !== details) other.open = false;
  });
}
const shaded = window.matchMedia('(max-width: 1279px)');
document.addEventListener('click', (event) => {
  for (const open of document.querySelectorAll<HTMLDetailsElement>('details.facet[open]'))
    if (!(event.target instanceof Node) || !open.contains(event.target)) open.open = false;
  // On narrower screens the panel covers the page with a shade (body::after): a click there closes it.
  if (event.target === document.body && !dom.panel.hidden && shaded.matches) closePanel();
});
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  const open = document.querySelector<HTMLDetailsElement>('details.facet[open]');
  if (open) {
    open.open = false;
    open.querySelector('summary')?.focus();
  } else if (
    !dom.panel.hidden &&
    !(event.target instanceof Element && event.target.closest('.corrections'))
  ) {
    closePanel();
  }
});

// ---------- views: whole timeline or recent weeks ----------

function syncViewButtons() {
  dom.viewAll.setAttribute('aria-pressed', String(state.view !== 'recent'));
  dom.viewRecent.setAttribute('aria-pressed', String(state.view === 'recent'));
}
dom.viewRecent.addEventListener('click', () => {
  navigate({ view: 'recent', sort: state.sort || 'date-desc' });
  syncForm();
});
dom.viewAll.addEventListener('click', () => {
  navigate({ view: '' });
  syncForm();
});

// ---------- time travel ----------

function showAsOfNotice() {
  dom.notice.hidden = !state.asOf;
  document.body.classList.toggle('time-travel', Boolean(state.asOf));
  if (state.asOf)
    dom.noticeText.textContent =
      ` You are reading the timeline as it was recorded on ${formatTime(state.asOf)}. ` +
      'Entries added, amended or retracted after that are shown as they were then, or not at all.';
}

/** The slider's steps: every moment at which something was recorded, then the present. */
async function loadMoments() {
  try {
    const params = new URLSearchParams({ includeRetracted: 'true', sort: 'recorded-desc', limit: '500' });
    const page = await getJson<{ entries: Entry[] }>(`/api/timeline?${params}`);
    const times = new Set<string>();
    for (const entry of page.entries) {
      for (const time of [entry.recordedAt, entry.updatedAt, entry.retraction?.at])
        if (typeof time === 'string' && !Number.isNaN(Date.parse(time)))
          times.add(new Date(time).toISOString());
    }
    moments = [...times].sort();
  } catch {
    moments = [];
  }
  syncSlider();
}

/** The slider's position for the time shown: the last moment recorded by then, or the present. */
function syncSlider() {
  dom.slider.max = String(moments.length);
  dom.slider.disabled = moments.length === 0;
  let index = moments.length;
  if (state.asOf) {
    index = 0;
    while (index < moments.length && (moments[index] ?? '') <= new Date(state.asOf).toISOString()) index += 1;
    index = Math.max(0, index - 1);
  }
  dom.slider.value = String(index);
  describeSlider(index);
}

function describeSlider(index: number): void {
  if (index >= moments.length) {
    dom.sliderText.textContent = 'The present';
    dom.slider.setAttribute('aria-valuetext', 'The present');
    return;
  }
  const text = `As recorded on ${formatTime(moments[index] ?? '')} (change ${index + 1} of ${moments.length})`;
  dom.sliderText.textContent = text;
  dom.slider.setAttribute('aria-valuetext', text);
}

let scrubTimer: ReturnType<typeof setTimeout> | undefined;
dom.slider.addEventListener('input', () => {
  const index = Number(dom.slider.value);
  describeSlider(index);
  clearTimeout(scrubTimer);
  // One request when the hand rests, not one per pixel dragged.
  scrubTimer = setTimeout(() => {
    const asOf = index >= moments.length ? '' : (moments[index] ?? '');
    if (asOf === state.asOf) return;
    navigate({ asOf }, { coalesce: 'asOf' });
    dom.asOf.value = asOf ? toLocalInput(asOf) : '';
    showAsOfNotice();
    countActiveFilters();
  }, SCRUB_DELAY_MS);
});

// ---------- "new since your last visit" ----------

/**
 * The reader's last visit, remembered in this browser: read once per tab session (so reloading
 * keeps the marks), and the new visit written at once for the next one.
 */
function readLastVisit(): string {
  try {
    let since = sessionStorage.getItem(LAST_VISIT_KEY);
    if (since === null) {
      since = localStorage.getItem(LAST_VISIT_KEY) ?? '';
      sessionStorage.setItem(LAST_VISIT_KEY, since);
      localStorage.setItem(LAST_VISIT_KEY, new Date().toISOString());
    }
    return Number.isNaN(Date.parse(since)) ? '' : since;
  } catch {
    return '';
  }
}

function isNew(entry: Entry): boolean {
  return (
    Boolean(lastVisit) && !state.asOf && typeof entry.recordedAt === 'string' && entry.recordedAt > lastVisit
  );
}

/** Recorded before the last visit, but amended, given a source or retracted since. */
function isChanged(entry: Entry): boolean {
  return (
    Boolean(lastVisit) &&
    !state.asOf &&
    !isNew(entry) &&
    typeof entry.updatedAt === 'string' &&
    entry.updatedAt > lastVisit
  );
}

$('mark-seen').addEventListener('click', () => {
  lastVisit = new Date().toISOString();
  try {
    sessionStorage.setItem(LAST_VISIT_KEY, lastVisit);
    localStorage.setItem(LAST_VISIT_KEY, lastVisit);
  } catch {
    // Storage refused (private mode): the marks go for this page only.
  }
  render(shownEntries);
});

// ---------- loading entries ----------

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const answer = await requestJson('GET', url, undefined, { signal });
  if (!answer.ok)
    throw new ApiError(answer.status, answer.data, null, apiMessage(answer.status, answer.data));
  return answer.data as T;
}

/** A refusal in plain words: the server's message names the field; codes and stacks never show. */
function apiMessage(status: number, body: unknown): string {
  if (status === 401 || status === 403) return 'Reading this timeline needs an API key.';
  if (status === 429) return 'Too many requests from here just now. Try again in a minute.';
  if (status >= 500) return 'The server had a problem. Try again in a moment.';
  const error = (body as { error?: { message?: unknown; details?: { field?: string } } } | undefined)?.error;
  if (!error || typeof error.message !== 'string') return `The server answered ${status}.`;
  const field = error.details?.field;
  const name = field === undefined ? undefined : (FIELD_LABELS[field] ?? DATE_LABELS[field] ?? field);
  return name ? `${name}: ${error.message}` : error.message;
}

async function loadEntries(): Promise<void> {
  listRequest?.abort();
  const request = new AbortController();
  listRequest = request;
  updateLinks();
  updateAlertFollows();
  const problems = dateProblems();
  showDateProblems(problems);
  if (Object.keys(problems).length > 0) {
    // Nothing is asked of the server with a date that cannot be: the fields say what is wrong.
    shownEntries = [];
    setBusy(false);
    render([], 'Fix the date marked above to see entries.');
    return;
  }
  setBusy(true);
  void loadFacets();
  try {
    const entries: Entry[] = [];
    let total = 0;
    do {
      const params = filterParams();
      params.set('limit', String(PAGE_SIZE));
      params.set('offset', String(entries.length));
      const page = await getJson<{ entries: Entry[]; total: number }>(
        `/api/timeline?${params}`,
        request.signal,
      );
      entries.push(...page.entries);
      total = page.total;
      if (page.entries.length === 0) break;
    } while (entries.length < total);
    if (request !== listRequest) return;
    shownEntries = entries;
    render(entries);
  } catch (thrown) {
    if (request.signal.aborted) return;
    const error = asApiError(thrown);
    shownEntries = [];
    if (error.status === 400 && (error.field === 'from' || error.field === 'to')) {
      showDateProblems({ [error.field]: partialDateProblem(state[error.field]) || error.message });
      render([], 'Fix the date marked above to see entries.');
    } else {
      render([], `Could not load the timeline. ${error.message}`);
    }
  } finally {
    if (request === listRequest) setBusy(false);
  }
}

/** Facet counts under the other filters (the server counts each facet without its own filter). */
async function loadFacets(): Promise<void> {
  facetRequest?.abort();
  const request = new AbortController();
  facetRequest = request;
  try {
    const params = filterParams(state, { sort: false });
    const facets = await getJson<Facets>(`/api/timeline/facets?${params}`, request.signal);
    if (request !== facetRequest) return;
    for (const c of facets.countries ?? []) if (c.label) labels.country.set(c.value, c.label);
    for (const c of facets.categories ?? []) if (c.label) labels.category.set(c.value, c.label);
    for (const p of facets.places ?? []) labels.place.set(p.value ?? p.id ?? '', p.label ?? p.name ?? '');
    fillFacet('country', facets.countries ?? []);
    fillFacet('category', facets.categories ?? []);
    fillFacet('actor', facets.actors ?? []);
    fillFacet(
      'place',
      (facets.places ?? []).map((p) => ({
        value: p.value ?? p.id ?? '',
        label: p.label ?? p.name,
        count: p.count,
      })),
    );
    for (const key of FILTER_LISTS) summarizeFacet(key);
    // The alert form names the filters it follows with the labels just learnt.
    updateAlertFollows();
    if (dom.filterError.dataset.kind === 'facets') showFilterError('');
  } catch (thrown) {
    const error = asApiError(thrown);
    if (request.signal.aborted || error.status === 400) return;
    dom.filterError.dataset.kind = 'facets';
    showFilterError(`Could not load the filter choices. ${error.message}`);
  }
}

function setBusy(busy: boolean): void {
  document.body.classList.toggle('loading', busy);
  dom.list.setAttribute('aria-busy', String(busy));
  if (busy) dom.status.textContent = 'Loading the timeline…';
}

/** Exports carry every filter and the order; the Atom feed every filter (a feed is "from now on"). */
function updateLinks(): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('.exports a[data-format]')) {
    const params = filterParams();
    params.set('format', link.dataset.format ?? '');
    link.href = `/api/timeline/export?${params}`;
  }
  const feed = filterParams(state, { sort: false, asOf: false }).toString();
  dom.atomView.href = `/feed.atom${feed ? `?${feed}` : ''}`;
  dom.navAtom.href = dom.atomView.getAttribute('href') ?? '';
}

function hasFilters(): boolean {
  return (
    FILTER_LISTS.some((k) => state[k].length > 0) || (['q', 'from', 'to'] as const).some((k) => state[k])
  );
}

function render(entries: Entry[], failure?: string): void {
  const n = entries.length;
  if (failure) dom.status.textContent = failure;
  else if (n === 0) dom.status.textContent = 'No entries.';
  else {
    const matching = hasFilters() ? (n === 1 ? ' matches these filters' : ' match these filters') : '';
    const then = state.asOf ? ' (as recorded then)' : '';
    const order =
      state.sort === 'date-desc'
        ? ', newest event first'
        : state.sort === 'recorded-desc'
          ? ', recently recorded first'
          : '';
    dom.status.textContent = `${n} ${n === 1 ? 'entry' : 'entries'}${matching}${then}${order}.`;
  }
  dom.status.classList.toggle('status-error', Boolean(failure));
  const fresh = entries.filter(isNew).length;
  const changed = entries.filter(isChanged).length;
  dom.newSince.hidden = fresh + changed === 0;
  const news = [fresh ? `${fresh} new` : '', changed ? `${changed} changed` : '']
    .filter(Boolean)
    .join(' and ');
  dom.newSinceText.textContent = news ? `${news} since your last visit (${formatTime(lastVisit)}).` : '';
  dom.empty.hidden = Boolean(failure) || n > 0;
  dom.emptyText.textContent =
    state.asOf && !hasFilters()
      ? 'Nothing had been recorded yet at that time.'
      : 'No entries match these filters.';
  // Phones read a vertical list timeline instead of the chart.
  dom.chart.hidden = n === 0 || !window.vis || narrow.matches;
  dom.listSection.hidden = n === 0;
  document.body.classList.toggle('list-timeline', narrow.matches);
  renderList(entries);
  if (!dom.chart.hidden) renderChart(entries);
  else if (chart) {
    // Nothing stale waits in a hidden chart.
    chart.items.clear();
    chart.groups.clear();
  }
  renderMap(entries);
}

narrow.addEventListener('change', () => render(shownEntries));

// ---------- the list ----------

function yearOf(entry: Entry): string {
  return entry.date.start.slice(0, 4);
}

function renderList(entries: Entry[]): void {
  let previousYear = '';
  const rows = entries.map((entry) => {
    const fresh = isNew(entry);
    const li = element('li', {
      className: [
        'entry-row',
        `cat-${entry.categories[0] ?? 'none'}`,
        entry.status === 'retracted' ? 'retracted' : '',
        fresh ? 'is-new' : '',
        entry.date.precision === 'ongoing' ? 'is-ongoing' : '',
      ]
        .filter(Boolean)
        .join(' '),
    });
    li.dataset.id = entry.id;
    // The vertical timeline marks where a year begins (in date order only).
    const year = yearOf(entry);
    if (state.sort !== 'recorded-desc' && year !== previousYear) {
      li.classList.add('year-start');
      li.dataset.year = year;
    }
    previousYear = year;
    const date = element('p', { className: 'entry-date' }, formatEntryDate(entry.date));
    const heading = element('h3', { className: 'entry-title' });
    const link = element('a', { href: pageUrl({ ...state, entry: entry.id }) }, entry.title);
    link.dataset.id = entry.id;
    if (fresh)
      heading.append(element('span', { className: 'tag tag-new' }, 'New'), document.createTextNode(' '));
    else if (isChanged(entry))
      heading.append(
        element('span', { className: 'tag tag-changed' }, 'Changed'),
        document.createTextNode(' '),
      );
    heading.append(link);
    const meta = element('p', { className: 'entry-meta' });
    meta.append(
      element('span', {}, entry.countries.map(countryName).join(', ')),
      ...entry.categories.map((c) => element('span', { className: `tag cat-${c}` }, categoryName(c))),
    );
    for (const place of entry.places ?? [])
      meta.append(element('span', { className: 'tag tag-place' }, place.name ?? place.id));
    if (entry.status === 'retracted')
      meta.append(element('span', { className: 'tag tag-retracted' }, 'Retracted'));
    if (state.sort === 'recorded-desc' && entry.recordedAt)
      meta.append(
        element('span', { className: 'entry-recorded' }, `Recorded ${formatTime(entry.recordedAt)}`),
      );
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
  const target = event.target instanceof Element ? event.target : null;
  const row = target?.closest<HTMLElement>('.entry-row');
  if (!target || !row?.dataset.id) return;
  // Selecting text in a row is reading, not opening.
  if (!target.closest('a') && (window.getSelection()?.toString() ?? '').length > 0) return;
  event.preventDefault();
  openEntry(row.dataset.id, row.querySelector<HTMLElement>('.entry-title a') ?? undefined);
});

function markSelected(): void {
  for (const row of dom.list.children as HTMLCollectionOf<HTMLElement>) {
    const selected = row.dataset.id === state.entry;
    row.classList.toggle('selected', selected);
    if (selected) row.setAttribute('aria-current', 'true');
    else row.removeAttribute('aria-current');
  }
  if (chart) chart.timeline.setSelection(state.entry && chart.items.get(state.entry) ? [state.entry] : []);
}

// ---------- the chart ----------

const ONGOING_LANE = 'ongoing';

function createChart(vis: Vis, view: ChartWindow): Chart {
  const { Timeline, DataSet, moment } = vis;
  const items = new DataSet<ChartItem>();
  const groups = new DataSet<unknown>();
  const timeline = new Timeline(dom.timeline, items, groups, {
    ...view,
    orientation: { axis: 'top', item: 'top' },
    stack: true,
    // The page scrolls with the wheel; zooming needs Ctrl (or a pinch), so readers are not trapped.
    zoomKey: 'ctrlKey',
    // No maximum height: vis-timeline leaves lanes scrolled out of sight empty, and the page
    // scrolls anyway.
    minHeight: 160,
    zoomMin: DAY * 7,
    zoomMax: DAY * 365 * 80,
    margin: { item: { horizontal: 8, vertical: 6 }, axis: 8 },
    groupOrder: 'order',
    showTooltips: false,
    selectable: true,
    multiselect: false,
    // Entry dates are calendar dates: show them in UTC so nobody's time zone moves them.
    moment: (date: unknown) => moment(date).utc(),
  });
  timeline.on('click', (props) => {
    if (props.item !== null && props.item !== undefined) openEntry(String(props.item));
  });
  return { timeline, items, groups };
}

function renderChart(entries: Entry[]): void {
  const vis = window.vis;
  if (!vis) return;
  const order = [...labels.category.keys()];
  const lanes = new Map<string, unknown>();
  const showOngoing = state.ongoing !== 'hide';
  // "Recent weeks" draws what reaches into them (and what is ongoing): no lanes of empty weeks.
  const recentFrom = state.view === 'recent' ? chartSpan([]).window.start.getTime() : -Infinity;
  const drawn = entries.filter(
    (entry) =>
      (showOngoing || entry.date.precision !== 'ongoing') &&
      (entry.date.precision === 'ongoing' || lastDayAfter(entry.date) > recentFrom),
  );
  for (const entry of drawn) {
    const lane = laneOf(entry);
    if (lanes.has(lane)) continue;
    const name = lane === ONGOING_LANE ? 'Ongoing developments' : categoryName(lane);
    const index = order.indexOf(lane);
    lanes.set(lane, {
      id: lane,
      content: element('span', { className: 'lane-label' }, name),
      className: `lane cat-${lane}`,
      order: lane === ONGOING_LANE ? -1 : index < 0 ? order.length : index,
    });
  }
  const span = chartSpan(drawn);
  const items = drawn.map((entry) => {
    const { start, end, precision } = entry.date;
    const content = element('span', { className: 'item-title' }, entry.title);
    content.title = `${formatEntryDate(entry.date)}: ${entry.title}`;
    content.dataset.id = entry.id;
    const item: ChartItem = {
      id: entry.id,
      group: laneOf(entry),
      content,
      start: new Date(firstDay(start)),
      type: precision === 'range' || precision === 'ongoing' ? 'range' : 'point',
      className: [
        `cat-${entry.categories[0] ?? 'none'}`,
        `precision-${precision}`,
        entry.status === 'retracted' ? 'retracted' : '',
        isNew(entry) ? 'is-new' : '',
      ]
        .filter(Boolean)
        .join(' '),
    };
    if (precision === 'range' && end) item.end = new Date(dayAfter(end));
    // An ongoing development runs to the right edge of what is shown (never past the present).
    if (precision === 'ongoing') item.end = new Date(Math.max(span.end, firstDay(start) + DAY * 31));
    if (item.type === 'point' && labelRunsOff(item.start.getTime(), span.window)) {
      item.type = 'box';
      item.align = 'right';
      item.className += ' label-left';
    }
    return item;
  });
  chart ??= createChart(vis, span.window);
  chart.items.clear();
  chart.groups.clear();
  chart.groups.add([...lanes.values()]);
  chart.items.add(items);
  chart.timeline.setWindow(span.window.start, span.window.end, { animation: false });
  markSelected();
}

/** The first day after an entry's date (its end, for a range). */
function lastDayAfter(date: EntryDate): number {
  return date.precision === 'range' && date.end ? dayAfter(date.end) : dayAfter(date.start);
}

/** Ongoing developments share one strip, so they do not fill every category's lane. */
function laneOf(entry: Entry): string {
  return entry.date.precision === 'ongoing' ? ONGOING_LANE : (entry.categories[0] ?? 'none');
}

/** The widest a point's label is drawn (`--point-label` in timeline.css, in rem). */
function pointLabelPx(): number {
  const rem = parseFloat(getComputedStyle(dom.timeline).getPropertyValue('--point-label')) || 16;
  return rem * parseFloat(getComputedStyle(document.documentElement).fontSize);
}

/** On wide screens the panel narrows the page: redraw the chart at once rather than at its next check. */
function resizeChart(): void {
  chart?.timeline.redraw();
}

/**
 * What the chart shows: the filtered range when `from`/`to` are set, else the span of the entries
 * that have an end (ongoing developments run on, so they do not stretch it), never past the
 * present; "recent weeks" shows the last six. `end` is where ongoing bars stop; `window` adds room
 * for the labels of the last points.
 */
function chartSpan(entries: Entry[]): { end: number; window: ChartWindow } {
  const now = state.asOf ? Date.parse(state.asOf) : Date.now();
  const bounded = entries.filter((e) => e.date.precision !== 'ongoing');
  const counted = bounded.length > 0 ? bounded : entries;
  let min: number;
  let max: number;
  if (state.view === 'recent') {
    min = now - DAY * RECENT_DAYS;
    max = now;
  } else {
    const starts = counted.map((e) => firstDay(e.date.start));
    const ends = counted.map((e) =>
      e.date.precision === 'range' && e.date.end ? dayAfter(e.date.end) : dayAfter(e.date.start),
    );
    min = state.from ? firstDay(state.from) : Math.min(...starts, now);
    max = state.to ? dayAfter(state.to) : Math.max(...ends, min + DAY);
    max = Math.min(max, Math.max(now, min + DAY));
    if (!state.from && !state.to) {
      // At least two years across, so one entry alone does not fill the chart.
      const spread = Math.max(max - min, DAY * 365 * 2) - (max - min);
      min -= spread / 2;
      max = Math.min(max + spread / 2, Math.max(now, max));
      min -= (max - min) * 0.02;
    }
  }
  // A little air after the last date; labels that would run off the edge are drawn to the left.
  const end = max + (max - min) * 0.03;
  return { end, window: { start: new Date(min), end: new Date(end) } };
}

/**
 * Whether a point's label, drawn right of its date, would run past the chart's right edge: such
 * points are drawn as boxes that end at their date instead (vis-timeline stacks them by their
 * real width, so recent items do not pile up on the edge with cut labels).
 */
function labelRunsOff(time: number, window: ChartWindow): boolean {
  const chartWidth = Math.max(dom.timeline.clientWidth - LANE_LABELS_PX, 300);
  const x = ((time - window.start.getTime()) / (window.end.getTime() - window.start.getTime())) * chartWidth;
  return chartWidth - x < pointLabelPx() + 16;
}

// ---------- the map ----------

/** The places the shown entries name, with how many name each. */
function placesOf(entries: Entry[]): MapPlace[] {
  const places = new Map<string, MapPlace>();
  for (const entry of entries)
    for (const place of entry.places ?? []) {
      if (typeof place.lat !== 'number' || typeof place.lon !== 'number') continue;
      const known = places.get(place.id) ?? {
        ...place,
        name: place.name ?? place.id,
        lat: place.lat,
        lon: place.lon,
        count: 0,
      };
      known.count += 1;
      places.set(place.id, known);
      labels.place.set(place.id, place.name ?? place.id);
    }
  return [...places.values()];
}

function renderMap(entries: Entry[]): void {
  const places = placesOf(entries);
  dom.mapSection.hidden = places.length === 0;
  $('map-jump').hidden = places.length === 0;
  if (places.length === 0) return;
  map ??= createMap(dom.mapCanvas, {
    onPlace: (id) => {
      navigate({ place: state.place.length === 1 && state.place[0] === id ? [] : [id] });
      syncForm();
    },
    hrefFor: (id) => pageUrl({ ...state, place: [id], entry: '' }),
  });
  map?.ready.catch(() => {
    dom.mapCanvas.replaceChildren(element('p', { className: 'muted' }, 'The map could not load.'));
  });
  map?.update(places, state.place);
  // The same places as a list: readable without the map, and by screen readers.
  const items = [...places]
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .map((place) => {
      const li = element('li', { className: state.place.includes(place.id) ? 'selected' : '' });
      const link = element('a', { href: pageUrl({ ...state, place: [place.id], entry: '' }) }, place.name);
      link.dataset.place = place.id;
      li.append(link, element('span', { className: 'facet-count' }, String(place.count)));
      return li;
    });
  dom.mapPlaces.replaceChildren(...items);
}

dom.mapPlaces.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest<HTMLElement>('a[data-place]') : null;
  if (!link?.dataset.place || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate({ place: [link.dataset.place] });
  syncForm();
});

// ---------- the entry panel ----------

function openEntry(id: string, opener?: HTMLElement): void {
  panelOpener =
    opener ?? (document.activeElement instanceof HTMLElement ? document.activeElement : undefined);
  if (id !== state.entry) navigate({ entry: id });
  else void showEntryFromState();
}

function closePanel(): void {
  if (state.entry) navigate({ entry: '' });
  else hidePanel();
}

$('panel-close').addEventListener('click', closePanel);

function hidePanel(): void {
  if (dom.panel.hidden) return;
  dom.panel.hidden = true;
  document.body.classList.remove('panel-open');
  resizeChart();
  entryRequest?.abort();
  const back = panelOpener?.isConnected ? panelOpener : dom.list;
  panelOpener = undefined;
  back.focus({ preventScroll: false });
}

let shownEntryKey = '';
async function showEntryFromState({ force = false } = {}): Promise<void> {
  markSelected();
  if (!state.entry) {
    shownEntryKey = '';
    hidePanel();
    return;
  }
  const key = `${state.entry}|${state.asOf}`;
  if (key === shownEntryKey && !dom.panel.hidden && !force) return;
  shownEntryKey = key;
  if (dom.panel.hidden) {
    dom.panel.hidden = false;
    document.body.classList.add('panel-open');
    resizeChart();
  }
  const known = shownEntries.find((e) => e.id === state.entry);
  if (!force) {
    dom.panelBody.replaceChildren(
      element(
        'h2',
        { id: 'entry-title', className: 'entry-view-title', tabIndex: -1 },
        known?.title ?? 'Loading…',
      ),
      element('p', { className: 'muted' }, 'Loading its sources and history…'),
    );
    (dom.panelBody.firstChild as HTMLElement).focus();
  }
  entryRequest?.abort();
  const request = new AbortController();
  entryRequest = request;
  try {
    const params = new URLSearchParams();
    if (state.asOf) params.set('asOf', state.asOf);
    const query = params.toString();
    const url = `/api/timeline/${encodeURIComponent(state.entry)}${query ? `?${query}` : ''}`;
    const { entry, history } = await getJson<{ entry: Entry; history: HistoryItem[] }>(url, request.signal);
    if (request !== entryRequest) return;
    renderEntry(entry, history);
  } catch (thrown) {
    if (request.signal.aborted) return;
    const error = asApiError(thrown);
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

function renderEntry(entry: Entry, history: HistoryItem[]): void {
  const parts: HTMLElement[] = [];
  parts.push(element('p', { className: 'entry-view-date' }, formatEntryDate(entry.date)));
  parts.push(element('h2', { id: 'entry-title', className: 'entry-view-title', tabIndex: -1 }, entry.title));
  // What a correction just did, where the reader is looking (the panel opens at its top).
  if (panelFlash) {
    parts.push(
      element('p', { id: 'corrections-done', className: 'corrections-done', role: 'status' }, panelFlash),
    );
    panelFlash = '';
  }
  if (entry.status === 'retracted') {
    const r = entry.retraction;
    // The history names the person; the entry keeps the key it was done with.
    const by = history.findLast((item) => item.type === 'EntryRetracted')?.by ?? r?.by;
    parts.push(
      element(
        'p',
        { className: 'retraction' },
        r ? `Retracted on ${formatTime(r.at)} by ${by}: ${r.reason}` : 'This entry has been retracted.',
      ),
    );
  }

  const facts = element('dl', { className: 'facts' });
  const fact = (term: string, values: string[]) => {
    if (values.length === 0) return;
    const dd = element('dd');
    for (const value of values) dd.append(element('span', { className: 'fact-value' }, value));
    facts.append(element('dt', {}, term), dd);
  };
  fact('Countries', entry.countries.map(countryName));
  fact('Actors', entry.actors);
  fact('Categories', entry.categories.map(categoryName));
  fact(
    'Places',
    (entry.places ?? []).map((p) => p.name ?? p.id),
  );
  parts.push(facts);
  parts.push(element('p', { className: 'entry-view-summary' }, entry.summary));

  const sources = distinctSources(entry.sources);
  parts.push(element('h3', {}, `Sources (${sources.length})`));
  const list = element('ol', { className: 'sources' });
  for (const source of sources) list.append(renderSource(source));
  parts.push(list);

  parts.push(element('h3', {}, 'History'));
  const events = element('ol', { className: 'history' });
  for (const item of history) events.append(renderHistoryItem(item));
  parts.push(events);

  const links = element('p', { className: 'entry-links' });
  links.append(
    element(
      'a',
      { href: pageUrl({ ...emptyFilters(), entry: entry.id, asOf: state.asOf, view: '', ongoing: '' }) },
      'Link to this entry',
    ),
    element('a', { href: `/api/timeline/${encodeURIComponent(entry.id)}` }, 'As JSON'),
  );
  parts.push(links);

  // Corrections are of the present: time travel reads the record, it does not change it.
  if (!state.asOf) {
    const corrections = element('section', { className: 'corrections', id: 'corrections' });
    corrections.setAttribute('aria-label', 'Correct this entry');
    const open = element(
      'button',
      { type: 'button', className: 'button-quiet', id: 'correct-open' },
      'Correct or retract this entry…',
    );
    open.addEventListener(
      'click',
      () =>
        void openCorrections(corrections, entry, {
          onDone: async (message) => {
            panelFlash = message;
            await loadEntries();
            await showEntryFromState({ force: true });
          },
        }),
    );
    corrections.append(open);
    parts.push(corrections);
  }

  dom.panelBody.replaceChildren(...parts);
  dom.panelBody.scrollTop = 0;
  dom.panel.querySelector<HTMLElement>('#entry-title')?.focus({ preventScroll: true });
}

/**
 * A document cited several times is one source with all its quotes. The server lists each source
 * once with `quotes`; older answers (one source per quote) are folded here the same way.
 */
function distinctSources(sources: Source[] | undefined): FoldedSource[] {
  const byKey = new Map<string, FoldedSource>();
  for (const source of sources ?? []) {
    const key = source.url || `${source.title}|${source.publisher ?? ''}|${source.origin?.document ?? ''}`;
    const known: FoldedSource = byKey.get(key) ?? { ...source, quotes: [] };
    for (const quote of quotesOf(source))
      if (!known.quotes.some((q) => q.text === quote.text && q.locator === quote.locator))
        known.quotes.push(quote);
    byKey.set(key, known);
  }
  return [...byKey.values()];
}

function quotesOf(source: Source): Quote[] {
  const quotes: Quote[] = [];
  for (const quote of Array.isArray(source.quotes) ? (source.quotes as unknown[]) : []) {
    if (typeof quote === 'string') quotes.push({ text: quote });
    else if (quote && typeof quote === 'object') {
      const { text, quote: said, locator } = quote as { text?: unknown; quote?: unknown; locator?: string };
      const words = text ?? said;
      if (typeof words === 'string')
        quotes.push({ text: words, ...(locator === undefined ? {} : { locator }) });
    }
  }
  const origin = source.origin ?? {};
  if (typeof origin.quote === 'string' && !quotes.some((q) => q.text === origin.quote))
    quotes.push({ text: origin.quote, ...(origin.locator === undefined ? {} : { locator: origin.locator }) });
  return quotes;
}

function renderSource(source: FoldedSource): HTMLLIElement {
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
    li.append(element('p', { className: 'source-origin' }, `Seed document “${origin.document}”`));
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
  if (source.quotes.length > 0) {
    li.append(
      element(
        'p',
        { className: 'source-quotes-count' },
        source.quotes.length === 1 ? 'Quoted once:' : `Quoted ${source.quotes.length} times:`,
      ),
    );
    for (const quote of source.quotes) {
      const block = element('blockquote', { className: 'source-quote' });
      block.append(element('p', {}, quote.text));
      if (quote.locator) block.append(element('p', { className: 'source-locator' }, quote.locator));
      li.append(block);
    }
  }
  return li;
}

/** Who did it: the key's name when the server gives it, else what the log recorded. */
function actorName(item: HistoryItem): string {
  return item.by ?? item.actor ?? 'unknown';
}

function renderHistoryItem(item: HistoryItem): HTMLLIElement {
  const li = element('li', { className: `history-item history-${item.type}` });
  const head = element('p', { className: 'history-head' });
  head.append(
    element('strong', {}, EVENT_LABELS[item.type] ?? item.type),
    document.createTextNode(' by '),
    element('span', { className: 'history-actor' }, String(actorName(item))),
    document.createTextNode(' · '),
    element('time', { dateTime: item.recordedAt, title: item.recordedAt }, formatTime(item.recordedAt)),
  );
  li.append(head);
  if (item.reason) li.append(element('p', { className: 'history-reason' }, `Why: ${item.reason}`));
  const changes = changeList(item.diff ?? item.changes);
  if (changes) li.append(changes);
  const edits = changeList(item.approvalEdits);
  if (edits) {
    li.append(
      element(
        'p',
        { className: 'history-subhead' },
        'Edited by the reviewer when approving (proposed → approved):',
      ),
    );
    li.append(edits);
  }
  if (item.candidateId) {
    const link = element(
      'a',
      {
        className: 'history-candidate',
        href: `/review?status=approved&candidate=${encodeURIComponent(item.candidateId)}`,
      },
      'See the review decision',
    );
    const p = element('p', {});
    p.append(link);
    li.append(p);
  }
  if (item.source && typeof item.source === 'object') {
    const s = item.source;
    li.append(
      element('p', { className: 'history-reason' }, [s.title, s.publisher].filter(Boolean).join(' · ')),
    );
  }
  return li;
}

/**
 * Each changed field as before → after: `[{ field, before, after }]` (the server's diff), or an
 * object of new values alone (older answers), shown as they are.
 */
interface Change {
  field: string;
  before?: unknown;
  after?: unknown;
}

function changeList(changes: unknown): HTMLDListElement | undefined {
  const rows: Change[] = Array.isArray(changes)
    ? (changes as unknown[]).filter(
        (c): c is Change => typeof c === 'object' && c !== null && typeof (c as Change).field === 'string',
      )
    : changes && typeof changes === 'object'
      ? Object.entries(changes).map(([field, after]) => ({ field, after: after as unknown }))
      : [];
  if (rows.length === 0) return undefined;
  const list = element('dl', { className: 'history-changes' });
  for (const { field, before, after } of rows) {
    const dd = element('dd', {});
    if (before !== undefined) {
      dd.append(
        element('del', { className: 'change-before' }, describeValue(field, before)),
        element('span', { className: 'change-arrow' }, ' → '),
      );
    }
    dd.append(element('ins', { className: 'change-after' }, describeValue(field, after)));
    list.append(element('dt', {}, FIELD_LABELS[field] ?? field), dd);
  }
  return list;
}

function describeValue(field: string, value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (field === 'date' && typeof value === 'object') return formatEntryDate(value as EntryDate);
  if (field === 'countries' && Array.isArray(value))
    return (value as string[]).map(countryName).join(', ') || '(none)';
  if (field === 'categories' && Array.isArray(value))
    return (value as string[]).map(categoryName).join(', ') || '(none)';
  if (field === 'places' && Array.isArray(value))
    return (
      (value as (Place | string)[]).map((p) => (typeof p === 'object' ? (p.name ?? p.id) : p)).join(', ') ||
      '(none)'
    );
  if (Array.isArray(value)) return (value as unknown[]).join(', ') || '(none)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// ---------- formatting ----------

function firstDay(value: string): number {
  const [year = 0, month = 1, day = 1] = value.split('-').map(Number);
  return Date.UTC(year, month - 1, day);
}

/** The first day after a partial date: `2012` → 2013-01-01. */
function dayAfter(value: string): number {
  const parts = value.split('-').map(Number);
  const [year = 0, month = 1, day = 1] = parts;
  if (parts.length === 1) return Date.UTC(year + 1, 0, 1);
  if (parts.length === 2) return Date.UTC(year, month, 1);
  return Date.UTC(year, month - 1, day + 1);
}

// To the second: a time read here may be typed into "as recorded on".
const timeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
});
function formatTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : timeFormat.format(time);
}

/** ISO time → the value a datetime-local input shows (local time, to the second). */
function toLocalInput(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}` +
    `T${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`
  );
}

function fromLocalInput(value: string): string | undefined {
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

function countryName(code: string): string {
  return labels.country.get(code) ?? code;
}

function categoryName(value: string): string {
  return labels.category.get(value) ?? value.replace(/-/g, ' ');
}

function placeName(id: string): string {
  return labels.place.get(id) ?? id;
}

// ---------- email alerts ----------

const alertForm = $<HTMLFormElement>('alert-form');
const alertResult = $('alert-result');

/** The search box's words as alert keywords: a "quoted phrase" stays one keyword. */
function keywordsOf(q: string): string[] {
  const keywords: string[] = [];
  for (const match of q.matchAll(/"([^"]+)"|(\S+)/g)) {
    // An unclosed quote is not part of the word.
    const word = (match[1] ?? match[2] ?? '').replace(/^"+|"+$/g, '').trim();
    if (word && !keywords.includes(word)) keywords.push(word.slice(0, 200));
  }
  return keywords.slice(0, 50);
}

/** What a sign-up follows: the page's country, category and actor filters and its search words. */
function alertFilters(): Record<string, string[]> {
  return {
    countries: [...state.country],
    categories: [...state.category],
    actors: [...state.actor],
    keywords: keywordsOf(state.q),
  };
}

function updateAlertFollows(): void {
  const keywords = keywordsOf(state.q);
  const parts = [
    state.country.length ? `about ${state.country.map(countryName).join(' or ')}` : '',
    state.category.length ? `in ${state.category.map(categoryName).join(' or ')}` : '',
    state.actor.length ? `naming ${state.actor.join(' or ')}` : '',
    keywords.length ? `with the words ${keywords.map((k) => `“${k}”`).join(', ')}` : '',
  ].filter(Boolean);
  $('alert-follows').textContent = parts.length ? `new entries ${parts.join(', ')}` : 'every new entry';
  const ignored = [
    state.place.length ? `places (${state.place.map(placeName).join(', ')})` : '',
    state.from || state.to ? 'dates' : '',
  ].filter(Boolean);
  const note = $('alert-ignored');
  note.textContent = ignored.length ? `Alerts do not filter by ${ignored.join(' or ')}.` : '';
  note.hidden = ignored.length === 0;
}

function showAlertResult(message: string, isError = false): void {
  alertResult.textContent = message;
  alertResult.classList.toggle('alert-result-error', isError);
  alertResult.hidden = !message;
}

alertForm.addEventListener(
  'submit',
  later(async (event) => {
    event.preventDefault();
    const input = alertForm.elements.namedItem('email') as HTMLInputElement;
    const email = input.value.trim();
    if (!email || !input.checkValidity()) {
      showAlertResult('Write an email address, like name@example.org.', true);
      input.focus();
      return;
    }
    const button = alertForm.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (!button) return;
    button.disabled = true;
    showAlertResult('');
    try {
      const response = await fetch('/api/subscriptions/email', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({
          email,
          filters: alertFilters(),
          mode: (alertForm.elements.namedItem('mode') as RadioNodeList | HTMLSelectElement).value,
        }),
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (response.status === 202) {
        showAlertResult(
          `Check your inbox: a link to confirm is on its way to ${email}. Nothing is sent before you follow it.`,
        );
      } else if (response.status === 429) {
        showAlertResult('Too many sign-ups from here just now. Try again in a minute.', true);
      } else {
        showAlertResult(`Could not sign up. ${apiMessage(response.status, body)}`, true);
      }
    } catch {
      showAlertResult('Could not sign up: the server could not be reached. Try again in a moment.', true);
    } finally {
      button.disabled = false;
    }
  }),
);

// ---------- start ----------

/** Every country's and category's name (libs/timeline's vocabulary), whatever the facets count now. */
function loadVocabulary() {
  for (const [code, name] of Object.entries(COUNTRIES)) labels.country.set(code, name);
  for (const [value, name] of Object.entries(CATEGORY_LABELS)) labels.category.set(value, name);
}

async function start() {
  lastVisit = readLastVisit();
  // A hand-edited link may name a moment that is not one: say so, and show the present.
  if (state.asOf && Number.isNaN(Date.parse(state.asOf))) {
    showFilterError(`“${state.asOf}” in the link is not a moment in time, so this is the present timeline.`);
    state = { ...state, asOf: '' };
    history.replaceState(null, '', pageUrl());
  }
  loadVocabulary();
  syncForm();
  updateLinks();
  if (!window.vis && !narrow.matches)
    showFilterError('The visual timeline could not load; the list below still works.');
  void loadMoments();
  await loadEntries();
  await showEntryFromState();
}

void start();
