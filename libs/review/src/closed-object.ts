import { z } from 'zod';

/**
 * Like `z.object(shape).strict()`, but an unknown field is reported at its own path, so a 400 names
 * it (`origin: is not a field here`) instead of the whole body.
 */
export function closedObject<S extends z.ZodRawShape>(shape: S) {
  return z
    .object(shape)
    .loose()
    .superRefine((value, ctx) => {
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(shape, key))
          ctx.addIssue({ code: 'custom', path: [key], message: 'is not a field here' });
      }
    });
}

/** The same shape, strict, for documentation: OpenAPI shows `additionalProperties: false`. */
export function documentedObject<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape).strict();
}
