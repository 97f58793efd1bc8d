import { AlertsModule } from '@app/alerts';
import { AuthModule } from '@app/auth';
import { IngestModule } from '@app/ingest';
import { ReviewModule } from '@app/review';
import { SeedModule } from '@app/seed';
import { TimelineModule } from '@app/timeline';
import { Module } from '@nestjs/common';

import { BackupCommand, RestoreCommand } from './commands/backup.command';
import { ExportCommand } from './commands/export.command';
import { FeedsCommand } from './commands/feeds.command';
import { KeysCommand } from './commands/keys.command';
import { MigrateCommand } from './commands/migrate.command';
import { RebuildCommand } from './commands/rebuild.command';
import { SeedCommand } from './commands/seed.command';
import { SubscriptionsCommand } from './commands/subscriptions.command';
import { VerifyCommand } from './commands/verify.command';

/**
 * The command line's commands. Stands on CoreModule (without Redis), which main.ts provides. It
 * imports every module that owns a projection, so `rebuild` knows them all and appends keep them current.
 */
@Module({
  imports: [AuthModule, TimelineModule, SeedModule, AlertsModule, IngestModule, ReviewModule],
  providers: [
    MigrateCommand,
    VerifyCommand,
    RebuildCommand,
    SeedCommand,
    ExportCommand,
    BackupCommand,
    RestoreCommand,
    ...KeysCommand.registerWithSubCommands(),
    ...SubscriptionsCommand.registerWithSubCommands(),
    ...FeedsCommand.registerWithSubCommands(),
  ],
})
export class CliModule {}
