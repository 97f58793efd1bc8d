/** What relevance and extraction read of a news item (a CandidateItem has all of it). */
export interface ItemText {
  title: string;
  excerpt: string;
  /** 'en', 'ru', 'zh'…; every lexicon is tried whatever it says, since items mix languages. */
  language?: string | null;
  /** ISO time. */
  publishedAt: string;
  publishedAtEstimated: boolean;
}
