import * as fs from 'fs';
import * as path from 'path';
import { CATEGORIES, COUNTRIES, DATE_PRECISIONS, type EntryDate, SEED_ACTORS } from '@app/timeline';
import type { SeedEntry } from '../seed-types';
import { SEED_DOCUMENTS } from './documents';
import { SEED_ENTRIES } from './entries';

/** The source documents live outside the repository, in /work/shared/seeds (beside it, or beside a worktree's parent). */
const SEEDS_DIR =
  ['../../../../../shared/seeds', '../../../../../../shared/seeds']
    .map((relative) => path.resolve(__dirname, relative))
    .find((dir) => fs.existsSync(dir)) ?? path.resolve(__dirname, '../../../../../shared/seeds');

const MAX_TITLE_LENGTH = 140;
const MAX_QUOTE_LENGTH = 300;
const MAX_SUMMARY_SENTENCES = 3;
/** A run of this many consecutive words shared with a source means a title or summary was copied. */
const COPIED_RUN_WORDS = 12;

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const ACTOR_KINDS = ['person', 'agency', 'organisation', 'company', 'group'];

const collapseWhitespace = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Lower-cased words, punctuation and typographic variants removed, for the copy check. */
const words = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/[‘’ʼ]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter((word) => word.length > 0);

const documentTexts = new Map<string, string>();

/** The raw text of a registered document; throws a clear error when the seeds folder is missing. */
function documentText(documentId: string): string {
  const cached = documentTexts.get(documentId);
  if (cached !== undefined) return cached;
  if (!fs.existsSync(SEEDS_DIR)) {
    throw new Error(
      `Seed source documents folder not found at ${SEEDS_DIR}. ` +
        'The seed integrity checks need the five source documents (000_*.txt … 004_*.txt) there.',
    );
  }
  const document = SEED_DOCUMENTS.find((candidate) => candidate.id === documentId);
  if (!document) throw new Error(`Unknown document id "${documentId}"`);
  const file = path.join(SEEDS_DIR, document.file);
  if (!fs.existsSync(file)) throw new Error(`Source file ${file} for document "${documentId}" is missing`);
  const text = fs.readFileSync(file, 'utf8');
  documentTexts.set(documentId, text);
  return text;
}

interface ParsedDate {
  parts: number;
  /** The earliest day the value can mean, YYYY-MM-DD. */
  earliest: string;
  /** The latest day the value can mean, YYYY-MM-DD. */
  latest: string;
}

function parsePartialDate(value: unknown): ParsedDate | undefined {
  if (typeof value !== 'string') return undefined;
  const match = PARTIAL_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const daysIn = (m: number): number => new Date(Date.UTC(year, m, 0)).getUTCDate();
  if (month !== undefined && day !== undefined && (day < 1 || day > daysIn(month))) return undefined;
  const parts = 1 + (month === undefined ? 0 : 1) + (day === undefined ? 0 : 1);
  const earliest = `${year}-${pad(month ?? 1)}-${pad(day ?? 1)}`;
  const lastMonth = month ?? 12;
  const latest = `${year}-${pad(lastMonth)}-${pad(day ?? daysIn(lastMonth))}`;
  return { parts, earliest, latest };
}

/** Problems with an EntryDate, empty when it is well-formed for its precision. */
function dateProblems(date: EntryDate): string[] {
  const problems: string[] = [];
  if (!(DATE_PRECISIONS as readonly string[]).includes(date.precision)) {
    return [`unknown precision "${String(date.precision)}"`];
  }
  const start = parsePartialDate(date.start);
  if (!start) return [`start "${String(date.start)}" is not a valid YYYY, YYYY-MM or YYYY-MM-DD date`];
  const expectedParts: Record<string, number> = { day: 3, month: 2, year: 1 };
  switch (date.precision) {
    case 'day':
    case 'month':
    case 'year':
      if (start.parts !== expectedParts[date.precision]) {
        problems.push(`precision "${date.precision}" needs start with ${expectedParts[date.precision]} part(s), got "${date.start}"`);
      }
      if (date.end !== undefined) problems.push(`precision "${date.precision}" must not have an end`);
      break;
    case 'range': {
      const end = parsePartialDate(date.end);
      if (!end) {
        problems.push(`range end "${String(date.end)}" is missing or not a valid date`);
      } else {
        if (end.earliest < start.earliest) problems.push(`range end "${date.end}" is before start "${date.start}"`);
        if (date.end === date.start) problems.push('range start and end are identical');
      }
      break;
    }
    case 'ongoing':
      if (date.end !== undefined) problems.push('an ongoing development must not have an end');
      break;
  }
  const today = new Date().toISOString().slice(0, 10);
  if (start.earliest > today) problems.push(`start "${date.start}" is in the future`);
  return problems;
}

const entryCases: Array<[string, SeedEntry]> = SEED_ENTRIES.map((entry) => [entry.key, entry]);
const documentIds = new Set(SEED_DOCUMENTS.map((document) => document.id));
const actorNames = new Set(SEED_ACTORS.map((actor) => actor.name));

describe('seed dataset', () => {
  it('finds the source documents folder', () => {
    if (!fs.existsSync(SEEDS_DIR)) {
      throw new Error(`Seed source documents folder not found at ${SEEDS_DIR}`);
    }
    expect(fs.statSync(SEEDS_DIR).isDirectory()).toBe(true);
  });

  describe('documents', () => {
    it('has unique ids and files', () => {
      const ids = SEED_DOCUMENTS.map((document) => document.id);
      const files = SEED_DOCUMENTS.map((document) => document.file);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(files).size).toBe(files.length);
    });

    it.each(SEED_DOCUMENTS.map((document) => [document.id, document] as const))(
      '%s is well-formed and its file exists',
      (_id, document) => {
        expect(document.id).toMatch(KEBAB_CASE);
        expect(document.title.trim()).not.toBe('');
        expect(document.publisher.trim()).not.toBe('');
        if (document.author !== undefined) expect(document.author.trim()).not.toBe('');
        if (document.publishedAt !== undefined) {
          expect(parsePartialDate(document.publishedAt)?.parts).toBe(3);
        }
        if (document.url !== undefined) expect(document.url).toMatch(/^https?:\/\//);
        expect(documentText(document.id).trim()).not.toBe('');
      },
    );

    it('every document is cited by at least one entry', () => {
      const cited = new Set(SEED_ENTRIES.flatMap((entry) => entry.sources.map((source) => source.document)));
      expect(SEED_DOCUMENTS.filter((document) => !cited.has(document.id)).map((d) => d.id)).toEqual([]);
    });
  });

  describe('actors', () => {
    it('has unique canonical names', () => {
      const names = SEED_ACTORS.map((actor) => actor.name);
      expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
    });

    it('has no name or alias shared between two actors (case-insensitive)', () => {
      const owner = new Map<string, string>();
      const clashes: string[] = [];
      for (const actor of SEED_ACTORS) {
        for (const label of new Set([actor.name, ...actor.aliases].map((l) => l.toLowerCase()))) {
          const previous = owner.get(label);
          if (previous !== undefined && previous !== actor.name) clashes.push(`"${label}": ${previous} / ${actor.name}`);
          owner.set(label, actor.name);
        }
      }
      expect(clashes).toEqual([]);
    });

    it.each(SEED_ACTORS.map((actor) => [actor.name, actor] as const))('%s is well-formed', (_name, actor) => {
      expect(actor.name.trim()).toBe(actor.name);
      expect(actor.name).not.toBe('');
      expect(ACTOR_KINDS).toContain(actor.kind);
      for (const country of actor.countries) expect(Object.keys(COUNTRIES)).toContain(country);
      for (const alias of actor.aliases) {
        expect(alias.trim()).toBe(alias);
        expect(alias).not.toBe('');
      }
      expect(new Set(actor.aliases).size).toBe(actor.aliases.length);
    });
  });

  describe('entries', () => {
    it('has at least one entry', () => {
      expect(SEED_ENTRIES.length).toBeGreaterThan(0);
    });

    it('has unique kebab-case keys', () => {
      const keys = SEED_ENTRIES.map((entry) => entry.key);
      expect(keys.filter((key) => !KEBAB_CASE.test(key))).toEqual([]);
      expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
    });

    it.each(entryCases)('%s has a title, summary, countries, categories and actors from the vocabulary', (_key, entry) => {
      expect(entry.title.trim()).not.toBe('');
      expect(entry.title.trim()).toBe(entry.title);
      expect(entry.title.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
      expect(entry.summary.trim()).not.toBe('');
      const sentences = entry.summary.trim().split(/(?<=[.!?][”’"')]?)\s+(?=[A-Z“‘"(])/);
      expect(sentences.length).toBeLessThanOrEqual(MAX_SUMMARY_SENTENCES);

      expect(entry.countries.length).toBeGreaterThanOrEqual(1);
      expect(new Set(entry.countries).size).toBe(entry.countries.length);
      for (const country of entry.countries) expect(Object.keys(COUNTRIES)).toContain(country);

      expect(entry.categories.length).toBeGreaterThanOrEqual(1);
      expect(new Set(entry.categories).size).toBe(entry.categories.length);
      for (const category of entry.categories) expect(CATEGORIES).toContain(category);

      expect(new Set(entry.actors).size).toBe(entry.actors.length);
      expect(entry.actors.filter((actor) => !actorNames.has(actor))).toEqual([]);
    });

    it.each(entryCases)('%s has a date well-formed for its precision', (_key, entry) => {
      expect(dateProblems(entry.date)).toEqual([]);
    });

    it.each(entryCases)('%s does not start after its dated sources were published', (_key, entry) => {
      const published = entry.sources.map(
        (source) => SEED_DOCUMENTS.find((document) => document.id === source.document)?.publishedAt,
      );
      if (published.some((date) => date === undefined)) return; // an undated source bounds nothing
      const latestPublication = (published as string[]).sort().at(-1) as string;
      const start = parsePartialDate(entry.date.start);
      expect(start).toBeDefined();
      expect(start!.earliest <= latestPublication).toBe(true);
    });

    it.each(entryCases)('%s cites registered documents with verbatim, short quotes', (_key, entry) => {
      expect(entry.sources.length).toBeGreaterThanOrEqual(1);
      for (const source of entry.sources) {
        expect(documentIds).toContain(source.document);
        expect(source.locator.trim()).not.toBe('');
        expect(source.quote.trim()).not.toBe('');
        expect(source.quote.length).toBeLessThanOrEqual(MAX_QUOTE_LENGTH);
        const haystack = collapseWhitespace(documentText(source.document));
        const needle = collapseWhitespace(source.quote);
        if (!haystack.includes(needle)) {
          throw new Error(`Quote not found verbatim in "${source.document}": ${needle}`);
        }
      }
    });

    it.each(entryCases)(
      `%s has a title and summary in its own words (no ${COPIED_RUN_WORDS}-word run copied from a document)`,
      (_key, entry) => {
        const sources = SEED_DOCUMENTS.map((document) => ({
          id: document.id,
          text: ` ${words(documentText(document.id)).join(' ')} `,
        }));
        const copied: string[] = [];
        for (const field of [entry.title, entry.summary]) {
          const fieldWords = words(field);
          for (let i = 0; i + COPIED_RUN_WORDS <= fieldWords.length; i++) {
            const run = fieldWords.slice(i, i + COPIED_RUN_WORDS).join(' ');
            for (const source of sources) {
              if (source.text.includes(` ${run} `)) copied.push(`${source.id}: "${run}"`);
            }
          }
        }
        expect(copied).toEqual([]);
      },
    );
  });
});
