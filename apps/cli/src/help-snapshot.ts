// The help snapshot: the commander program nest-commander builds, as data, so `--help` can be
// answered by commander alone, without loading the application (which takes over a second).
// Loads nothing but node:fs, node:path and commander: main.ts requires it before anything else.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { Argument, Command, CommanderError, Option } from 'commander';

const SNAPSHOT_VERSION = 1;

/** Its file, beside the compiled CLI: dist/apps/cli/help-snapshot.json. */
export const HELP_SNAPSHOT_FILE = 'help-snapshot.json';

export interface ArgumentShape {
  name: string;
  description: string;
  required: boolean;
  variadic: boolean;
  defaultValue?: unknown;
  defaultValueDescription?: string;
  choices?: string[];
}

export interface OptionShape {
  flags: string;
  description: string;
  defaultValue?: unknown;
  defaultValueDescription?: string;
  presetArg?: unknown;
  mandatory: boolean;
  hidden: boolean;
  choices?: string[];
  envVar?: string;
}

export interface CommandShape {
  name: string;
  description: string;
  summary: string;
  aliases: string[];
  usage?: string;
  hidden: boolean;
  isDefault: boolean;
  /** A command without an action lists `help [command]` among its commands, and shows help when bare. */
  hasAction: boolean;
  arguments: ArgumentShape[];
  options: OptionShape[];
  commands: CommandShape[];
}

export interface HelpSnapshot {
  version: typeof SNAPSHOT_VERSION;
  commander: string;
  program: CommandShape;
  /** Every compiled file the program was loaded from (relative to dist/), as `size:mtimeMs`. */
  sources: Record<string, string>;
}

/** Commander's fields that its typings keep private; help reads them, so the snapshot must too. */
interface CommandInternals {
  _name: string;
  _summary?: string;
  _aliases: string[];
  _usage?: string;
  _hidden: boolean;
  _defaultCommandName?: string;
  _actionHandler: unknown;
  _addImplicitHelpCommand?: boolean;
  _helpConfiguration: Record<string, unknown>;
  listenerCount(event: string): number;
}

interface ArgumentInternals {
  _name: string;
}

const HELP_HOOKS = ['beforeHelp', 'afterHelp', 'beforeAllHelp', 'afterAllHelp'];

/** The program as data. Refuses what the snapshot cannot carry (help hooks, a custom help). */
export function describeProgram(command: Command, parentDefault?: string): CommandShape {
  const internals = command as unknown as CommandInternals;
  const hook = HELP_HOOKS.find((event) => internals.listenerCount(event) > 0);
  if (hook)
    throw new Error(`command ${command.name()} has a ${hook} hook, which a help snapshot cannot carry`);
  if (Object.keys(internals._helpConfiguration).length > 0) {
    throw new Error(`command ${command.name()} configures its help, which a help snapshot cannot carry`);
  }
  if (internals._addImplicitHelpCommand !== undefined) {
    throw new Error(`command ${command.name()} sets its help command, which a help snapshot cannot carry`);
  }
  return {
    name: internals._name,
    description: command.description(),
    summary: internals._summary ?? '',
    aliases: [...internals._aliases],
    usage: internals._usage,
    hidden: internals._hidden,
    isDefault: parentDefault !== undefined && parentDefault === internals._name,
    hasAction: internals._actionHandler !== null && internals._actionHandler !== undefined,
    arguments: command.registeredArguments.map((argument) => ({
      name: (argument as unknown as ArgumentInternals)._name,
      description: argument.description,
      required: argument.required,
      variadic: argument.variadic,
      defaultValue: argument.defaultValue as unknown,
      defaultValueDescription: argument.defaultValueDescription,
      choices: argument.argChoices,
    })),
    options: command.options.map((option) => ({
      flags: option.flags,
      description: option.description,
      defaultValue: option.defaultValue as unknown,
      defaultValueDescription: option.defaultValueDescription,
      presetArg: option.presetArg,
      mandatory: option.mandatory,
      hidden: option.hidden,
      choices: option.argChoices,
      envVar: option.envVar,
    })),
    commands: command.commands.map((sub) => describeProgram(sub, internals._defaultCommandName)),
  };
}

/** The sources entry of a file: changes whenever the build writes the file again. */
export function fileStamp(path: string): string | undefined {
  try {
    const stats = statSync(path);
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return undefined;
  }
}

export function commanderVersion(): string {
  // commander's exports hide its package.json; its main file sits beside it.
  const manifest = JSON.parse(
    readFileSync(join(dirname(require.resolve('commander')), 'package.json'), 'utf8'),
  ) as {
    version: string;
  };
  return manifest.version;
}

/** The snapshot at `path`, when it exists and every file it was made from is unchanged. */
export function readCurrentSnapshot(path: string, distRoot: string): HelpSnapshot | undefined {
  let snapshot: HelpSnapshot;
  try {
    snapshot = JSON.parse(readFileSync(path, 'utf8')) as HelpSnapshot;
  } catch {
    return undefined;
  }
  if (snapshot.version !== SNAPSHOT_VERSION || snapshot.commander !== commanderVersion()) return undefined;
  const files = Object.entries(snapshot.sources ?? {});
  if (files.length === 0) return undefined;
  for (const [file, stamp] of files) if (fileStamp(join(distRoot, file)) !== stamp) return undefined;
  return snapshot;
}

/** Whether these arguments ask for help: none at all, `help ...`, or -h/--help before any `--`. */
export function asksForHelp(args: string[]): boolean {
  if (args.length === 0 || args[0] === 'help') return true;
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** Thrown by a rebuilt command's action: commander decided this is not a help request after all. */
class NotHelp extends Error {}

type Written = { stream: 'stdout' | 'stderr'; text: string };

function rebuild(shape: CommandShape, written: Written[]): Command {
  const command = new Command(shape.name);
  command.description(shape.description);
  if (shape.summary) command.summary(shape.summary);
  shape.aliases.forEach((alias) => command.alias(alias));
  if (shape.usage !== undefined) command.usage(shape.usage);
  for (const argument of shape.arguments) {
    const name = `${argument.name}${argument.variadic ? '...' : ''}`;
    const rebuilt = new Argument(argument.required ? `<${name}>` : `[${name}]`, argument.description);
    if (argument.defaultValue !== undefined || argument.defaultValueDescription !== undefined) {
      rebuilt.default(argument.defaultValue, argument.defaultValueDescription);
    }
    if (argument.choices) rebuilt.choices(argument.choices);
    command.addArgument(rebuilt);
  }
  for (const option of shape.options) {
    const rebuilt = new Option(option.flags, option.description)
      .default(option.defaultValue, option.defaultValueDescription)
      .preset(option.presetArg)
      .makeOptionMandatory(option.mandatory)
      .hideHelp(option.hidden);
    if (option.choices) rebuilt.choices(option.choices);
    if (option.envVar) rebuilt.env(option.envVar);
    command.addOption(rebuilt);
  }
  if (shape.hasAction) {
    command.action(() => {
      throw new NotHelp();
    });
  }
  command.exitOverride();
  // Held back until commander has decided: only a help answer is written.
  command.configureOutput({
    writeOut: (text) => written.push({ stream: 'stdout', text }),
    writeErr: (text) => written.push({ stream: 'stderr', text }),
  });
  for (const sub of shape.commands) {
    command.addCommand(rebuild(sub, written), { isDefault: sub.isDefault, hidden: sub.hidden });
  }
  return command;
}

/**
 * Answers a help request from the snapshot: commander parses `argv` on the rebuilt program and
 * prints exactly what the booted program would. Returns false (having written nothing) when the
 * arguments are not a help request, or the snapshot is missing or stale: then boot the application.
 */
export function answerHelpFromSnapshot(argv: string[], snapshotPath: string, distRoot: string): boolean {
  if (!asksForHelp(argv.slice(2))) return false;
  const snapshot = readCurrentSnapshot(snapshotPath, distRoot);
  if (!snapshot) return false;
  const written: Written[] = [];
  const program = rebuild(snapshot.program, written);
  try {
    program.parse(argv);
  } catch (error) {
    const helped =
      error instanceof CommanderError &&
      (error.code === 'commander.helpDisplayed' || error.code === 'commander.help');
    if (!helped) return false;
    for (const { stream, text } of written) process[stream].write(text);
    process.exitCode = error.exitCode;
    return true;
  }
  return false;
}
