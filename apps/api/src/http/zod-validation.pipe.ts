import { inputFailure } from '@app/event-store';
import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Validates a body or query with a zod schema; a failure is a 400 naming the field (inputFailure). */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    const { field, message } = inputFailure(result.error);
    throw new BadRequestException({
      error: { code: 'VALIDATION_FAILED', message: `${field}: ${message}`, details: { field } },
    });
  }
}
