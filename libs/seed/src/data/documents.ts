import type { SeedDocument } from '../seed-types';

/**
 * The source documents of the seed dataset (files in /work/shared/seeds).
 * publishedAt and url are set only where the document itself states them.
 */
export const SEED_DOCUMENTS: readonly SeedDocument[] = [
  {
    id: 'eurasianet-2024-04-11',
    file: '000_294c93b4cc5da391.txt',
    title: 'China expanding security footprint in Central Asia',
    publisher: 'Eurasianet',
    publishedAt: '2024-04-11',
  },
  {
    // A review of Niva Yau Tsz Yan's Foreign Policy Research Institute report (dated April 1, 2022).
    // The page header "Monday, June 24, 2024" looks like the site's date bar, not a publication date.
    id: 'geopolitical-compass-fpri-report-review',
    file: '001_887aa735af6f3fdb.txt',
    title:
      'China’s Security Management Towards Central Asia (review of the Foreign Policy Research Institute report by Niva Yau Tsz Yan, April 1, 2022)',
    publisher: 'Geopolitical Compass',
    author: 'Riyaz ul Khaliq',
  },
  {
    // Undated in the text; publisher not named in the text (identified from the matching public web page).
    id: 'tactics-beijing-counterterrorism-central-asia',
    file: '002_a5b680c7b4e1dcb9.txt',
    title: 'Beijing’s Counterterrorism Efforts in Central Asia: Protecting Economic and Strategic Interests',
    publisher: 'TACTICS Institute for Security and Counter Terrorism',
  },
  {
    // Undated in the text; the text refers to "The Diplomat’s Jason Miks".
    id: 'diplomat-china-kyrgyzstan-ties-warm',
    file: '003_39ba0b324e24eabe.txt',
    title: 'China, Kyrgyzstan Ties Warm',
    publisher: 'The Diplomat',
  },
  {
    id: 'chinadaily-2025-06-18',
    file: '004_803b34ee38aa83fa.txt',
    title: "Security cooperation safeguards region's development",
    publisher: 'China Daily',
    author: 'Zhu Yongbiao',
    publishedAt: '2025-06-18',
  },
];
