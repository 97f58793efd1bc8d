import { Inject, Injectable } from '@nestjs/common';

import type { AppendRequest, AppendResult, EventMetadata, JsonObject, StoredEvent } from './event';
import { EventStore } from './event-store';
import { EventStoreError } from './event-store.error';

/** An event as a decider produces it: a discriminated union member. */
export interface DomainEvent<TType extends string = string, TData extends JsonObject = JsonObject> {
  type: TType;
  data: TData;
}

/** An event as read back from the log: with when it was recorded and who caused it. */
export type RecordedEvent<Event extends DomainEvent> = Event & {
  recordedAt: string;
  metadata: EventMetadata;
};

/**
 * The pure decision logic of one stream type (DESIGN.md section 2): no Nest, TypeORM or BullMQ.
 * `evolve` folds the stream's recorded events into the state `decide` reads.
 */
export interface Decider<Command, State, Event extends DomainEvent> {
  initialState: () => State;
  evolve: (state: State, event: RecordedEvent<Event>) => State;
  decide: (command: Command, state: State) => Event[];
}

export interface CommandOptions<State, Event extends DomainEvent> {
  /** Recorded with every event: who asked, and why. */
  metadata: EventMetadata;
  /** Makes a retried command idempotent: its events get ids `<commandId>-<n>`. */
  commandId?: string;
  /**
   * Further appends decided from the same read and made in the same transaction (the entry an
   * approval adds). Called again on every attempt.
   */
  alongside?: (state: State, produced: Event[]) => Promise<AppendRequest[]> | AppendRequest[];
  /**
   * Told the fresh state after a version conflict, before deciding again: throw to stop (another
   * decision won). Without it the command is simply decided again.
   */
  onConflict?: (state: State) => void;
}

/** A command decided against a stream as read, ready to append (alone or with others). */
export interface PreparedCommand<State, Event extends DomainEvent> {
  streamId: string;
  /** The state before the command. */
  state: State;
  produced: Event[];
  request: AppendRequest;
}

export interface CommandResult<State, Event extends DomainEvent> {
  /** The state after the command. */
  state: State;
  /** The events appended to this stream (none when the command changed nothing). */
  events: StoredEvent<Event['type'], Event['data']>[];
  /** The whole append, with any streams appended alongside. */
  appended: AppendResult | undefined;
}

/** How often a command is decided again after another writer moved its stream on. */
export const COMMAND_ATTEMPTS = 5;

/**
 * Runs every decider the same way (emmett's `handleCommand`): read the stream, fold it with
 * `evolve`, `decide`, append at the version read; on a version conflict read and decide again, up to
 * `COMMAND_ATTEMPTS` times. The one place where stored events become a decider's typed events.
 */
@Injectable()
export class CommandHandler {
  constructor(@Inject(EventStore) private readonly events: EventStore) {}

  async handle<Command, State, Event extends DomainEvent>(
    decider: Decider<Command, State, Event>,
    streamId: string,
    command: Command,
    options: CommandOptions<State, Event>,
  ): Promise<CommandResult<State, Event>> {
    return retryOnConflict(
      async () => {
        const prepared = await this.prepare(decider, streamId, command, options);
        if (prepared.produced.length === 0) return { state: prepared.state, events: [], appended: undefined };
        const extra = options.alongside ? await options.alongside(prepared.state, prepared.produced) : [];
        const appended = await this.events.appendToStreams([prepared.request, ...extra]);
        const events = appended.events.filter((event) => event.streamId === streamId) as StoredEvent<
          Event['type'],
          Event['data']
        >[];
        const state = evolveAll(decider, prepared.state, events);
        return { state, events, appended };
      },
      async () => options.onConflict?.(await this.load(decider, streamId)),
    );
  }

  /** Decides a command against the stream as it is now, without appending. */
  async prepare<Command, State, Event extends DomainEvent>(
    decider: Decider<Command, State, Event>,
    streamId: string,
    command: Command,
    options: Pick<CommandOptions<State, Event>, 'metadata' | 'commandId'>,
  ): Promise<PreparedCommand<State, Event>> {
    const history = await this.events.readStream(streamId);
    const state = fold(decider, history);
    const produced = decider.decide(command, state);
    const { commandId } = options;
    return {
      streamId,
      state,
      produced,
      request: {
        streamId,
        expectedVersion: history.length,
        events: produced.map((event, i) => ({
          ...(commandId ? { eventId: `${commandId}-${i}` } : {}),
          type: event.type,
          data: event.data,
          metadata: { ...options.metadata, ...(commandId ? { commandId } : {}) },
        })),
      },
    };
  }

  /** The stream's current state. */
  async load<Command, State, Event extends DomainEvent>(
    decider: Decider<Command, State, Event>,
    streamId: string,
  ): Promise<State> {
    return fold(decider, await this.events.readStream(streamId));
  }
}

function fold<State, Event extends DomainEvent>(
  decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>,
  history: readonly StoredEvent[],
): State {
  return evolveAll(decider, decider.initialState(), history);
}

function evolveAll<State, Event extends DomainEvent>(
  decider: Pick<Decider<unknown, State, Event>, 'evolve'>,
  state: State,
  events: readonly StoredEvent[],
): State {
  // A stream holds only its own type's events, upcast to their current schema on read: this is
  // the one place where a stored event is taken as its decider's typed event.
  return events.reduce(
    (current, event) => decider.evolve(current, event as unknown as RecordedEvent<Event>),
    state,
  );
}

/**
 * The one retry policy on version conflicts: run `attempt`; when another writer got in first
 * (`STREAM_VERSION_CONFLICT`), call `beforeRetry` (which may throw to stop) and try again, up to
 * `COMMAND_ATTEMPTS` times in all.
 */
export async function retryOnConflict<T>(
  attempt: () => Promise<T>,
  beforeRetry: () => Promise<void> | void = () => undefined,
): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof EventStoreError) || error.code !== 'STREAM_VERSION_CONFLICT') throw error;
      await beforeRetry();
      if (tries >= COMMAND_ATTEMPTS) throw error;
    }
  }
}
