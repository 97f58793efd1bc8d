import {
  FeedService,
  FeedTryService,
  type FeedView,
  type ItemReport,
  relevanceVerdict,
  type TryResult,
} from '@app/ingest';
import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';

import { CommandFailure, printResult, ResultCommand } from './output';

/*
 * Feeds from the command line (DESIGN.md section 9). The CLI has no Redis: a feed added here is
 * recorded in the log, and the worker schedules it at its next reconcile (within a minute).
 */

const CLI_ACTOR = { actor: 'cli' };

@SubCommand({
  name: 'add',
  arguments: '<url>',
  description: 'Register a feed; the worker polls it within a minute',
})
class FeedsAddCommand extends ResultCommand {
  constructor(@Inject(FeedService) private readonly feeds: FeedService) {
    super();
  }

  async run([url]: string[], options: { title?: string; language?: string; json?: boolean }): Promise<void> {
    const feed = await this.feeds.register(
      { url: url!, title: options.title, language: options.language },
      'cli',
      CLI_ACTOR,
    );
    printResult(
      options.json,
      feed,
      `Registered feed ${feed.id} (${feed.url}).\nThe worker schedules it at its next round (within a minute) and polls it at once.`,
    );
  }

  @Option({
    flags: '--title <title>',
    description: 'A name for the feed (default: the title the feed gives itself)',
  })
  parseTitle(value: string): string {
    return value;
  }

  @Option({
    flags: '--language <tag>',
    description: 'The language of its items when the feed does not say (en, ru, zh…)',
  })
  parseLanguage(value: string): string {
    return value;
  }
}

@SubCommand({ name: 'list', description: 'List feeds with their health' })
class FeedsListCommand extends ResultCommand {
  constructor(@Inject(FeedService) private readonly feeds: FeedService) {
    super();
  }

  async run(_args: string[], options: { json?: boolean }): Promise<void> {
    const feeds = await this.feeds.list();
    printResult(
      options.json,
      { feeds },
      feeds.length === 0 ? 'No feeds yet. Add one with: npm run cli -- feeds add <url>' : feedTable(feeds),
    );
  }
}

@SubCommand({
  name: 'remove',
  arguments: '<id-or-url>',
  description: 'Remove a feed: it is no longer polled',
})
class FeedsRemoveCommand extends ResultCommand {
  constructor(@Inject(FeedService) private readonly feeds: FeedService) {
    super();
  }

  async run([idOrUrl]: string[], options: { reason?: string; json?: boolean }): Promise<void> {
    const feed = await this.feeds.remove(
      this.feeds.resolveId(idOrUrl!),
      options.reason ?? 'Removed from the command line',
      CLI_ACTOR,
    );
    printResult(options.json, feed, `Removed feed ${feed.id} (${feed.url}); the worker stops polling it.`);
  }

  @Option({ flags: '--reason <text>', description: 'Why, for the log' })
  parseReason(value: string): string {
    return value;
  }
}

@SubCommand({
  name: 'pause',
  arguments: '<id-or-url>',
  description: 'Pause a feed: not polled (nor flagged as silent) until resumed',
})
class FeedsPauseCommand extends ResultCommand {
  constructor(@Inject(FeedService) private readonly feeds: FeedService) {
    super();
  }

  async run([idOrUrl]: string[], options: { reason?: string; json?: boolean }): Promise<void> {
    const feed = await this.feeds.pause(
      this.feeds.resolveId(idOrUrl!),
      options.reason ?? 'Paused from the command line',
      CLI_ACTOR,
    );
    printResult(
      options.json,
      feed,
      `Paused feed ${feed.id} (${feed.url}); the worker stops polling it at its next round (within a minute).`,
    );
  }

  @Option({ flags: '--reason <text>', description: 'Why, for the log and the admin page' })
  parseReason(value: string): string {
    return value;
  }
}

@SubCommand({
  name: 'resume',
  arguments: '<id-or-url>',
  description: 'Resume a paused feed: the worker polls it again within a minute',
})
class FeedsResumeCommand extends ResultCommand {
  constructor(@Inject(FeedService) private readonly feeds: FeedService) {
    super();
  }

  async run([idOrUrl]: string[], options: { json?: boolean }): Promise<void> {
    const feed = await this.feeds.resume(this.feeds.resolveId(idOrUrl!), CLI_ACTOR);
    printResult(
      options.json,
      feed,
      `Resumed feed ${feed.id} (${feed.url}); the worker polls it again at its next round (within a minute).`,
    );
  }
}

@SubCommand({
  name: 'try',
  arguments: '<url-or-file>',
  description: "Run the worker's pipeline on one feed and print each item's verdict; writes nothing",
})
class FeedsTryCommand extends CommandRunner {
  constructor(@Inject(FeedTryService) private readonly feeds: FeedTryService) {
    super();
  }

  async run([source]: string[], options: { json?: boolean }): Promise<void> {
    const result = await this.feeds.try(source!);
    if (options.json) {
      process.stdout.write(result.report.items.map((item) => `${JSON.stringify(itemJson(item))}\n`).join(''));
      return;
    }
    process.stdout.write(`${tryText(result)}\n`);
  }

  @Option({ flags: '--json', description: 'One JSON object per item, one per line' })
  parseJson(): boolean {
    return true;
  }
}

@Command({
  name: 'feeds',
  description: 'Add, list, remove and try news feeds',
  subCommands: [
    FeedsAddCommand,
    FeedsListCommand,
    FeedsRemoveCommand,
    FeedsPauseCommand,
    FeedsResumeCommand,
    FeedsTryCommand,
  ],
})
export class FeedsCommand extends CommandRunner {
  run(args: string[]): Promise<void> {
    // Reached only without a known subcommand.
    return Promise.reject(
      new CommandFailure(
        args.length > 0
          ? `Unknown feeds command ${JSON.stringify(args[0])}: use add, list, remove or try (see feeds --help)`
          : 'Use feeds add, feeds list, feeds remove or feeds try (see feeds --help)',
      ),
    );
  }
}

/** One item of `feeds try --json`: what was read, the verdict, why it scored, what was extracted. */
function itemJson(report: ItemReport) {
  const { item, relevance, fields } = report;
  return {
    guid: item.guid,
    title: item.title,
    link: item.link,
    publishedAt: item.publishedAt,
    publishedAtEstimated: item.publishedAtEstimated,
    language: item.language,
    verdict: report.verdict,
    relevant: relevance?.relevant ?? false,
    relevance: relevance ? relevanceVerdict(relevance) : null,
    modelVersion: relevance?.modelVersion ?? null,
    learned: relevance?.learned ?? null,
    score: relevance?.score ?? null,
    threshold: relevance?.threshold ?? null,
    matched: relevance?.matched ?? [],
    explanation: relevance?.explanation ?? null,
    countries: fields?.countries ?? [],
    categories: fields?.categories ?? [],
    actors: fields?.actors ?? [],
    date: fields?.date ?? null,
    candidateId: report.candidateId,
    similarity: report.similarity,
  };
}

const VERDICT_TEXT: Record<ItemReport['verdict'], string> = {
  proposed: 'would propose',
  borderline: 'borderline tray',
  corroborates: 'would corroborate',
  summarised: 'would be counted',
  duplicate: 'duplicate',
  'rejected-before': 'rejected before',
  irrelevant: 'not relevant',
  seen: 'seen before',
  'not-stored': 'not storable',
};

function tryText({ source, report }: TryResult): string {
  const { document, items } = report;
  const relevant = items.filter((i) => i.relevance?.relevant).length;
  const lines = [
    `${document.title ?? source} — ${document.format}, ${document.encoding}: ${items.length} item(s), ${relevant} relevant` +
      (report.skipped > 0 ? `, ${report.skipped} skipped (no title or link, or repeated)` : '') +
      '. Dry run: nothing written.',
    ...document.warnings.map((warning) => `  note: ${warning}`),
  ];
  for (const report of items) {
    const { item, relevance, fields } = report;
    const score = relevance ? relevance.score.toFixed(2).padStart(6) : '     -';
    lines.push('', `${score}  ${VERDICT_TEXT[report.verdict].padEnd(17)}  ${item.title}`);
    const date = `${item.publishedAt}${item.publishedAtEstimated ? ' (estimated: the feed gave no date)' : ''}`;
    lines.push(`        ${date}${item.link ? `  ${item.link}` : ''}`);
    if (report.candidateId && report.verdict !== 'proposed' && report.verdict !== 'borderline') {
      const similarity = report.similarity === null ? '' : ` (title similarity ${report.similarity})`;
      lines.push(`        candidate ${report.candidateId}${similarity}`);
    }
    if (fields) {
      const list = (values: readonly string[]) => (values.length > 0 ? values.join(', ') : '-');
      const when = `${fields.date.start}${fields.date.end ? `..${fields.date.end}` : ''} (${fields.date.precision})`;
      lines.push(
        `        countries ${list(fields.countries)} · categories ${list(fields.categories)} · actors ${list(fields.actors)} · date ${when}`,
      );
    }
    if (relevance && relevance.matched.length > 0) {
      const terms = relevance.matched.map(
        (m) =>
          `${m.term} (${m.concept ?? m.group} ${m.weight > 0 ? '+' : ''}${m.weight}${m.field === 'title' ? ', title' : ''})`,
      );
      lines.push(`        matched: ${terms.join('; ')}`);
    }
    if (relevance) {
      lines.push(`        ${relevance.explanation}`);
      lines.push(`        verdict ${relevanceVerdict(relevance)} · model ${relevance.modelVersion ?? '-'}`);
    }
  }
  return lines.join('\n');
}

function feedTable(feeds: FeedView[]): string {
  const rows = [
    ['ID', 'HEALTH', 'TITLE / URL', 'LAST SUCCESS', 'FAILS', 'NEXT POLL', 'SEEN/PROPOSED', 'LAST ERROR'],
    ...feeds.map((f) => [
      f.id,
      f.health.status,
      f.title ? `${f.title} <${f.url}>` : f.url,
      f.health.lastSuccessAt ?? '-',
      String(f.health.consecutiveFailures),
      f.health.nextPollAt ?? '-',
      `${f.health.itemsSeen}/${f.health.itemsProposed}`,
      f.health.lastError ?? '-',
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
