import { z } from 'zod';

/**
 * `z.object(shape).strict()`: an unknown field, `__proto__` included, is refused, and `inputFailure`
 * names it at its own path (`origin: is not a field here`) rather than the object around it. (A
 * check on the parsed value would miss `__proto__`: zod never copies it into its output.)
 */
export function closedObject<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape).strict();
}

/** The same shape, strict, for documentation: OpenAPI shows `additionalProperties: false`. */
export function documentedObject<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape).strict();
}
