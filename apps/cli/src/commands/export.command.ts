import { once } from 'node:events';

import { type AppConfig, APP_CONFIG } from '@app/config';
import { parseInput } from '@app/event-store';
import { EXPORT_FORMATS, streamExport, TimelineQueries, timelineQuerySchema, toFilter } from '@app/timeline';
import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { z } from 'zod';

import { CommandFailure } from './output';

const ExportOptions = timelineQuerySchema.extend({ format: z.enum(EXPORT_FORMATS).default('json') });

interface RawOptions {
  format?: string;
  asOf?: string;
  country?: string[];
  category?: string[];
  actor?: string[];
  place?: string[];
  sort?: string;
  from?: string;
  to?: string;
  q?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

@Command({
  name: 'export',
  description: `Print the timeline to stdout as ${EXPORT_FORMATS.join(', ')}, with the same filters as the API`,
})
export class ExportCommand extends CommandRunner {
  constructor(
    @Inject(TimelineQueries) private readonly queries: TimelineQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async run(_args: string[], raw: RawOptions): Promise<void> {
    const options = parseInput(
      ExportOptions,
      raw,
      ({ field, message }) => new CommandFailure(`--${field}: ${message}`, 2),
    );
    // The same stream as the API's: read in pages, rendered in slices, written as stdout drains.
    const source = await this.queries.exportSource(toFilter(options), options.asOf);
    let last = '';
    for await (const chunk of streamExport(options.format, source, {
      baseUrl: this.config.http.publicBaseUrl,
      generatedAt: new Date(),
      asOf: options.asOf,
      keepOrder: options.sort !== undefined,
    })) {
      if (chunk === '') continue;
      last = chunk;
      if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
    }
    if (!last.endsWith('\n')) process.stdout.write('\n');
  }

  @Option({ flags: '--format <format>', description: EXPORT_FORMATS.join(' | ') + ' (default json)' })
  parseFormat(value: string): string {
    return value;
  }

  @Option({ flags: '--as-of <time>', description: 'ISO-8601: the timeline exactly as recorded then' })
  parseAsOf(value: string): string {
    return value;
  }

  @Option({ flags: '--country <code>', description: 'ISO alpha-2; repeat for several' })
  parseCountry(value: string, previous?: string[]): string[] {
    return collect(value, previous);
  }

  @Option({ flags: '--category <category>', description: 'repeat for several' })
  parseCategory(value: string, previous?: string[]): string[] {
    return collect(value, previous);
  }

  @Option({ flags: '--actor <name>', description: 'repeat for several' })
  parseActor(value: string, previous?: string[]): string[] {
    return collect(value, previous);
  }

  @Option({
    flags: '--place <id>',
    description: 'a place of the gazetteer (e.g. khorgos); repeat for several',
  })
  parsePlace(value: string, previous?: string[]): string[] {
    return collect(value, previous);
  }

  @Option({ flags: '--sort <order>', description: 'date (default) | date-desc | recorded-desc' })
  parseSort(value: string): string {
    return value;
  }

  @Option({ flags: '--from <date>', description: 'YYYY, YYYY-MM or YYYY-MM-DD' })
  parseFrom(value: string): string {
    return value;
  }

  @Option({ flags: '--to <date>', description: 'YYYY, YYYY-MM or YYYY-MM-DD (inclusive)' })
  parseTo(value: string): string {
    return value;
  }

  @Option({ flags: '-q, --q <words>', description: 'words that must all occur' })
  parseQ(value: string): string {
    return value;
  }
}
