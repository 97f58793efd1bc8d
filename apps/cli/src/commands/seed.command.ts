import { SeedImporter } from '@app/seed';
import { Inject } from '@nestjs/common';
import { Command } from 'nest-commander';

import { printResult, ResultCommand } from './output';

@Command({
  name: 'seed',
  description: 'Append the curated seed timeline (five source documents); running it again adds nothing',
})
export class SeedCommand extends ResultCommand {
  constructor(@Inject(SeedImporter) private readonly importer: SeedImporter) {
    super();
  }

  async run(_args: string[], options: { json?: boolean }): Promise<void> {
    const report = await this.importer.seed();
    printResult(
      options.json,
      report,
      `Seed: ${report.entries.added} entr${report.entries.added === 1 ? 'y' : 'ies'} added ` +
        `(${report.entries.present} already present), ${report.documents.added} document(s) registered ` +
        `(${report.documents.present} already present).`,
    );
  }
}
