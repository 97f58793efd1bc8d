import { Module } from '@nestjs/common';

import { MigrateCommand } from './commands/migrate.command';
import { RebuildCommand } from './commands/rebuild.command';
import { VerifyCommand } from './commands/verify.command';

/** The command line's commands. Stands on CoreModule (without Redis), which main.ts provides. */
@Module({ providers: [MigrateCommand, VerifyCommand, RebuildCommand] })
export class CliModule {}
