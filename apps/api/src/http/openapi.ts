import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

/** The security schemes every protected route names (configure-http.ts defines them). */
export const API_KEY_SCHEME = 'api-key';
export const SESSION_SCHEME = 'session';

/**
 * A zod schema as OpenAPI 3.0 shows it: what a client sends (`input`: defaults make a field
 * optional, coercions show the wire type) or what it receives (`output`). The same schema that
 * validates a request documents it, so the two cannot drift apart.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): SchemaObject {
  return z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' }) as SchemaObject;
}

/** The request body, from the schema that validates it. */
export function bodyFrom(schema: z.ZodType, options: { required?: boolean } = {}) {
  return ApiBody({ schema: openApiSchema(schema, 'input'), required: options.required ?? true });
}

/** Every query parameter, from the object schema that validates the query; a description each where it helps. */
export function queryFrom<S extends z.ZodObject>(
  schema: S,
  descriptions: Partial<Record<Extract<keyof S['shape'], string>, string>> = {},
) {
  const json = openApiSchema(schema, 'input');
  const required = new Set(json.required ?? []);
  const described: Partial<Record<string, string>> = descriptions;
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: required.has(name), description: described[name], schema: property }),
    ),
  );
}

/** What every paged answer carries beside its items (the `paging` of its query, and the total). */
export const pageFields = {
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
};

/** What every item of a stream's history carries: where the event stands in the log, and who wrote it. */
export const historyFields = {
  position: z.number().int(),
  version: z.number().int(),
  type: z.string(),
  recordedAt: z.string(),
  actor: z.string().describe('key:<id>, seed or system:<component>'),
};

/** A response body, from the schema of what the route answers. */
export function responseFrom(schema: z.ZodType, options: { status?: number; description?: string } = {}) {
  return ApiResponse({
    status: options.status ?? 200,
    description: options.description ?? 'OK',
    schema: openApiSchema(schema, 'output'),
  });
}
