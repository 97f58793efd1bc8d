import { Module } from '@nestjs/common';

import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyService } from './api-key.service';
import { SessionService } from './session.service';

/**
 * API keys, browser sessions and the guard that checks both. Needs DatabaseModule, ConfigModule and
 * the Clock from EventStoreModule in the application (CoreModule provides all three). The API
 * registers the guard globally; the CLI uses the key service alone.
 */
@Module({
  providers: [ApiKeyService, SessionService, ApiKeyGuard],
  exports: [ApiKeyService, SessionService, ApiKeyGuard],
})
export class AuthModule {}
