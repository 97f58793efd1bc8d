// The review page's forms: the entry's fields (the same in the edit form and the propose dialog,
// so they are written once here), what the reviewer typed read back as edits or as a proposal,
// and errors shown next to the field they are about.

import type { ProposedFields } from '@app/ingest';
import { html, nothing, render, type TemplateResult } from 'lit-html';
import { ifDefined } from 'lit-html/directives/if-defined.js';
import { live } from 'lit-html/directives/live.js';

import { REJECTION_REASONS } from '../../../../../libs/ingest/src/candidate-events';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  COUNTRIES,
  DATE_PRECISION_LABELS,
  DATE_PRECISIONS,
  type DatePrecision,
} from '../../../../../libs/timeline/src/vocabulary/vocabulary';

import { byId, isWebUrl } from './dom';

interface Choice {
  value: string;
  label: string;
}
type ChoiceName = 'countries' | 'categories';
const CHOICES: Record<ChoiceName, Choice[]> = {
  countries: Object.entries(COUNTRIES).map(([value, label]) => ({ value, label })),
  categories: CATEGORIES.map((value) => ({ value, label: CATEGORY_LABELS[value] })),
};

/** A date as the form holds it (the server judges the precision). */
export interface FormDate {
  start: string;
  end?: string;
  precision: string;
}
/** What a reviewer changed of a candidate's proposed fields: only those go with the approval. */
export interface Edits {
  title?: string;
  summary?: string;
  date?: FormDate;
  countries?: string[];
  categories?: string[];
  actors?: string[];
}
export interface Proposal {
  title: string;
  summary: string;
  date: FormDate;
  countries: string[];
  actors: string[];
  categories: string[];
  source: { title: string; url?: string; publisher?: string; publishedAt?: string; note?: string };
}

// ---------- the markup ----------

interface FieldSpec {
  id: string;
  label: string;
  /** Said after the label, in brackets: "optional", "one per line". */
  note?: string;
  name?: string;
  /** A textarea of this many rows; an input without. */
  rows?: number;
  type?: string;
  maxlength?: number;
  placeholder?: string;
  inputmode?: 'numeric' | 'decimal';
  step?: number;
  autocomplete?: 'off';
  required?: boolean;
  /** `field` and more: `field grow` takes the rest of its row. */
  className?: string;
  /** Whether a line below says what is wrong with it (a filter has none). */
  errors?: boolean;
  /** A select of these [value, label] options. */
  options?: ReadonlyArray<readonly [string, string]>;
}

const labelFor = ({ id, label, note }: FieldSpec): TemplateResult =>
  html`<label for=${id}>${label}${note ? html` <span class="label-note">(${note})</span>` : nothing}</label>`;

function control(spec: FieldSpec): TemplateResult {
  const { id, name, rows, maxlength, placeholder, required = false } = spec;
  const describedBy = spec.errors === false ? undefined : `${id}-error`;
  if (spec.options)
    return html`<select id=${id} name=${ifDefined(name)} aria-describedby=${ifDefined(describedBy)}>
      ${spec.options.map(([value, text]) => html`<option value=${value}>${text}</option>`)}
    </select>`;
  return rows
    ? html`<textarea
        id=${id}
        name=${ifDefined(name)}
        rows=${rows}
        maxlength=${ifDefined(maxlength)}
        ?required=${required}
        aria-describedby=${ifDefined(describedBy)}
      ></textarea>`
    : html`<input
        id=${id}
        name=${ifDefined(name)}
        type=${ifDefined(spec.type)}
        step=${ifDefined(spec.step)}
        maxlength=${ifDefined(maxlength)}
        placeholder=${ifDefined(placeholder)}
        inputmode=${ifDefined(spec.inputmode)}
        autocomplete=${ifDefined(spec.autocomplete)}
        ?required=${required}
        aria-describedby=${ifDefined(describedBy)}
      />`;
}

const errorLine = (id: string): TemplateResult => html`<p id="${id}-error" class="field-error" hidden></p>`;

/** A labelled control with the line below it where its error is said. */
const field = (spec: FieldSpec): TemplateResult =>
  html`<div class=${spec.className ?? 'field'}>
    ${labelFor(spec)} ${control(spec)} ${spec.errors === false ? nothing : errorLine(spec.id)}
  </div>`;

/** A filter of the queue: a select of these [value, label] options, without an error line. */
const filter = (
  key: string,
  label: string,
  options: ReadonlyArray<readonly [string, string]>,
): TemplateResult => field({ id: `f-${key}`, label, name: key, options, errors: false });

const choiceOptions = (name: ChoiceName): Array<[string, string]> =>
  CHOICES[name].map(({ value, label }) => [value, label]);

/**
 * The queue's filters (#filters): their values are the URL's, so a reload or a shared link keeps
 * them. Rendered once: the feed filter's options are then the page's to change, as feeds become known.
 */
export function renderFilters(): void {
  render(
    html`<div class="filter-row">
        ${filter('status', 'Status', [
          ['pending', 'Pending'],
          ['borderline', 'Borderline tray'],
          ['approved', 'Approved'],
          ['rejected', 'Rejected'],
          ['merged', 'Merged'],
        ])}
        ${filter('sort', 'Order', [
          ['score', 'Highest score first'],
          ['newest', 'Newest first'],
          ['oldest', 'Oldest first'],
        ])}
        ${filter('feed', 'Feed', [['', 'Any feed']])}
        ${filter('country', 'Country', [['', 'Any country'], ...choiceOptions('countries')])}
        ${filter('category', 'Category', [['', 'Any category'], ...choiceOptions('categories')])}
        ${field({
          id: 'f-minScore',
          label: 'Score at least',
          name: 'minScore',
          type: 'number',
          step: 0.5,
          inputmode: 'decimal',
          className: 'field field-score',
          errors: false,
        })}
        ${field({
          id: 'f-q',
          label: 'Search',
          name: 'q',
          type: 'search',
          maxlength: 200,
          autocomplete: 'off',
          placeholder: 'Words in titles, excerpts, feeds…',
          className: 'field field-search',
          errors: false,
        })}
      </div>
      <div class="filter-row filter-row-secondary">
        <button type="button" id="propose-open" class="button-outline">Propose an entry…</button>
        <button type="button" id="shortcuts-open" class="button-quiet">
          Keyboard shortcuts <kbd>?</kbd>
        </button>
      </div>`,
    byId('filters'),
  );
}

const choices = (prefix: string, name: ChoiceName, legend: string): TemplateResult =>
  html`<fieldset id="${prefix}-${name}" class="choices" aria-describedby="${prefix}-${name}-error">
    <legend>${legend}</legend>
    <div class="choice-grid" data-choices=${name}></div>
    ${errorLine(`${prefix}-${name}`)}
  </fieldset>`;

/**
 * The entry's fields, ids prefixed (`e-title` in the edit form, `p-title` in the propose dialog):
 * the checkbox grids are filled by `fillChoices`.
 */
function entryFields(
  prefix: 'e' | 'p',
  { rows, required }: { rows: number; required: boolean },
): TemplateResult {
  const datePart = (part: 'start' | 'end', label: string, placeholder: string): FieldSpec => ({
    id: `${prefix}-date-${part}`,
    label,
    ...(part === 'end' ? { note: 'ranges only' } : {}),
    name: part === 'end' ? 'dateEnd' : 'dateStart',
    placeholder,
    inputmode: 'numeric',
  });
  const start = datePart('start', 'Start', 'YYYY, YYYY-MM or YYYY-MM-DD');
  const end = datePart('end', 'End', 'YYYY-MM-DD');
  const precision = `${prefix}-date-precision`;
  return html`${field({ id: `${prefix}-title`, label: 'Title', name: 'title', maxlength: 200, required })}
    ${field({
      id: `${prefix}-summary`,
      label: 'Summary',
      name: 'summary',
      rows: rows + 1,
      maxlength: 4000,
      required,
    })}
    <fieldset class="date-fields">
      <legend>Date</legend>
      <div class="field">${labelFor(start)} ${control(start)}</div>
      <div class="field">${labelFor(end)} ${control(end)}</div>
      <div class="field">
        <label for=${precision}>Precision</label>
        <select id=${precision} name="datePrecision" aria-describedby="${precision}-error">
          ${DATE_PRECISIONS.map((value) => html`<option value=${value}>${DATE_PRECISION_LABELS[value]}</option>`)}
        </select>
      </div>
      ${errorLine(start.id)} ${errorLine(end.id)} ${errorLine(precision)}
    </fieldset>
    ${choices(prefix, 'countries', 'Countries')} ${choices(prefix, 'categories', 'Categories')}
    ${field({ id: `${prefix}-actors`, label: 'Actors', note: 'one per line', name: 'actors', rows })}`;
}

/** Renders the edit form (#edit-form) and the propose dialog's form (#propose-form). */
export function renderForms(): void {
  render(
    html`<div class="card-head">
        <h3 id="h-edit">The entry it would add</h3>
        <button type="button" id="edit-reset" class="button-quiet">Undo my edits</button>
      </div>
      <p class="help">
        Proposed from the item; change anything before you approve. Only what you change is sent.
      </p>
      ${entryFields('e', { rows: 3, required: false })}`,
    byId('edit-form'),
  );
  const optional = 'optional';
  render(
    html`<div class="card-head">
        <h2 id="propose-heading">Propose an entry</h2>
        <button type="button" class="button-quiet" data-close-dialog>Close</button>
      </div>
      <p class="help">
        For a development the feeds do not cover. It joins the queue as a pending candidate, so another look
        (yours or a colleague's) approves it.
      </p>
      <fieldset class="group">
        <legend>The source</legend>
        ${field({ id: 'p-source-title', label: 'Title of the source', maxlength: 500, required: true })}
        <div class="field-row">
          ${field({
            id: 'p-source-url',
            label: 'Link',
            note: optional,
            type: 'url',
            placeholder: 'https://…',
            className: 'field grow',
          })}
          ${field({ id: 'p-source-publisher', label: 'Publisher', note: optional, maxlength: 200 })}
          ${field({ id: 'p-source-publishedAt', label: 'Published', note: optional, type: 'date' })}
        </div>
        ${field({ id: 'p-source-note', label: 'Note for reviewers', note: optional, rows: 2, maxlength: 1000 })}
      </fieldset>
      <fieldset class="group">
        <legend>The entry</legend>
        ${entryFields('p', { rows: 2, required: true })}
      </fieldset>
      <p id="propose-error" class="form-error" role="alert" hidden></p>
      <div class="actions">
        <button type="submit" class="button" id="propose-submit">Add to the queue</button>
        <button type="button" class="button-quiet" data-close-dialog>Cancel</button>
      </div>`,
    byId('propose-form'),
  );
}

const panelButton = (which: 'reject' | 'merge', label: string, key: string): TemplateResult =>
  html`<button
    type="button"
    id="${which}-open"
    class="button-outline"
    aria-expanded="false"
    aria-controls="${which}-form"
  >
    ${label} <kbd>${key}</kbd>
  </button>`;

const reason = (id: string, label: string, note: string): TemplateResult =>
  field({ id, label, note, maxlength: 2000 });

/**
 * The forms around a decision (#decide: approve, reject, merge; #amend-form for kept edits;
 * #reopen-form for a rejected or merged candidate).
 */
export function renderDecisionForms(): void {
  render(
    html`<h3 id="h-decide">Decide</h3>
      <div class="decide-bar">
        <button type="button" id="promote" class="button-outline" hidden>
          Promote to the queue <kbd>p</kbd>
        </button>
        <button type="button" id="approve" class="button">Approve <kbd>a</kbd></button>
        ${panelButton('reject', 'Reject…', 'r')} ${panelButton('merge', 'Merge…', 'm')}
      </div>
      <p id="decide-error" class="form-error" role="alert" hidden></p>
      <form id="reject-form" class="decide-panel" novalidate hidden>
        ${field({
          id: 'reject-code',
          label: 'Reason',
          name: 'reasonCode',
          options: [['', 'Choose a reason…'], ...Object.entries(REJECTION_REASONS)],
        })}
        ${field({
          id: 'reject-reason',
          label: 'In your words',
          note: 'required for “Other”; kept in the record',
          name: 'reason',
          rows: 2,
          maxlength: 2000,
        })}
        <div class="actions">
          <button type="submit" class="button button-danger" id="reject">Reject</button>
          <button type="button" class="button-quiet" data-close-panel>Cancel</button>
        </div>
      </form>
      <form id="merge-form" class="decide-panel" novalidate hidden>
        ${field({
          id: 'merge-q',
          label: 'Find the entry or queued item this one reports on',
          type: 'search',
          autocomplete: 'off',
          maxlength: 200,
          placeholder: 'Words in any language; matches by country and date come first',
        })}
        <p id="merge-status" class="help" aria-live="polite"></p>
        <ol id="merge-results" class="merge-results"></ol>
        <p id="merge-choice" class="merge-choice" hidden></p>
        <div class="actions">
          <button type="submit" class="button" id="merge" disabled>Merge as another source</button>
          <button type="button" class="button-quiet" data-close-panel>Cancel</button>
        </div>
      </form>`,
    byId('decide'),
  );
  render(
    html`<h3 id="h-amend">Your edits are kept</h3>
      <p id="amend-what" class="help"></p>
      ${reason('amend-reason', 'Why amend the entry?', 'kept in its history')}
      <div class="actions">
        <button type="submit" class="button" id="amend-apply">Apply as an amendment</button>
        <button type="button" class="button-quiet" id="amend-discard">Discard my edits</button>
      </div>`,
    byId('amend-form'),
  );
  render(
    html`<h3 id="h-reopen">Reopen it</h3>
      ${reason('reopen-reason', 'Why look at it again?', 'kept in the record')}
      <div class="actions">
        <button type="submit" class="button-outline" id="reopen">Reopen into the queue</button>
      </div>`,
    byId('reopen-form'),
  );
}

/**
 * Ticks the chosen countries or categories. A value outside the vocabulary (an old proposal) is
 * still shown, so it can be unticked.
 */
export function fillChoices(scope: HTMLElement, name: ChoiceName, chosen: readonly string[]): void {
  const grid = scope.querySelector<HTMLElement>(`[data-choices="${name}"]`);
  if (!grid) throw new Error(`#${scope.id} has no ${name} to choose from`);
  const known = new Set(CHOICES[name].map((choice) => choice.value));
  const all = [
    ...CHOICES[name],
    ...chosen.filter((value) => !known.has(value)).map((value) => ({ value, label: value })),
  ];
  const wanted = new Set(chosen);
  render(
    all.map(
      ({ value, label }) =>
        html`<label class="choice"
          ><input type="checkbox" name=${name} value=${value} .checked=${live(wanted.has(value))} /><span
            >${label}</span
          ></label
        >`,
    ),
    grid,
  );
}

// ---------- reading the forms ----------

const valueOf = (id: string): string =>
  byId<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(id).value.trim();

export const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

function checkedValues(scope: HTMLElement, name: ChoiceName): string[] {
  return [...scope.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map(
    (box) => box.value,
  );
}

function dateFrom(prefix: 'e' | 'p'): FormDate {
  const date: FormDate = {
    start: valueOf(`${prefix}-date-start`),
    precision: valueOf(`${prefix}-date-precision`),
  };
  const end = valueOf(`${prefix}-date-end`);
  if (end) date.end = end;
  return date;
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

const setValue = (id: string, value: string): void => {
  byId<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(id).value = value;
};

/** The edit form as the proposal has it: what the reviewer's edits are measured against. */
export function fillEditForm(proposed: ProposedFields): void {
  const form = byId('edit-form', HTMLFormElement);
  clearFieldErrors(form);
  setValue('e-title', proposed.title);
  setValue('e-summary', proposed.summary);
  setValue('e-date-start', proposed.date.start);
  setValue('e-date-end', proposed.date.end ?? '');
  setValue('e-date-precision', proposed.date.precision);
  fillChoices(form, 'countries', proposed.countries);
  fillChoices(form, 'categories', proposed.categories);
  setValue('e-actors', proposed.actors.join('\n'));
}

/** Only the fields the reviewer changed: the approval records them as edits. */
export function editedFields(proposed: ProposedFields): Edits {
  const form = byId('edit-form', HTMLFormElement);
  const edits: Edits = {};
  const title = valueOf('e-title');
  if (title !== proposed.title) edits.title = title;
  const summary = valueOf('e-summary');
  if (summary !== proposed.summary) edits.summary = summary;
  const date = dateFrom('e');
  if (
    date.start !== proposed.date.start ||
    (date.end ?? '') !== (proposed.date.end ?? '') ||
    date.precision !== proposed.date.precision
  )
    edits.date = date;
  const countries = checkedValues(form, 'countries');
  if (!sameSet(countries, proposed.countries)) edits.countries = countries;
  const categories = checkedValues(form, 'categories');
  if (!sameSet(categories, proposed.categories)) edits.categories = categories;
  const actors = lines(byId('e-actors', HTMLTextAreaElement).value);
  if (actors.join('\n') !== proposed.actors.join('\n')) edits.actors = actors;
  return edits;
}

/** The propose dialog's fields as the API takes them (the optional source fields only when given). */
export function readProposal(): Proposal {
  const form = byId('propose-form', HTMLFormElement);
  const source: Proposal['source'] = { title: valueOf('p-source-title') };
  for (const key of ['url', 'publisher', 'publishedAt', 'note'] as const) {
    const value = valueOf(`p-source-${key}`);
    if (value) source[key] = value;
  }
  return {
    title: valueOf('p-title'),
    summary: valueOf('p-summary'),
    date: dateFrom('p'),
    countries: checkedValues(form, 'countries'),
    actors: lines(byId('p-actors', HTMLTextAreaElement).value),
    categories: checkedValues(form, 'categories'),
    source,
  };
}

const PRECISION_EXAMPLES: Partial<Record<string, string>> = {
  day: '2024-05-17',
  month: '2024-05',
  year: '2024',
};
const isPrecision = (value: string): value is DatePrecision =>
  (DATE_PRECISIONS as readonly string[]).includes(value);

/**
 * Every field of the propose form that the server would refuse, as [control id, what is wrong in
 * plain words] (the server checks again; this only saves the reviewer a round trip per field).
 */
export function proposalProblems(body: Proposal): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const { source, date } = body;
  if (!source.title)
    problems.push(['p-source-title', 'Name the source: its headline or the document’s title.']);
  if (source.url && !isWebUrl(source.url))
    problems.push(['p-source-url', 'The link must be a web address starting with http:// or https://.']);
  if (source.publishedAt && !/^\d{4}-\d{2}-\d{2}$/.test(source.publishedAt))
    problems.push(['p-source-publishedAt', 'Give the publication date as year-month-day, like 2024-05-17.']);
  if (!body.title) problems.push(['p-title', 'Give the entry a title: what happened, in a line.']);
  if (!body.summary) problems.push(['p-summary', 'Write a sentence or two on what happened.']);
  const example = PRECISION_EXAMPLES[date.precision];
  if (!date.start) problems.push(['p-date-start', 'Say when it happened: a year, a month or a day.']);
  else if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date.start))
    problems.push(['p-date-start', 'Write the date as 2024, 2024-05 or 2024-05-17.']);
  else if (example && isPrecision(date.precision) && date.start.length !== example.length)
    problems.push([
      'p-date-start',
      `For “${DATE_PRECISION_LABELS[date.precision]}”, write the date like ${example}, or change the precision.`,
    ]);
  if (date.precision === 'range' && !date.end) problems.push(['p-date-end', 'A range needs an end date.']);
  if (date.end && date.precision !== 'range')
    problems.push(['p-date-end', 'Only a range has an end date: clear it, or choose “Range”.']);
  if (body.countries.length === 0) problems.push(['p-countries', 'Tick at least one country.']);
  if (body.categories.length === 0) problems.push(['p-categories', 'Tick at least one category.']);
  return problems;
}

// ---------- errors beside their fields ----------

/** The API's field names that do not name a control of ours (`edits.title` is the title). */
const FIELD_PREFIXES = new Set(['edits', 'changes', 'fields', 'body', 'proposal', 'proposed']);

/** What a decision or a proposal is: it decides which form's controls a field name means. */
export type FormAction = 'approve' | 'promote' | 'reject' | 'merge' | 'propose';

/** The id of the control the API's `details.field` names, for the request that was sent. */
export function controlIdFor(action: FormAction, field: string): string {
  const [head = '', sub] = field.split('.').filter((part) => !FIELD_PREFIXES.has(part));
  if (action === 'reject') return 'reject-reason';
  if (action === 'merge') return 'merge-q';
  if (action === 'propose') {
    if (head === 'source') return `p-source-${sub ?? 'title'}`;
    if (head === 'date') return `p-date-${sub ?? 'start'}`;
    return `p-${head}`;
  }
  if (head === 'date') return `e-date-${sub ?? 'start'}`;
  return `e-${head}`;
}

/** A focusable control inside it: a fieldset of checkboxes is focused at its first box. */
const focusable = (control: HTMLElement): HTMLElement | null =>
  control instanceof HTMLFieldSetElement ? control.querySelector('input') : control;

/** Says what is wrong under the control (whose error line is #<id>-error), marks it, and focuses it. */
export function showFieldError(control: HTMLElement, message: string, { focus = true } = {}): void {
  const note = byId(`${control.id}-error`);
  note.textContent = message;
  note.hidden = false;
  control.setAttribute('aria-invalid', 'true');
  control.closest('.field, fieldset')?.classList.add('invalid');
  if (!focus) return;
  const target = focusable(control);
  target?.scrollIntoView({ block: 'center' });
  target?.focus({ preventScroll: true });
}

/** Shows the first problem's control (or its first box) to the reviewer. */
export function focusControl(id: string): void {
  focusable(byId(id))?.focus();
}

export function clearFieldErrors(scope: HTMLElement): void {
  for (const note of scope.querySelectorAll<HTMLElement>('.field-error')) {
    note.hidden = true;
    note.textContent = '';
  }
  for (const invalid of scope.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
  for (const box of scope.querySelectorAll('.invalid')) box.classList.remove('invalid');
}
