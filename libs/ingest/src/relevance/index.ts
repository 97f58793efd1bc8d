export * from './event-date';
export * from './field-extractor';
export * from './item-text';
export {
  ACTOR_SIGNALS,
  AMBIGUOUS_ALIASES,
  DEFAULT_RELEVANCE_THRESHOLD,
  DEFAULT_RELEVANCE_WEIGHTS,
  EXTRA_ACTORS,
  KNOWN_ACTORS,
  type LexiconEntry,
  type RelevanceWeights,
  type Signal,
  type SignalGroup,
} from './lexicon';
export * from './relevance-scorer';
export * from './model/relevance-features';
export * from './model/relevance-model';
export { DEFAULT_BORDERLINE_MARGIN } from './lexicon';
