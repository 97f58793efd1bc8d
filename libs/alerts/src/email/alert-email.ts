import type { TimelineEntry } from '@app/timeline';

import type { AlertItem } from '../delivery/channel-sender';
import {
  type AlertFilters,
  categoryName,
  countryName,
  dateText,
  escapeHtml,
  filtersText,
  oneLine,
  safeHref,
  sourceLabel,
} from './email-format';

export const SITE_NAME = 'China–Central Asia security timeline';

/** A mail ready for the transport: both bodies say the same thing. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface AlertEmailInput {
  /** One for an instant alert, several for a daily digest. */
  items: readonly AlertItem[];
  digest: boolean;
  subscription: { target: string; filters: AlertFilters; mode: 'instant' | 'daily' };
  links: { entry(id: string): string; unsubscribe: string | null };
}

const FIELD_NAMES: Record<string, string> = {
  title: 'Title',
  summary: 'Summary',
  date: 'Date',
  countries: 'Countries',
  actors: 'Actors',
  categories: 'Categories',
};

const KIND_LABELS: Record<AlertItem['kind'], string> = {
  added: 'New entry',
  amended: 'Corrected',
  retracted: 'Retracted',
};

/**
 * The alert mail for one entry event, or the daily digest of several. Plain text and HTML carry
 * the same facts: title, date, countries, summary, sources with their links, a link to the entry;
 * a correction says what changed and why, a retraction says why.
 */
export function renderAlertEmail(input: AlertEmailInput): RenderedEmail {
  const { items } = input;
  if (items.length === 0) throw new Error('An alert mail needs at least one item');
  const subject = input.digest
    ? `Daily digest: ${items.length} ${items.length === 1 ? 'update' : 'updates'} from the ${SITE_NAME}`
    : `${KIND_LABELS[items[0]!.kind]}: ${oneLine(items[0]!.entry.title, 150)}`;
  const intro = input.digest
    ? `${items.length} ${items.length === 1 ? 'update' : 'updates'} on the ${SITE_NAME} since the last digest.`
    : introFor(items[0]!);

  const text = [
    intro,
    '',
    ...items.flatMap((item, i) => [
      ...(input.digest ? [`${i + 1}. ${KIND_LABELS[item.kind]}`] : []),
      itemText(item, input.links.entry(item.entry.id)),
      '',
    ]),
    '-- ',
    footerText(input),
  ].join('\n');

  const html = [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: Georgia, serif; color: #1b1b1b; max-width: 42em; line-height: 1.45">',
    `<p>${escapeHtml(intro)}</p>`,
    ...items.map((item) => itemHtml(item, input.links.entry(item.entry.id), input.digest)),
    '<hr>',
    footerHtml(input),
    '</body></html>',
  ].join('\n');

  return { subject: oneLine(subject, 200), text, html };
}

function introFor(item: AlertItem): string {
  switch (item.kind) {
    case 'added':
      return `A new entry on the ${SITE_NAME}.`;
    case 'amended':
      return `An entry of the ${SITE_NAME} you were alerted to has been corrected.`;
    case 'retracted':
      return `An entry of the ${SITE_NAME} you were alerted to has been retracted.`;
  }
}

function facts(entry: TimelineEntry): [string, string][] {
  const list: [string, string][] = [
    ['Date', dateText(entry.date)],
    ['Countries', entry.countries.map(countryName).join(', ')],
    ['Categories', entry.categories.map(categoryName).join(', ')],
  ];
  if (entry.actors.length > 0) list.push(['Actors', entry.actors.join(', ')]);
  return list;
}

/** What an amendment changed, field by field, as the new values read. */
function changesList(item: AlertItem): [string, string][] {
  return Object.entries(item.changes ?? {}).map(([field, value]) => [
    FIELD_NAMES[field] ?? field,
    describeValue(field, value),
  ]);
}

function describeValue(field: string, value: unknown): string {
  if (field === 'date' && isEntryDate(value)) return dateText(value);
  if (Array.isArray(value)) {
    const names = value.map(String);
    if (field === 'countries') return names.map(countryName).join(', ');
    if (field === 'categories') return names.map(categoryName).join(', ');
    return names.join(', ');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isEntryDate(value: unknown): value is TimelineEntry['date'] {
  return typeof value === 'object' && value !== null && 'start' in value && 'precision' in value;
}

function itemText(item: AlertItem, entryLink: string): string {
  const { entry } = item;
  const lines = [entry.title, ...facts(entry).map(([name, value]) => `${name}: ${value}`)];
  if (item.kind === 'amended') {
    lines.push('', 'What changed:', ...changesList(item).map(([name, value]) => `  ${name}: ${value}`));
    if (item.reason) lines.push(`Why: ${item.reason}`);
  }
  if (item.kind === 'retracted') lines.push('', `Retracted. Why: ${item.reason ?? 'no reason given'}`);
  lines.push('', entry.summary, '', `Sources (${entry.sources.length}):`);
  entry.sources.forEach((source, i) => {
    lines.push(`  ${i + 1}. ${sourceLabel(source)}`);
    const href = safeHref(source.url);
    if (href) lines.push(`     ${href}`);
  });
  lines.push('', `On the timeline: ${entryLink}`);
  return lines.join('\n');
}

function itemHtml(item: AlertItem, entryLink: string, digest: boolean): string {
  const { entry } = item;
  const parts: string[] = ['<div style="margin: 1.5em 0">'];
  if (digest) parts.push(`<p style="margin: 0; color: #666">${escapeHtml(KIND_LABELS[item.kind])}</p>`);
  const link = safeHref(entryLink);
  const title = escapeHtml(entry.title);
  parts.push(
    `<h2 style="margin: 0.2em 0; font-size: 1.25em">${link ? `<a href="${escapeHtml(link)}">${title}</a>` : title}</h2>`,
  );
  parts.push(
    `<p style="margin: 0.3em 0">${facts(entry)
      .map(([name, value]) => `<strong>${name}:</strong> ${escapeHtml(value)}`)
      .join('<br>')}</p>`,
  );
  if (item.kind === 'amended') {
    const changes = changesList(item)
      .map(([name, value]) => `<li><strong>${escapeHtml(name)}:</strong> ${escapeHtml(value)}</li>`)
      .join('');
    parts.push(`<p style="margin: 0.6em 0 0"><strong>What changed:</strong></p><ul>${changes}</ul>`);
    if (item.reason) parts.push(`<p><strong>Why:</strong> ${escapeHtml(item.reason)}</p>`);
  }
  if (item.kind === 'retracted') {
    parts.push(
      `<p><strong>Retracted.</strong> <strong>Why:</strong> ${escapeHtml(item.reason ?? 'no reason given')}</p>`,
    );
  }
  parts.push(`<p>${escapeHtml(entry.summary)}</p>`);
  const sources = entry.sources.map((source) => {
    const href = safeHref(source.url);
    const label = escapeHtml(sourceLabel(source));
    return `<li>${href ? `<a href="${escapeHtml(href)}">${label}</a>` : label}</li>`;
  });
  parts.push(`<p style="margin-bottom: 0"><strong>Sources (${entry.sources.length}):</strong></p>`);
  parts.push(`<ol style="margin-top: 0.2em">${sources.join('')}</ol>`);
  parts.push(`<p><a href="${escapeHtml(entryLink)}">Read it on the timeline</a></p>`);
  parts.push('</div>');
  return parts.join('\n');
}

function footerText(input: AlertEmailInput): string {
  const lines = [
    `You get this because ${input.subscription.target} subscribed to ${modeText(input.subscription.mode)} ` +
      `for ${filtersText(input.subscription.filters)}.`,
  ];
  if (input.links.unsubscribe) lines.push(`Unsubscribe: ${input.links.unsubscribe}`);
  return lines.join('\n');
}

function footerHtml(input: AlertEmailInput): string {
  const why =
    `You get this because ${escapeHtml(input.subscription.target)} subscribed to ` +
    `${modeText(input.subscription.mode)} for ${escapeHtml(filtersText(input.subscription.filters))}.`;
  const unsubscribe = input.links.unsubscribe
    ? ` <a href="${escapeHtml(input.links.unsubscribe)}">Unsubscribe</a>.`
    : '';
  return `<p style="color: #666; font-size: 0.9em">${why}${unsubscribe}</p>`;
}

export function modeText(mode: 'instant' | 'daily'): string {
  return mode === 'daily' ? 'a daily digest of alerts' : 'instant alerts';
}
