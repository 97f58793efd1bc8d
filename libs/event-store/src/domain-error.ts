import type { z } from 'zod';

/**
 * The base of every library's coded error. The API maps `code` to an HTTP status in one table
 * (apps/api/src/http/domain-error.filter.ts); `message` is for a person, `details` is safe to show.
 */
export abstract class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** What a caller is told about refused input: the field, and what is wrong with it. */
export interface InputFailure {
  field: string;
  message: string;
}

/**
 * The one reading of a zod failure: its first issue, named by field path (under `prefix`). A closed
 * object's unknown key is named itself ("foo: is not a field here"), not the object around it.
 */
export function inputFailure(error: z.ZodError, prefix = ''): InputFailure {
  const issue = error.issues[0]!;
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const path = [prefix, ...issue.path.map(String), ...(unknownKey ? [unknownKey] : [])];
  const field = path.filter(Boolean).join('.') || 'body';
  return { field, message: unknownKey ? 'is not a field here' : issue.message };
}

/**
 * Parses with a schema or throws the caller's own coded error, made by `refuse` from the failure:
 * every library validates its input this way, so every refusal names its field alike.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  refuse: (failure: InputFailure) => Error,
  prefix = '',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw refuse(inputFailure(result.error, prefix));
}
