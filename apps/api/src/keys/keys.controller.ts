import { API_KEY_ID, API_KEY_NAME_MAX_LENGTH, ApiKeyService, ROLES } from '@app/auth';
import { text, visibleText } from '@app/event-store';
import { Body, Controller, Delete, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { RoleRequired } from '../http/access.decorator';
import { IdParam } from '../http/id-param.decorator';
import { bodyFrom, responseFrom } from '../http/openapi';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

const CreateKeyBody = z.strictObject({
  role: z.enum(ROLES),
  name: visibleText().trim().min(1).max(API_KEY_NAME_MAX_LENGTH).meta({ example: 'ops' }),
});
const CreatedKey = z.strictObject({
  key: z.string().describe('tlk_<id>_<secret>: shown in this answer only'),
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
});
/** A key as the list and a revocation answer it (ApiKeyRecord of @app/auth): never its secret. */
export const keyResponse = z.strictObject({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const keyListResponse = z.strictObject({ keys: z.array(keyResponse) });

/** API keys, for admins (DESIGN.md section 8). A new key's plaintext is in the POST answer only. */
@ApiTags('keys')
@RoleRequired('admin')
@Controller('api/keys')
export class KeysController {
  constructor(@Inject(ApiKeyService) private readonly keys: ApiKeyService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key; its plaintext is shown in this answer and never again' })
  @bodyFrom(CreateKeyBody)
  @responseFrom(CreatedKey, { status: 201 })
  async create(@Body(new ZodValidationPipe(CreateKeyBody)) body: z.output<typeof CreateKeyBody>) {
    const { key, record } = await this.keys.create(body);
    return { key, id: record.id, name: record.name, role: record.role, createdAt: record.createdAt };
  }

  @Get()
  @ApiOperation({ summary: 'Every API key, revoked ones included, without secrets' })
  @responseFrom(keyListResponse)
  async list() {
    return { keys: await this.keys.list() };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key; requests with it get 401 from now on' })
  @ApiNotFoundResponse({ description: 'No key with this id' })
  @responseFrom(keyResponse)
  async revoke(@IdParam('id', text().regex(API_KEY_ID, 'is not a key id')) id: string) {
    return await this.keys.revoke(id);
  }
}
