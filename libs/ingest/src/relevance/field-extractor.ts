import {
  CATEGORIES,
  type Category,
  CENTRAL_ASIA,
  COUNTRIES,
  type CountryCode,
  findPlaces,
} from '@app/timeline';

import type { ProposedFields, Relevance, RelevanceMatch } from '../candidate-events';
import { findEventDate } from './event-date';
import type { ItemText } from './item-text';

export const MAX_TITLE_LENGTH = 200;
export const MAX_SUMMARY_LENGTH = 600;

/** SCO members among the Central Asian five (Turkmenistan is neutral and not a member). */
const SCO_CENTRAL_ASIA: readonly CountryCode[] = ['KZ', 'KG', 'TJ', 'UZ'];
const MULTILATERAL = new Set(['SCO', 'RATS', 'C+C5']);
/** A category is proposed from a term at least this strong; weaker ones only when nothing else is. */
const CATEGORY_MIN_WEIGHT = 0.7;

/**
 * What the reviewer starts from: countries, actors and categories from the terms relevance
 * matched, the event date from the text, a clean title and summary. Every field is filled, so the
 * proposal always passes entryFieldsSchema; the reviewer corrects what is wrong.
 */
export function extractFields(item: ItemText, relevance: Relevance): ProposedFields {
  const title = cleanTitle(item);
  return {
    title,
    summary: summarise(item.excerpt) || title,
    date: findEventDate(item),
    countries: countriesOf(relevance.matched),
    actors: unique(relevance.matched.filter((m) => m.group === 'actor').map((m) => m.concept ?? m.term)),
    categories: categoriesOf(relevance.matched),
    // The gazetteer's places the item names (Khorgos, Gorno-Badakhshan, the Wakhan…), in any script.
    places: findPlaces(`${item.title}\n${item.excerpt}`),
  };
}

/**
 * China first, then the Central Asian states in the order of their evidence, then other countries
 * that are clearly there: in the title, named by an actor, or by two different words in the text
 * ("a border post near Afghanistan" alone does not make it an Afghan story).
 */
function countriesOf(matched: RelevanceMatch[]): CountryCode[] {
  const codes: CountryCode[] = [];
  const concepts = (group: string) => matched.filter((m) => m.group === group).map((m) => m.concept ?? '');
  // A China-led body (the SCO, its RATS) has China among its members.
  if (concepts('china').some((c) => c === 'CN' || c === 'SCO')) codes.push('CN');
  const regional = concepts('central-asia');
  codes.push(...regional.filter(isCentralAsian));
  if (!codes.some(isCentralAsian)) {
    if (regional.some((c) => c === 'C+C5' || c === 'central-asia')) codes.push(...CENTRAL_ASIA);
    else if (regional.some((c) => c === 'SCO' || c === 'RATS')) codes.push(...SCO_CENTRAL_ASIA);
  }
  const others = matched.filter((m) => m.group === 'country' && isCountry(m.concept));
  for (const code of unique(others.map((m) => m.concept as CountryCode))) {
    const evidence = others.filter((m) => m.concept === code);
    const byActor = evidence.some((e) => matched.some((m) => m.group === 'actor' && m.term === e.term));
    if (byActor || evidence.some((m) => m.field === 'title') || evidence.length >= 2) codes.push(code);
  }
  const result = unique(codes);
  // Never empty (the schema needs one): every story in this timeline involves China.
  return result.length > 0 ? result : ['CN'];
}

/**
 * The security categories that matched, strongest first; 'multilateral' for the SCO, RATS and
 * C+C5; 'diplomacy' for agreements, visits and talks. Never empty: a weak security term, else
 * trade wording ('economy'), else 'diplomacy'.
 */
function categoriesOf(matched: RelevanceMatch[]): Category[] {
  const security = matched
    .filter((m) => m.group === 'security' && isCategory(m.concept) && m.weight > 0)
    .sort((a, b) => b.weight - a.weight);
  const categories: Category[] = security
    .filter((m) => m.weight >= CATEGORY_MIN_WEIGHT)
    .map((m) => m.concept as Category);
  if (matched.some((m) => m.group === 'central-asia' && MULTILATERAL.has(m.concept ?? ''))) {
    categories.push('multilateral');
  }
  if (matched.some((m) => m.group === 'diplomacy')) categories.push('diplomacy');
  if (categories.length === 0 && security[0]) categories.push(security[0].concept as Category);
  if (categories.length === 0 && matched.some((m) => m.group === 'negative' && m.concept === 'economy')) {
    categories.push('economy');
  }
  return categories.length > 0 ? unique(categories) : ['diplomacy'];
}

/** Folded whitespace, at most MAX_TITLE_LENGTH; the excerpt's first sentence when there is no title. */
function cleanTitle(item: ItemText): string {
  const title = fold(item.title) || firstSentence(fold(item.excerpt));
  return shorten(title, MAX_TITLE_LENGTH) || 'Untitled item';
}

function summarise(excerpt: string): string {
  return shorten(fold(excerpt), MAX_SUMMARY_LENGTH);
}

/** Cut at a sentence end when one is near the limit, else at a word, else anywhere; mark the cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const sentence = Math.max(...['. ', '! ', '? ', '。', '！', '？'].map((end) => head.lastIndexOf(end)));
  if (sentence >= max / 2) return head.slice(0, sentence + 1).trim();
  const space = head.lastIndexOf(' ');
  return `${(space >= max / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}

function firstSentence(text: string): string {
  const end = text.search(/[.!?。！？](\s|$)/u);
  return end > 0 ? text.slice(0, end + 1) : text;
}

/** Control characters and runs of whitespace become one space. */
function fold(text: string): string {
  return text.replace(/[\p{Cc}\s]+/gu, ' ').trim();
}

const unique = <T>(list: readonly T[]): T[] => [...new Set(list)];
const isCentralAsian = (code: string): code is CountryCode =>
  (CENTRAL_ASIA as readonly string[]).includes(code);
const isCountry = (code: string | undefined): boolean => code !== undefined && code in COUNTRIES;
const isCategory = (concept: string | undefined): boolean =>
  (CATEGORIES as readonly string[]).includes(concept ?? '');
