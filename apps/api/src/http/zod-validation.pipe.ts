import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Validates a body or query with a zod schema; a failure is a 400 naming the field. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    const issue = result.error.issues[0]!;
    // A strict object reports unknown keys at the object's own path: name the first key instead.
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const field = [...issue.path, ...(unknownKey ? [unknownKey] : [])].join('.') || 'body';
    const message = unknownKey ? 'is not a field here' : issue.message;
    throw new BadRequestException({
      error: { code: 'VALIDATION_FAILED', message: `${field}: ${message}`, details: { field } },
    });
  }
}
