import { type AppendRequest, EventStore, type StoredEvent } from '@app/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';

import { decide, type EntryCommand, type EntryState, evolve } from './entry-decider';
import { type EntryEvent, entryStreamId } from './entry-events';
import { entryFieldsSchema, sourceSchema } from './entry-fields';
import { TimelineError } from './timeline.error';

/** Who asks for a change, for the log's metadata: every change records who made it and why. */
export interface CommandContext {
  actor: string;
  /** Makes a retried command idempotent: the events get ids derived from it. */
  commandId?: string;
}

const reasonSchema = z.string().trim().min(3, 'must say why (3 characters at least)').max(2000);

/** Carries out timeline commands: load the entry's stream, decide, append at the version read. */
@Injectable()
export class TimelineService {
  constructor(@Inject(EventStore) private readonly events: EventStore) {}

  async execute(command: EntryCommand, context: CommandContext): Promise<StoredEvent[]> {
    const request = await this.prepare(command, context);
    return (await this.events.appendToStreams([request])).events;
  }

  /**
   * The append a command amounts to, without appending it: for callers that append it atomically
   * with events of their own (a review decision and the entry it creates).
   */
  async prepare(command: EntryCommand, context: CommandContext): Promise<AppendRequest> {
    const valid = validate(command);
    const streamId = entryStreamId(valid.entryId);
    const history = await this.events.readStream(streamId);
    const state = history.reduce<EntryState | undefined>(
      (current, event) => evolve(current, event as unknown as EntryEvent),
      undefined,
    );
    const produced = decide(valid, state);
    return {
      streamId,
      expectedVersion: history.length,
      events: produced.map((event, i) => ({
        eventId: context.commandId ? `${context.commandId}-${i}` : undefined,
        type: event.type,
        data: event.data,
        metadata: { actor: context.actor, ...(context.commandId ? { commandId: context.commandId } : {}) },
      })),
    };
  }
}

/** Commands are checked here too, not only at the API: the CLI, the seed and other libs call in. */
function validate(command: EntryCommand): EntryCommand {
  const fail = (error: z.ZodError, prefix: string): never => {
    const issue = error.issues[0]!;
    const field = [prefix, ...issue.path].filter(Boolean).join('.');
    throw new TimelineError('INVALID_ENTRY', `${field}: ${issue.message}`, { field });
  };
  const parse = <S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.output<S> => {
    const result = schema.safeParse(value);
    return result.success ? result.data : fail(result.error, prefix);
  };
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
      };
    case 'attach-source':
      return { ...command, source: parse(sourceSchema, command.source, 'source') };
    case 'retract':
      return { ...command, reason: parse(reasonSchema, command.reason, 'reason') };
  }
}
