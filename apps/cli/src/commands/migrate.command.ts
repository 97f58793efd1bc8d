import { Database } from '@app/database';
import { Inject } from '@nestjs/common';
import { Command } from 'nest-commander';

import { printResult, ResultCommand } from './output';

@Command({ name: 'migrate', description: 'Bring the database schema up to date (also done on every start)' })
export class MigrateCommand extends ResultCommand {
  constructor(@Inject(Database) private readonly database: Database) {
    super();
  }

  async run(_args: string[], options: { json?: boolean }): Promise<void> {
    const ran = await this.database.migrate();
    printResult(
      options.json,
      { migrated: ran },
      ran.length === 0 ? 'The schema is up to date.' : `Ran ${ran.length} migration(s):\n${ran.join('\n')}`,
    );
  }
}
