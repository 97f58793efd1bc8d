import { type ActorDefinition, SEED_ACTORS } from '@app/timeline';
import { CENTRAL_ASIA, type CountryCode } from '@app/timeline';

import { ACTOR_COUNTRY_WEIGHT, ACTOR_SIGNALS, AMBIGUOUS_ALIASES, EXTRA_ACTORS } from './actors';
import { CENTRAL_ASIA_LEXICON } from './central-asia';
import { CHINA_LEXICON } from './china';
import { DIPLOMACY_LEXICON, IGNORED_LEXICON, OTHER_COUNTRIES_LEXICON } from './context';
import type { LexiconEntry, Signal } from './lexicon-types';
import { NEGATIVE_LEXICON } from './negative';
import { SCO_COUNCIL_TERMS, SCO_SUMMIT_TERMS, SECURITY_LEXICON } from './security';

export * from './actors';
export * from './lexicon-types';
export * from './weights';

/** Every actor extraction can name: the seed's and ours, by canonical name. */
export const KNOWN_ACTORS: ReadonlyMap<string, ActorDefinition> = new Map(
  [...SEED_ACTORS, ...EXTRA_ACTORS].map((actor) => [actor.name, actor]),
);

/** What recognising an actor means: the actor itself, its country, and what ACTOR_SIGNALS adds. */
export function actorSignals(name: string): Signal[] {
  const actor = KNOWN_ACTORS.get(name);
  if (!actor) throw new Error(`Unknown actor "${name}" in the relevance lexicon`);
  const signals: Signal[] = [{ group: 'actor', concept: actor.name, weight: 0 }];
  for (const code of actor.countries) signals.push(countrySignal(code, ACTOR_COUNTRY_WEIGHT[actor.kind]));
  return [...signals, ...(ACTOR_SIGNALS[actor.name] ?? [])];
}

function countrySignal(code: CountryCode, weight: number): Signal {
  if (code === 'CN') return { group: 'china', concept: code, weight };
  if (CENTRAL_ASIA.includes(code)) return { group: 'central-asia', concept: code, weight };
  return { group: 'country', concept: code, weight: 0 };
}

function actorEntries(): LexiconEntry[] {
  const entries: LexiconEntry[] = [...KNOWN_ACTORS.values()].map((actor) => ({
    // Canonical names like "Ministry of Public Security (China)" never occur in news as written.
    terms: actor.name.includes('(') ? actor.aliases : [actor.name, ...actor.aliases],
    signals: actorSignals(actor.name),
  }));
  const summit: Signal = { group: 'security', concept: 'multilateral', weight: 0.8 };
  return [
    ...entries,
    { terms: SCO_SUMMIT_TERMS, signals: [...actorSignals('Shanghai Cooperation Organisation'), summit] },
    { terms: SCO_COUNCIL_TERMS, signals: [summit] },
    ...AMBIGUOUS_ALIASES.map(({ alias, actors }) => ({ terms: [alias], signals: [], actors })),
  ];
}

/** The whole lexicon, in no particular order: overlaps are settled by length when matching. */
export function lexiconEntries(): LexiconEntry[] {
  return [
    ...CHINA_LEXICON,
    ...CENTRAL_ASIA_LEXICON,
    ...SECURITY_LEXICON,
    ...NEGATIVE_LEXICON,
    ...OTHER_COUNTRIES_LEXICON,
    ...DIPLOMACY_LEXICON,
    ...IGNORED_LEXICON,
    ...actorEntries(),
  ];
}
