import { Module } from '@nestjs/common';

import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyService } from './api-key.service';

/**
 * API keys and the guard that checks them. Needs DatabaseModule, ConfigModule and the Clock from
 * EventStoreModule in the application (CoreModule provides all three). The API registers the guard
 * globally; the CLI uses the service alone.
 */
@Module({
  providers: [ApiKeyService, ApiKeyGuard],
  exports: [ApiKeyService, ApiKeyGuard],
})
export class AuthModule {}
