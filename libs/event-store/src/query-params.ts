import { z } from 'zod';

import { text } from './text';

/**
 * A list in a query string: `country=KZ&country=CN` and `country=KZ,CN` mean the same. At most 50
 * values of at most 200 characters each, under the text rule.
 */
export function queryList() {
  return z.preprocess(
    (value) =>
      value === undefined
        ? undefined
        : (Array.isArray(value) ? value : [value])
            .flatMap((item) => String(item).split(','))
            .map((item) => item.trim())
            .filter(Boolean),
    z.array(text().max(200)).max(50).optional(),
  );
}

/** `limit` (1 to `maxLimit`, default 50) and `offset` (default 0) of a paged list, for `z.object({ ...paging(n) })`. */
export function paging(maxLimit: number) {
  return {
    limit: z.coerce.number().int().min(1).max(maxLimit).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  };
}
