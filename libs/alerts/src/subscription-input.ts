import { text } from '@app/event-store';
import { CATEGORIES, COUNTRIES } from '@app/timeline';
import { z } from 'zod';

import { NOTICE_KINDS } from './subscription-events';
import { normaliseFilters } from './subscription-filters';

const list = <T extends z.ZodType<string>>(item: T) => z.array(item).max(50).default([]);

/** Filters as a subscriber writes them; every list may be left out (empty: no restriction). */
export const filtersSchema = z
  .object({
    countries: list(
      text()
        .trim()
        .transform((c) => c.toUpperCase())
        .refine((c) => c in COUNTRIES, 'is not a country code this timeline knows'),
    ),
    categories: list(z.enum(CATEGORIES)),
    actors: list(text().trim().min(1).max(200)),
    keywords: list(text().trim().min(1, 'must not be blank').max(200)),
  })
  .strict()
  .default({ countries: [], categories: [], actors: [], keywords: [] })
  .transform((filters) => normaliseFilters(filters));

const email = text().trim().max(320).email('must be an email address');

const webhookUrl = text()
  .trim()
  .max(2000)
  .superRefine((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    const problem = !url
      ? 'must be an absolute URL'
      : url.protocol !== 'http:' && url.protocol !== 'https:'
        ? 'must be an http(s) URL'
        : url.username !== '' || url.password !== ''
          ? 'must not carry credentials (the signature authenticates us to you)'
          : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * A new subscription, as the API and the CLI take it. A webhook target is an http(s) URL and gets
 * alerts at once (a digest is an email thing); an email target is an address.
 */
export const createSubscriptionSchema = z
  .object({
    channel: z.enum(['webhook', 'email']),
    target: text(),
    filters: filtersSchema,
    mode: z.enum(['instant', 'daily']).default('instant'),
    contact: email.nullish().transform((value) => value ?? null),
    /** Operational notices besides alerts, e.g. ['feed-silence']: only for an admin key's subscription. */
    notices: z
      .array(z.enum(NOTICE_KINDS))
      .max(NOTICE_KINDS.length)
      .default([])
      .transform((kinds) => [...new Set(kinds)].sort()),
  })
  .strict()
  .superRefine((input, ctx) => {
    const check = input.channel === 'webhook' ? webhookUrl : email;
    const result = check.safeParse(input.target);
    if (!result.success)
      ctx.addIssue({ code: 'custom', path: ['target'], message: result.error.issues[0]!.message });
    if (input.channel === 'webhook' && input.mode === 'daily') {
      ctx.addIssue({
        code: 'custom',
        path: ['mode'],
        message: 'daily digests are for email; webhooks are instant',
      });
    }
  })
  .transform((input) => ({ ...input, target: input.target.trim() }));

/** What callers hand in, before validation (the service validates it again whoever calls). */
export interface CreateSubscriptionBody {
  channel: string;
  target: string;
  filters?: Partial<Record<'countries' | 'categories' | 'actors' | 'keywords', string[]>>;
  mode?: string;
  contact?: string | null;
  notices?: string[];
}
export type CreateSubscriptionFields = z.output<typeof createSubscriptionSchema>;
