import { inputFailure } from '@app/event-store';
import { type ArgumentMetadata, BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/**
 * Validates a body, a query or one parameter with a zod schema; a failure is a 400 naming the field
 * (inputFailure), under the parameter's name when the pipe checks one (`@Param('id', pipe)`).
 * Bodies are strict objects (`z.strictObject`): an unknown field, `__proto__` included, is refused
 * and named at its own path, which a check on the parsed value would miss (zod never copies
 * `__proto__` into its output).
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.output<S> {
    const parameter = metadata?.data ?? '';
    const result = this.schema.safeParse(parameter ? value : (value ?? {}));
    if (result.success) return result.data;
    const { field, message } = inputFailure(result.error, parameter);
    throw new BadRequestException({
      error: { code: 'VALIDATION_FAILED', message: `${field}: ${message}`, details: { field } },
    });
  }
}
