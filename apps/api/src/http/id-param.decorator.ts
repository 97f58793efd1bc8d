import { Param } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { z } from 'zod';

import { openApiSchema } from './openapi';
import { ZodValidationPipe } from './zod-validation.pipe';

/** The ids the API mints (entries, feeds, subscriptions, deliveries). */
export const uuidId = z.uuid({ error: 'must be a UUID' });

/**
 * A path parameter that is an id, checked by a zod schema (a UUID unless told otherwise): a
 * malformed id is refused as a bad body field is, 400 VALIDATION_FAILED naming the parameter, and
 * never reaches a query. OpenAPI shows the same schema.
 */
export function IdParam(name = 'id', schema: z.ZodType<string> = uuidId): ParameterDecorator {
  const param = Param(name, new ZodValidationPipe(schema));
  const documented = ApiParam({ name, schema: openApiSchema(schema, 'input') });
  return (target, key, index) => {
    param(target, key, index);
    documented(target, key!, Object.getOwnPropertyDescriptor(target, key!)!);
  };
}
