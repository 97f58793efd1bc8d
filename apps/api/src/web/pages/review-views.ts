// What the review page shows of a candidate, as lit-html templates: its row in the queue, its
// evidence (the text with the matched terms marked, other sources, the terms' weights) and its
// history. Feed text is hostile: lit-html puts every value in as text, never as HTML, and links
// are made only of http(s) URLs.

import type { CandidateItem, RelevanceMatch } from '@app/ingest';
import type { CandidateHistoryItem, CandidateStatus, CandidateView } from '@app/review';
import { html, nothing, type TemplateResult } from 'lit-html';

import { COUNTRIES } from '../../../../../libs/timeline/src/vocabulary/vocabulary';

import { isWebUrl } from './dom';

export const STATUS_LABELS: Record<CandidateStatus, string> = {
  pending: 'Pending',
  borderline: 'Borderline',
  approved: 'Approved',
  rejected: 'Rejected',
  merged: 'Merged',
};
const HISTORY_LABELS: Partial<Record<string, string>> = {
  CandidateProposed: 'Proposed',
  CandidateCorroborated: 'Another source',
  CandidateApproved: 'Approved',
  CandidateRejected: 'Rejected',
  CandidateMerged: 'Merged',
  CandidatePromoted: 'Promoted from the borderline tray',
  CandidateDecisionUndone: 'Decision undone',
  CandidateReopened: 'Reopened',
};

/** An item as the review API sends it: with the outlet it is from, always named. */
type ItemView = CandidateView['item'];

/** A reviewer's own proposal is known by what it proposes; a feed item by its headline. */
export const titleOf = (view: CandidateView): string =>
  view.origin === 'reviewer' ? view.proposed.title : view.item.title;

const scoreFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
export const formatScore = (value: number): string => scoreFormat.format(value);

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const formatWith = (format: Intl.DateTimeFormat, iso: string): string => {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : format.format(time);
};
export const formatDay = (iso: string): string => formatWith(dayFormat, iso);
export const formatTime = (iso: string): string => formatWith(timeFormat, iso);

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
function languageName(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export const countryName = (code: string): string =>
  (COUNTRIES as Partial<Record<string, string>>)[code] ?? code;

export function outletLine(view: CandidateView): string {
  const { outlet } = view.item;
  if (view.origin === 'reviewer')
    return outlet !== 'No publisher named' ? `Proposed by a reviewer · ${outlet}` : 'Proposed by a reviewer';
  return `From ${outlet}`;
}

export const entryLink = (entryId: string, text: string): TemplateResult =>
  html`<a href="/?entry=${encodeURIComponent(entryId)}">${text}</a>`;

export function sourceLink(item: CandidateItem, text: string): TemplateResult {
  if (!isWebUrl(item.link)) return html`<span class="muted">No link to the source.</span>`;
  return html`<a href=${item.link} rel="noopener noreferrer" target="_blank">${text}</a
    ><span class="muted"> (${new URL(item.link).host})</span>`;
}

/** A candidate's row in the queue: a button that opens it. */
export function candidateRow(
  candidate: CandidateView,
  { selected, tagged }: { selected: boolean; tagged: boolean },
): TemplateResult {
  const { item, relevance, corroborations } = candidate;
  const sources = corroborations.length;
  return html`<li class="candidate-row">
    <button
      type="button"
      class="candidate-button${selected ? ' selected' : ''}"
      data-id=${candidate.id}
      aria-current=${selected ? 'true' : nothing}
    >
      <span class="row-title">${titleOf(candidate)}</span>
      <span class="row-meta">
        <span
          class="score-badge${relevance ? '' : ' score-manual'}"
          title=${relevance ? 'Relevance score' : 'Proposed by a reviewer'}
          >${relevance ? formatScore(relevance.score) : 'manual'}</span
        >
        <span class="row-feed">${outletLine(candidate)}</span>
        <time class="row-date" datetime=${item.publishedAt}
          >${item.publishedAtEstimated ? '≈ ' : ''}${formatDay(item.publishedAt)}</time
        >
        ${sources > 0 ? html`<span class="row-sources">+${sources} source${sources === 1 ? '' : 's'}</span>` : nothing}
        ${
          tagged
            ? html`<span class="tag tag-${candidate.status}">${STATUS_LABELS[candidate.status]}</span>`
            : nothing
        }
      </span>
    </button>
  </li>`;
}

/** The byline under a candidate's title: outlet, publication, language, time in the queue. */
export function byline(view: CandidateView): TemplateResult[] {
  const { item } = view;
  const estimated = html`<span class="estimated" title="The feed gave no date: this is when we fetched it"
    >date estimated</span
  >`;
  // Side by side with no space between: the stylesheet puts a dot between the parts.
  return [
    html`<span>${outletLine(view)}</span>`,
    html`<span
      >Published ${formatDay(item.publishedAt)}${item.publishedAtEstimated ? [' ', estimated] : nothing}</span
    >`,
    ...(item.language ? [html`<span>${languageName(item.language)}</span>`] : []),
    html`<span>In the queue since ${formatTime(view.proposedAt)}</span>`,
  ];
}

export function corroboration(item: ItemView): TemplateResult {
  const date = `${formatDay(item.publishedAt)}${item.publishedAtEstimated ? ' (date estimated)' : ''}`;
  const title = isWebUrl(item.link)
    ? html`<a href=${item.link} rel="noopener noreferrer" target="_blank">${item.title}</a>`
    : item.title;
  const source = [item.outlet, date].filter(Boolean).join(' · ');
  return html`<li class="corroboration">
    <p class="corroboration-title">${title}</p>
    <p class="byline">${source}</p>
  </li>`;
}

export function termRow(match: RelevanceMatch): TemplateResult {
  const negative = match.weight < 0;
  return html`<tr class=${negative ? 'negative' : ''}>
    <td><mark class=${negative ? 'mark-negative' : ''}>${match.term}</mark></td>
    <td>${[match.group, match.concept].filter(Boolean).join(': ')}</td>
    <td>${match.field === 'title' ? 'title' : 'text'}</td>
    <td class="num">${match.weight > 0 ? '+' : ''}${formatScore(match.weight)}</td>
  </tr>`;
}

export function historyItem(item: CandidateHistoryItem): TemplateResult {
  const edited = Object.keys(item.edits ?? {});
  return html`<li class="history-item history-${item.type}">
    <p class="history-head">
      <strong>${HISTORY_LABELS[item.type] ?? item.type}</strong> by
      <span class="history-actor">${item.name ? `${item.name} (${item.actor})` : item.actor}</span> ·
      <time datetime=${item.recordedAt} title=${item.recordedAt}>${formatTime(item.recordedAt)}</time>
    </p>
    ${item.reason ? html`<p class="history-reason">Why: ${item.reason}</p>` : nothing}
    ${item.item ? html`<p class="history-reason">${item.item.title}</p>` : nothing}
    ${edited.length > 0 ? html`<p class="history-reason">Edited: ${edited.join(', ')}</p>` : nothing}
    ${item.entryId ? html`<p class="history-reason">${entryLink(item.entryId, 'The entry')}</p>` : nothing}
  </li>`;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text with every occurrence of the matched terms in a <mark> (longest first where two start together). */
export function highlighted(
  text: string,
  matches: readonly RelevanceMatch[],
): Array<string | TemplateResult> {
  const ranges: Array<{ start: number; end: number; negative: boolean }> = [];
  for (const match of matches) {
    if (match.term.trim() === '') continue;
    for (const found of text.matchAll(new RegExp(escapeRegExp(match.term), 'giu'))) {
      if (found[0].length === 0) continue;
      ranges.push({ start: found.index, end: found.index + found[0].length, negative: match.weight < 0 });
    }
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: Array<string | TemplateResult> = [];
  let at = 0;
  for (const range of ranges) {
    // A range inside one already marked is dropped.
    if (range.start < at) continue;
    if (range.start > at) parts.push(text.slice(at, range.start));
    parts.push(
      html`<mark class=${range.negative ? 'mark-negative' : ''}>${text.slice(range.start, range.end)}</mark>`,
    );
    at = range.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}
