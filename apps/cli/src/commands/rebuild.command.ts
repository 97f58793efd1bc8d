import { Projector } from '@app/event-store';
import { Inject } from '@nestjs/common';
import { Command } from 'nest-commander';

import { printResult, ResultCommand } from './output';

@Command({
  name: 'rebuild',
  arguments: '[projections...]',
  description: 'Empty the read models and replay the whole log into them (all, or the ones named)',
})
export class RebuildCommand extends ResultCommand {
  constructor(@Inject(Projector) private readonly projector: Projector) {
    super();
  }

  async run(names: string[], options: { json?: boolean }): Promise<void> {
    const reports = await this.projector.rebuild(names.length > 0 ? names : undefined);
    printResult(
      options.json,
      { rebuilt: reports },
      reports
        .map(
          (r) =>
            `${r.name}: ${r.events} event(s) replayed up to position ${r.position} in ${r.milliseconds} ms`,
        )
        .join('\n') || 'No projections to rebuild.',
    );
  }
}
