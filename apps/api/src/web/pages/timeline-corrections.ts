// Corrections from the entry panel: a reviewer or admin, signed in on /review (the httpOnly session
// cookie goes along by itself), amends fields of an entry or retracts it, always saying why. Each
// field says what is wrong with it in plain words, from the page's own checks first and from the
// server's 400 (which names the field) otherwise. Text reaches the DOM through textContent only.

import {
  CATEGORIES,
  CATEGORY_LABELS,
  COUNTRIES,
  DATE_PRECISION_LABELS,
  type EntryDate,
} from '../../../../../libs/timeline/src/vocabulary/vocabulary';

import { h as element, later, requestJson, type JsonAnswer } from './dom';
import { partialDateProblem } from './entry-date';

/** What the forms read of an entry (as /api/timeline/:id answers it). */
export interface CorrectableEntry {
  id: string;
  title: string;
  summary: string;
  date: EntryDate;
  countries: string[];
  actors: string[];
  categories: string[];
  version: number;
  status: string;
}

type Done = (message: string) => Promise<void> | void;
type Errors = Partial<Record<string, string>>;
interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: { field?: string } };
}

// Path segments the API may put in front of a field name (`changes.title`).
const PREFIXES = new Set(['changes', 'body', 'fields']);
const FIELDS = ['title', 'summary', 'date', 'countries', 'actors', 'categories', 'reason'];
const KNOWN_COUNTRIES = new Set(Object.keys(COUNTRIES));

function request(method: string, url: string, body?: unknown, csrfToken?: string): Promise<JsonAnswer> {
  return requestJson(method, url, body, { csrfToken });
}

/** Which form field a server's `details.field` names: `changes.date.start` → date. */
export function fieldOf(path: unknown): string {
  const parts = (typeof path === 'string' ? path : '')
    .split('.')
    .filter((part) => part && !PREFIXES.has(part));
  const first = parts[0] ?? '';
  return FIELDS.includes(first) ? first : '';
}

/**
 * The server's wording made plain: "changes.actors.0: Too big: expected string to have <=200
 * characters" becomes "is too long: 200 characters at most."
 */
export function plainWords(message: unknown): string {
  const text = (typeof message === 'string' ? message : '').replace(/^[\w.]+: /, '');
  let match: RegExpExecArray | null;
  if ((match = /too small: expected string to have >=\s*(\d+)/i.exec(text)))
    return match[1] === '1' ? 'must not be empty.' : `is too short: ${match[1]} characters at least.`;
  if ((match = /too big: expected string to have <=\s*(\d+)/i.exec(text)))
    return `is too long: ${match[1]} characters at most.`;
  if ((match = /too big: expected array to have <=\s*(\d+)/i.exec(text)))
    return `has too many: ${match[1]} at most.`;
  if (/expected string.*received undefined/i.test(text)) return 'must not be empty.';
  if (/invalid option|expected one of/i.test(text)) return 'is not one of the choices.';
  return text.endsWith('.') ? text : `${text}.`;
}

/**
 * Opens the corrections forms in `container` for `entry`, once the session says who is signed in.
 * `onDone(message)` runs after an amendment or a retraction is recorded.
 */
export async function openCorrections(
  container: HTMLElement,
  entry: CorrectableEntry,
  { onDone }: { onDone: Done },
): Promise<void> {
  const done = container.querySelector('#corrections-done');
  container.replaceChildren(element('p', { className: 'muted' }, 'Checking who is signed in…'));
  if (done) container.append(done);
  const session = await request('GET', '/api/session');
  const who = session.data as { name: string; role: string; csrfToken: string } | undefined;
  if (session.status !== 200 || !who) {
    const note = element('p', { className: 'corrections-signin' });
    note.append(
      document.createTextNode('Corrections are for reviewers and admins. '),
      element('a', { href: '/review' }, 'Sign in on the review page'),
      document.createTextNode(', then come back to this entry.'),
    );
    container.replaceChildren(note);
    return;
  }
  const { name, role, csrfToken } = who;
  if (role !== 'reviewer' && role !== 'admin') {
    container.replaceChildren(
      element(
        'p',
        { className: 'corrections-signin' },
        `You are signed in as ${name} (${role}): only reviewers and admins can correct entries.`,
      ),
    );
    return;
  }
  container.replaceChildren(
    element('h3', {}, 'Correct this entry'),
    element(
      'p',
      { className: 'muted corrections-who' },
      `Signed in as ${name} (${role}). Every change is on the record, with your reason.`,
    ),
    amendForm(entry, { csrfToken, onDone }),
    retractForm(entry, { csrfToken, onDone }),
  );
  container.querySelector<HTMLInputElement>('#c-title')?.focus();
}

function field(id: string, label: string, control: HTMLElement, help?: string): HTMLDivElement {
  const wrap = element('div', { className: 'cfield' });
  wrap.dataset.field = id.replace(/^c-/, '');
  wrap.append(element('label', { htmlFor: id }, label), control);
  if (help) wrap.append(element('p', { className: 'help' }, help));
  const error = element('p', { className: 'field-error', id: `${id}-error`, hidden: true });
  control.setAttribute('aria-describedby', error.id);
  wrap.append(error);
  return wrap;
}

function showErrors(form: HTMLFormElement, errors: Errors): void {
  for (const error of form.querySelectorAll<HTMLElement>('.field-error')) {
    error.textContent = '';
    error.hidden = true;
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  let first: HTMLElement | null | undefined;
  for (const [name, message] of Object.entries(errors)) {
    const wrap = form.querySelector(`.cfield[data-field="${name}"]`);
    const error = wrap?.querySelector<HTMLElement>('.field-error');
    if (!wrap || !error || message === undefined) continue;
    error.textContent = message;
    error.hidden = false;
    const control = wrap.querySelector<HTMLElement>('input, textarea, select');
    control?.setAttribute('aria-invalid', 'true');
    first ??= control;
  }
  first?.focus();
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function amendForm(
  entry: CorrectableEntry,
  { csrfToken, onDone }: { csrfToken: string; onDone: Done },
): HTMLFormElement {
  const form = element('form', { className: 'corrections-form', noValidate: true });
  form.id = 'amend-form';
  const title = element('input', { id: 'c-title', value: entry.title, maxLength: 200 });
  const summary = element('textarea', { id: 'c-summary', value: entry.summary, rows: 5, maxLength: 4000 });
  const start = element('input', { id: 'c-date-start', value: entry.date.start, inputMode: 'numeric' });
  const precision = element('select', { id: 'c-date-precision' });
  for (const [value, label] of Object.entries(DATE_PRECISION_LABELS))
    precision.append(element('option', { value, selected: value === entry.date.precision }, label));
  const end = element('input', { id: 'c-date-end', value: entry.date.end ?? '', inputMode: 'numeric' });
  // The end date is for ranges only.
  const showEnd = () => {
    end.hidden = precision.value !== 'range';
  };
  precision.addEventListener('change', showEnd);
  showEnd();
  const dateRow = element('div', { className: 'cdate' });
  dateRow.append(start, precision, end);
  start.setAttribute('aria-label', 'Date: start (YYYY, YYYY-MM or YYYY-MM-DD)');
  precision.setAttribute('aria-label', 'Date: precision');
  end.setAttribute('aria-label', 'Date: end, for a range');
  const dateField = field('c-date', 'Date (start, precision, end for a range)', dateRow);
  const dateLabel = dateField.querySelector('label');
  if (dateLabel) dateLabel.htmlFor = 'c-date-start';
  const countries = element('input', { id: 'c-countries', value: entry.countries.join(', ') });
  const actors = element('textarea', { id: 'c-actors', value: entry.actors.join('\n'), rows: 3 });
  const categories = element('fieldset', { id: 'c-categories', className: 'ccategories' });
  categories.append(element('legend', { className: 'visually-hidden' }, 'Categories'));
  for (const value of CATEGORIES) {
    const label = CATEGORY_LABELS[value];
    const option = element('label', { className: 'check' });
    option.append(
      element('input', {
        type: 'checkbox',
        name: 'c-category',
        value,
        checked: entry.categories.includes(value),
      }),
      document.createTextNode(` ${label}`),
    );
    categories.append(option);
  }
  const reason = element('textarea', {
    id: 'c-reason',
    rows: 2,
    maxLength: 2000,
    placeholder: 'What was wrong, and where the correction comes from',
  });
  const submit = element('button', { type: 'submit', className: 'button' }, 'Save the correction');
  const result = element('p', { className: 'corrections-result', role: 'alert', hidden: true });
  form.append(
    field('c-title', 'Title', title),
    field('c-summary', 'Summary', summary),
    dateField,
    field('c-countries', 'Countries', countries, 'Two-letter codes, separated by commas: KZ, CN, TJ.'),
    field('c-actors', 'Actors', actors, 'One per line.'),
    field('c-categories', 'Categories', categories),
    field('c-reason', 'Why (required)', reason),
    submit,
    result,
  );
  const categoriesField = form.querySelector('.cfield[data-field="categories"] label');
  categoriesField?.replaceWith(element('p', { className: 'clabel' }, 'Categories'));

  form.addEventListener(
    'submit',
    later(async (event) => {
      event.preventDefault();
      result.hidden = true;
      const errors: Errors = {};
      const changes: Partial<
        Pick<CorrectableEntry, 'title' | 'summary' | 'date' | 'countries' | 'actors' | 'categories'>
      > = {};
      const newTitle = title.value.trim();
      if (!newTitle) errors.title = 'Write a title.';
      else if (newTitle !== entry.title) changes.title = newTitle;
      const newSummary = summary.value.trim();
      if (!newSummary) errors.summary = 'Write a summary: what happened, in a sentence or two.';
      else if (newSummary !== entry.summary) changes.summary = newSummary;
      const date: EntryDate = {
        start: start.value.trim(),
        precision: precision.value as EntryDate['precision'],
      };
      if (date.precision === 'range') date.end = end.value.trim();
      const dateProblem = !date.start
        ? 'Write the start date.'
        : partialDateProblem(date.start) ||
          (date.precision === 'range'
            ? !date.end
              ? 'A range needs an end date.'
              : partialDateProblem(date.end) || (date.end < date.start ? 'The end is before the start.' : '')
            : '');
      if (dateProblem) errors.date = dateProblem;
      else if (
        date.start !== entry.date.start ||
        date.precision !== entry.date.precision ||
        (date.end ?? '') !== (entry.date.end ?? '')
      )
        changes.date = date;
      const codes = countries.value
        .split(/[\s,;]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean);
      const unknown = codes.filter((c) => !KNOWN_COUNTRIES.has(c));
      if (unknown.length > 0)
        errors.countries = `Not a country code this timeline knows: ${unknown.join(', ')}.`;
      else if (!sameList(codes, entry.countries)) changes.countries = codes;
      const names = actors.value
        .split('\n')
        .map((a) => a.trim())
        .filter(Boolean);
      if (!sameList(names, entry.actors)) changes.actors = names;
      const chosen = [...categories.querySelectorAll<HTMLInputElement>('input:checked')].map(
        (box) => box.value,
      );
      if (chosen.length === 0) errors.categories = 'Choose at least one category.';
      else if (!sameList(chosen, entry.categories)) changes.categories = chosen;
      const why = reason.value.trim();
      if (why.length < 3) errors.reason = 'Say why you are correcting it (3 characters at least).';
      if (Object.keys(errors).length === 0 && Object.keys(changes).length === 0)
        errors.title = 'Nothing is changed yet: edit a field, then save.';
      showErrors(form, errors);
      if (Object.keys(errors).length > 0) return;

      submit.disabled = true;
      try {
        const answer = await request(
          'POST',
          `/api/timeline/${encodeURIComponent(entry.id)}/amend`,
          // The version this form was filled from: if someone amended it meanwhile, a 409 says so.
          { ...changes, reason: why, expectedVersion: entry.version },
          csrfToken,
        );
        if (answer.status === 200 || answer.status === 201) {
          await onDone(`Correction saved: ${Object.keys(changes).join(', ')}.`);
          return;
        }
        refused(form, result, answer);
      } catch {
        showResult(result, 'The server could not be reached. Your edits are still here: try again.');
      } finally {
        submit.disabled = false;
      }
    }),
  );
  return form;
}

function retractForm(
  entry: CorrectableEntry,
  { csrfToken, onDone }: { csrfToken: string; onDone: Done },
): HTMLFormElement {
  const form = element('form', { className: 'corrections-form corrections-retract', noValidate: true });
  form.id = 'retract-form';
  if (entry.status === 'retracted') {
    form.append(element('p', { className: 'muted' }, 'This entry is retracted already.'));
    return form;
  }
  const reason = element('textarea', { id: 'c-retract-reason', rows: 2, maxLength: 2000 });
  const submit = element(
    'button',
    { type: 'submit', className: 'button button-danger' },
    'Retract this entry',
  );
  const result = element('p', { className: 'corrections-result', role: 'alert', hidden: true });
  const wrap = field(
    'c-retract-reason',
    'Why it is withdrawn (required)',
    reason,
    'It leaves the timeline; its history stays, and anyone can still read it with “Include retracted entries”.',
  );
  wrap.dataset.field = 'reason';
  form.append(element('h3', {}, 'Retract'), wrap, submit, result);
  form.addEventListener(
    'submit',
    later(async (event) => {
      event.preventDefault();
      result.hidden = true;
      const why = reason.value.trim();
      if (why.length < 3) {
        showErrors(form, { reason: 'Say why it is withdrawn (3 characters at least).' });
        return;
      }
      showErrors(form, {});
      submit.disabled = true;
      try {
        const answer = await request(
          'POST',
          `/api/timeline/${encodeURIComponent(entry.id)}/retract`,
          { reason: why },
          csrfToken,
        );
        if (answer.status === 200 || answer.status === 201) {
          await onDone('Entry retracted. It stays readable with “Include retracted entries”.');
          return;
        }
        refused(form, result, answer);
      } catch {
        showResult(result, 'The server could not be reached. Try again.');
      } finally {
        submit.disabled = false;
      }
    }),
  );
  return form;
}

function showResult(result: HTMLElement, message: string): void {
  result.textContent = message;
  result.hidden = false;
}

/** A refusal, told where it belongs: on the field it names, or under the form. */
function refused(form: HTMLFormElement, result: HTMLElement, { status, data }: JsonAnswer): void {
  const error = (data as ApiErrorBody | undefined)?.error ?? {};
  if (status === 400) {
    const name = fieldOf(error.details?.field);
    if (name) {
      showErrors(form, { [name]: `This ${plainWords(error.message)}` });
      return;
    }
    showResult(result, `Not saved: ${plainWords(error.message)}`);
  } else if (status === 401) {
    showResult(result, 'Your session has ended. Sign in again on the review page, then come back.');
  } else if (status === 403) {
    showResult(
      result,
      'Your key cannot correct entries (reviewers and admins only), or the page is stale: reload it.',
    );
  } else if (status === 409) {
    showResult(
      result,
      error.code === 'ENTRY_RETRACTED'
        ? 'This entry has been retracted: it cannot be changed any more.'
        : error.code === 'NO_CHANGE'
          ? 'Nothing changed: the entry says this already.'
          : 'Someone changed this entry meanwhile. Reload it to see their change; your edits are still here.',
    );
  } else if (status === 429) {
    showResult(result, 'Too many changes from here just now. Try again in a minute.');
  } else {
    showResult(result, 'The server had a problem; nothing was changed. Try again in a moment.');
  }
}
