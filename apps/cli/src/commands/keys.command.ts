import { type ApiKeyRecord, ApiKeyService, isRole, ROLES } from '@app/auth';
import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';

import { CommandFailure, printResult, ResultCommand } from './output';

/*
 * API keys from the command line (DESIGN.md section 8).
 *
 * This is also how a fresh install gets its first admin key, since the HTTP API that creates keys
 * needs one already: whoever can run the CLI against the database is trusted to run
 *
 *   npm run cli -- keys create --role admin --name ops
 *
 * and then manages further keys over HTTP or here.
 */

const ROLE_LIST = ROLES.join(', ');

@SubCommand({
  name: 'create',
  description: `Create an API key and print it once (roles: ${ROLE_LIST})`,
})
class KeysCreateCommand extends ResultCommand {
  constructor(@Inject(ApiKeyService) private readonly keys: ApiKeyService) {
    super();
  }

  async run(_args: string[], options: { role: string; name: string; json?: boolean }): Promise<void> {
    if (!isRole(options.role)) {
      throw new CommandFailure(`Unknown role ${JSON.stringify(options.role)}: use one of ${ROLE_LIST}`);
    }
    const { key, record } = await this.keys.create({ role: options.role, name: options.name });
    const notice = 'Store it now: it will not be shown again.';
    printResult(
      options.json,
      { key, id: record.id, name: record.name, role: record.role, createdAt: record.createdAt },
      `Created API key ${record.id} (${record.role}, ${JSON.stringify(record.name)}):\n\n  ${key}\n\n${notice}`,
    );
    // With --json stdout is one document; the notice still reaches the person, on stderr.
    if (options.json) process.stderr.write(`${notice}\n`);
  }

  @Option({ flags: '--role <role>', description: ROLE_LIST, required: true })
  parseRole(role: string): string {
    return role;
  }

  @Option({ flags: '--name <name>', description: 'Who or what holds the key, e.g. ops', required: true })
  parseName(name: string): string {
    return name;
  }
}

@SubCommand({ name: 'list', description: 'List API keys (never their secrets)' })
class KeysListCommand extends ResultCommand {
  constructor(@Inject(ApiKeyService) private readonly keys: ApiKeyService) {
    super();
  }

  async run(_args: string[], options: { json?: boolean }): Promise<void> {
    const keys = await this.keys.list();
    printResult(
      options.json,
      { keys },
      keys.length === 0
        ? 'No API keys yet. Create the first admin key with: npm run cli -- keys create --role admin --name ops'
        : table(keys),
    );
  }
}

@SubCommand({ name: 'revoke', arguments: '<id>', description: 'Revoke an API key for good' })
class KeysRevokeCommand extends ResultCommand {
  constructor(@Inject(ApiKeyService) private readonly keys: ApiKeyService) {
    super();
  }

  async run([id]: string[], options: { json?: boolean }): Promise<void> {
    const record = await this.keys.revoke(id!);
    printResult(
      options.json,
      record,
      `Revoked API key ${record.id} (${record.role}, ${JSON.stringify(record.name)}) at ${record.revokedAt}.`,
    );
  }
}

@Command({
  name: 'keys',
  description: 'Create, list and revoke API keys',
  subCommands: [KeysCreateCommand, KeysListCommand, KeysRevokeCommand],
})
export class KeysCommand extends CommandRunner {
  run(args: string[]): Promise<void> {
    // Reached only without a known subcommand.
    return Promise.reject(
      new CommandFailure(
        args.length > 0
          ? `Unknown keys command ${JSON.stringify(args[0])}: use create, list or revoke (see keys --help)`
          : 'Use keys create, keys list or keys revoke (see keys --help)',
      ),
    );
  }
}

function table(keys: ApiKeyRecord[]): string {
  const rows = [
    ['ID', 'ROLE', 'NAME', 'CREATED', 'LAST USED', 'STATUS'],
    ...keys.map((k) => [
      k.id,
      k.role,
      k.name,
      k.createdAt,
      k.lastUsedAt ?? '-',
      k.revokedAt ? `revoked ${k.revokedAt}` : 'active',
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
