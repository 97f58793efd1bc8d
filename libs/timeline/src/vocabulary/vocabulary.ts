/**
 * The controlled vocabulary every timeline entry and every candidate uses.
 * Changing a value here is a schema change for the log: add, never rename.
 */

export const CATEGORIES = [
  'counter-terrorism',
  'border-security',
  'military-exercise',
  'military-presence',
  'arms-and-aid',
  'policing',
  'private-security',
  'information-security',
  'diplomacy',
  'multilateral',
  'incident',
  'economy',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  'counter-terrorism': 'Counter-terrorism',
  'border-security': 'Border security',
  'military-exercise': 'Military exercise',
  'military-presence': 'Outposts and presence',
  'arms-and-aid': 'Arms and aid',
  policing: 'Policing and law enforcement',
  'private-security': 'Private security',
  'information-security': 'Information security',
  diplomacy: 'Diplomacy and agreements',
  multilateral: 'Multilateral (SCO, C+C5)',
  incident: 'Incident',
  economy: 'Economic context',
};

/** ISO 3166-1 alpha-2 codes of the countries this timeline deals with. */
export const COUNTRIES = {
  CN: 'China',
  KZ: 'Kazakhstan',
  KG: 'Kyrgyzstan',
  TJ: 'Tajikistan',
  TM: 'Turkmenistan',
  UZ: 'Uzbekistan',
  AF: 'Afghanistan',
  RU: 'Russia',
  PK: 'Pakistan',
  IN: 'India',
  IR: 'Iran',
  MN: 'Mongolia',
  US: 'United States',
  BY: 'Belarus',
} as const;
export type CountryCode = keyof typeof COUNTRIES;
export const CENTRAL_ASIA: readonly CountryCode[] = ['KZ', 'KG', 'TJ', 'TM', 'UZ'];

export const DATE_PRECISIONS = ['day', 'month', 'year', 'range', 'ongoing'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/** How the pages name each precision where a reviewer picks one. */
export const DATE_PRECISION_LABELS: Record<DatePrecision, string> = {
  day: 'Day',
  month: 'Month',
  year: 'Year',
  range: 'Range (start to end)',
  ongoing: 'Ongoing (since start)',
};

/**
 * A date no more precise than its source: `start` and `end` are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
 * - day / month / year: `start` has exactly that many parts, no `end`;
 * - range: `start` and `end` (each at any granularity), end after start;
 * - ongoing: `start` only, and the development continues.
 */
export interface EntryDate {
  start: string;
  end?: string;
  precision: DatePrecision;
}
