import { SubscriptionService, type SubscriptionView } from '@app/alerts';
import { ApiKeyService } from '@app/auth';
import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';

import { CommandFailure, printResult, ResultCommand } from './output';

/*
 * Subscriptions from the command line (DESIGN.md section 7), beside the HTTP API. Whoever runs the
 * CLI against the database is trusted (as for `keys`): it sees and manages every subscription.
 * Subscriptions made here belong to no key unless `--owner <key id>` gives them one, and are active
 * at once (an email address given here is taken as confirmed).
 */

const CLI = { actor: 'cli' };
const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
];

interface AddOptions {
  channel: string;
  target: string;
  country?: string[];
  category?: string[];
  actor?: string[];
  keyword?: string[];
  mode?: string;
  contact?: string;
  owner?: string;
  json?: boolean;
}

@SubCommand({
  name: 'add',
  description: 'Subscribe a webhook or an email address; prints a webhook’s signing secret once',
})
class SubscriptionsAddCommand extends ResultCommand {
  constructor(
    @Inject(SubscriptionService) private readonly subscriptions: SubscriptionService,
    @Inject(ApiKeyService) private readonly keys: ApiKeyService,
  ) {
    super();
  }

  async run(_args: string[], options: AddOptions): Promise<void> {
    if (options.owner !== undefined && !(await this.keys.list()).some((key) => key.id === options.owner)) {
      throw new CommandFailure(`No API key with id ${options.owner} (see keys list)`);
    }
    const { subscription, secret } = await this.subscriptions.create(
      {
        channel: options.channel,
        target: options.target,
        filters: {
          countries: options.country ?? [],
          categories: options.category ?? [],
          actors: options.actor ?? [],
          keywords: options.keyword ?? [],
        },
        mode: options.mode,
        contact: options.contact ?? null,
        ownerKeyId: options.owner ?? null,
        confirmed: true,
      },
      CLI,
    );
    const notice = 'Store the signing secret now: it will not be shown again.';
    printResult(
      options.json,
      secret === null ? subscription : { ...subscription, secret },
      [
        `Created subscription ${subscription.id}: ${describe(subscription)}`,
        ...(secret === null ? [] : ['', `  Signing secret: ${secret}`, '', notice]),
      ].join('\n'),
    );
    if (options.json && secret !== null) process.stderr.write(`${notice}\n`);
  }

  @Option({ flags: '--channel <channel>', description: 'webhook or email', required: true })
  parseChannel(value: string): string {
    return value;
  }

  @Option({ flags: '--target <target>', description: 'The webhook URL or the email address', required: true })
  parseTarget(value: string): string {
    return value;
  }

  @Option({ flags: '--country <code>', description: 'ISO 3166-1 alpha-2; repeat or comma-separate' })
  parseCountry(value: string, previous?: string[]): string[] {
    return collect(value, previous);
  }

  @Option({ flags: '--category <category>', description: 'From the controlled vocabulary; repeatable' })
  parseCategory(value: string, previous?: string[]): string[] {
    return collect(value, previous);
  }

  @Option({ flags: '--actor <name>', description: 'Exact actor name; repeatable' })
  parseActor(value: string, previous?: string[]): string[] {
    return [...(previous ?? []), value];
  }

  @Option({
    flags: '--keyword <word>',
    description: 'In the title or summary, any case or script; repeatable',
  })
  parseKeyword(value: string, previous?: string[]): string[] {
    return [...(previous ?? []), value];
  }

  @Option({ flags: '--mode <mode>', description: 'instant (default) or daily (email only)' })
  parseMode(value: string): string {
    return value;
  }

  @Option({ flags: '--contact <email>', description: 'Who to tell when the endpoint gets disabled' })
  parseContact(value: string): string {
    return value;
  }

  @Option({ flags: '--owner <key id>', description: 'The API key that may manage it over HTTP' })
  parseOwner(value: string): string {
    return value;
  }
}

@SubCommand({ name: 'list', description: 'List subscriptions (never their secrets)' })
class SubscriptionsListCommand extends ResultCommand {
  constructor(@Inject(SubscriptionService) private readonly subscriptions: SubscriptionService) {
    super();
  }

  async run(_args: string[], options: { json?: boolean }): Promise<void> {
    const subscriptions = await this.subscriptions.list();
    printResult(
      options.json,
      { subscriptions },
      subscriptions.length === 0 ? 'No subscriptions yet.' : table(subscriptions),
    );
  }
}

/** remove, pause and resume: one id, one command of the service. */
abstract class SubscriptionChange extends ResultCommand {
  protected abstract readonly done: string;

  constructor(@Inject(SubscriptionService) protected readonly subscriptions: SubscriptionService) {
    super();
  }

  protected abstract change(id: string): Promise<SubscriptionView>;

  async run([id]: string[], options: { json?: boolean }): Promise<void> {
    const subscription = await this.subscriptions.get(id!).then(() => this.change(id!));
    printResult(
      options.json,
      subscription,
      `${this.done} subscription ${subscription.id}: ${describe(subscription)}`,
    );
  }
}

@SubCommand({ name: 'remove', arguments: '<id>', description: 'Delete a subscription for good' })
class SubscriptionsRemoveCommand extends SubscriptionChange {
  protected readonly done = 'Removed';
  protected change(id: string) {
    return this.subscriptions.delete(id, CLI);
  }
}

@SubCommand({ name: 'pause', arguments: '<id>', description: 'Pause a subscription' })
class SubscriptionsPauseCommand extends SubscriptionChange {
  protected readonly done = 'Paused';
  protected change(id: string) {
    return this.subscriptions.pause(id, CLI);
  }
}

@SubCommand({ name: 'resume', arguments: '<id>', description: 'Resume a paused or disabled subscription' })
class SubscriptionsResumeCommand extends SubscriptionChange {
  protected readonly done = 'Resumed';
  protected change(id: string) {
    return this.subscriptions.resume(id, CLI);
  }
}

@SubCommand({
  name: 'erase',
  arguments: '<id>',
  description: 'Erase a subscriber’s personal data (its key and every copy); deleted ones too',
})
class SubscriptionsEraseCommand extends ResultCommand {
  constructor(@Inject(SubscriptionService) private readonly subscriptions: SubscriptionService) {
    super();
  }

  async run([id]: string[], options: { json?: boolean }): Promise<void> {
    const report = await this.subscriptions.erase(id!, CLI);
    const legacy = report.plaintextEventPositions;
    printResult(
      options.json,
      report,
      [
        `Erased subscription ${id}: its key, target, contact, secrets and tokens are gone` +
          (report.outboxMessagesDeleted > 0 ? `, and ${report.outboxMessagesDeleted} outbox mail(s)` : '') +
          '.',
        ...(legacy.length > 0
          ? [
              `The log's event(s) at position ${legacy.join(', ')} were written before encryption: every reader ` +
                'sees a reference, but their stored bytes still hold the old values (the log is never rewritten).',
            ]
          : []),
      ].join('\n'),
    );
  }
}

@Command({
  name: 'subscriptions',
  description: 'Add, list, pause, resume, remove and erase alert subscriptions',
  subCommands: [
    SubscriptionsAddCommand,
    SubscriptionsListCommand,
    SubscriptionsRemoveCommand,
    SubscriptionsPauseCommand,
    SubscriptionsResumeCommand,
    SubscriptionsEraseCommand,
  ],
})
export class SubscriptionsCommand extends CommandRunner {
  run(args: string[]): Promise<void> {
    // Reached only without a known subcommand.
    return Promise.reject(
      new CommandFailure(
        args.length > 0
          ? `Unknown subscriptions command ${JSON.stringify(args[0])}: use add, list, remove, pause, resume or erase`
          : 'Use subscriptions add, list, remove, pause, resume or erase (see subscriptions --help)',
      ),
    );
  }
}

function describe(s: SubscriptionView): string {
  const filters = Object.entries(s.filters)
    .filter(([, values]) => (values as string[]).length > 0)
    .map(([name, values]) => `${name}=${(values as string[]).join(',')}`);
  return `${s.channel} → ${s.target}, ${s.mode}, ${s.status}${s.disabledReason ? ` (${s.disabledReason})` : ''}${
    filters.length > 0 ? `, ${filters.join(' ')}` : ', everything'
  }`;
}

function table(subscriptions: SubscriptionView[]): string {
  const rows = [
    ['ID', 'CHANNEL', 'TARGET', 'MODE', 'STATUS', 'OWNER', 'FILTERS'],
    ...subscriptions.map((s) => [
      s.id,
      s.channel,
      s.target,
      s.mode,
      s.status,
      s.ownerKeyId ?? '-',
      Object.entries(s.filters)
        .filter(([, values]) => (values as string[]).length > 0)
        .map(([name, values]) => `${name}=${(values as string[]).join(',')}`)
        .join(' ') || 'everything',
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
