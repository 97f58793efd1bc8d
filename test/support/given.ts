import type { Decider, DomainEvent, EventMetadata } from '@app/event-store';

/** When and by whom a given event was recorded, unless the spec says so. */
const GIVEN_RECORDED = { recordedAt: '2026-01-01T00:00:00.000Z', metadata: { actor: 'system:test' } };

/**
 * given / when / then for a decider: `given(decider, ...history).when(command)` is a thunk that
 * returns the new events or throws the refusal, so a spec reads `expect(given(...).when(c)).toThrow()`.
 */
export function given<Command, State, Event extends DomainEvent>(
  decider: Decider<Command, State, Event>,
  ...history: (Event & { recordedAt?: string; metadata?: EventMetadata })[]
): { state: State; when: (command: Command) => () => Event[] } {
  const state = history.reduce(
    (current, event) => decider.evolve(current, { ...GIVEN_RECORDED, ...event }),
    decider.initialState(),
  );
  return { state, when: (command) => () => decider.decide(command, state) };
}
