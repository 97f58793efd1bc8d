import { type AppendRequest, CommandHandler, parseInput, type StoredEvent, text } from '@app/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';

import { type EntryCommand, entryDecider } from './entry-decider';
import { entryStreamId } from './entry-events';
import { entryFieldsSchema, sourceSchema } from './entry-fields';
import { TimelineError } from './timeline.error';

/** Who asks for a change, for the log's metadata: every change records who made it and why. */
export interface CommandContext {
  actor: string;
  /**
   * The actor's display name (an API key's name) at the time of the command, recorded in the
   * metadata as `actorName` so history can name people from the log alone.
   */
  actorName?: string;
  /** Makes a retried command idempotent: the events get ids derived from it. */
  commandId?: string;
}

const reasonSchema = text().trim().min(3, 'must say why (3 characters at least)').max(2000);

/** Carries out timeline commands through the one command handler. */
@Injectable()
export class TimelineService {
  constructor(@Inject(CommandHandler) private readonly commands: CommandHandler) {}

  async execute(command: EntryCommand, context: CommandContext): Promise<StoredEvent[]> {
    const valid = validate(command);
    const result = await this.commands.handle(entryDecider, entryStreamId(valid.entryId), valid, {
      metadata: metadataOf(context),
      commandId: context.commandId,
    });
    return result.events;
  }

  /**
   * The append a command amounts to, without appending it: for callers that append it atomically
   * with events of their own (a review decision and the entry it creates).
   */
  async prepare(command: EntryCommand, context: CommandContext): Promise<AppendRequest> {
    const valid = validate(command);
    const prepared = await this.commands.prepare(entryDecider, entryStreamId(valid.entryId), valid, {
      metadata: metadataOf(context),
      commandId: context.commandId,
    });
    return prepared.request;
  }
}

function metadataOf(context: CommandContext): { actor: string; actorName?: string } {
  return { actor: context.actor, ...(context.actorName ? { actorName: context.actorName } : {}) };
}

/** Commands are checked here too, not only at the API: the CLI, the seed and other libs call in. */
function validate(command: EntryCommand): EntryCommand {
  const parse = <S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.output<S> =>
    parseInput(
      schema,
      value,
      ({ field, message }) => new TimelineError('INVALID_ENTRY', `${field}: ${message}`, { field }),
      prefix,
    );
  switch (command.kind) {
    case 'add':
      return {
        ...command,
        fields: parse(entryFieldsSchema, command.fields, ''),
        sources: parse(
          z.array(sourceSchema).min(1, 'an entry cites at least one source'),
          command.sources,
          'sources',
        ),
      };
    case 'amend':
      return {
        ...command,
        changes: parse(entryFieldsSchema.partial().strict(), command.changes, 'changes'),
        reason: parse(reasonSchema, command.reason, 'reason'),
        expectedVersion: parse(
          z.number().int().min(1).optional(),
          command.expectedVersion,
          'expectedVersion',
        ),
      };
    case 'attach-source':
      return { ...command, source: parse(sourceSchema, command.source, 'source') };
    case 'retract':
      return { ...command, reason: parse(reasonSchema, command.reason, 'reason') };
  }
}
