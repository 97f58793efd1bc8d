import {
  type AppendRequest,
  Clock,
  EventStore,
  EventStoreError,
  IdGenerator,
  type StoredEvent,
} from '@app/event-store';
import { type CandidateItem, candidateStreamId } from '@app/ingest';
import {
  type EntryCommand,
  type EntryFields,
  type SourceRef,
  TimelineError,
  type TimelineEntry,
  TimelineQueries,
  TimelineService,
} from '@app/timeline';
import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';

import { assertUndecided, type CandidateCommand, type CandidateState, decide } from './candidate-decider';
import type { CandidateEvent } from './candidate-events';
import {
  applyToCandidate,
  type CandidateRecord,
  type CandidateView,
  toCandidateView,
} from './candidate-view';
import {
  type ApprovalEditsInput,
  EDITABLE_FIELDS,
  type ManualProposal,
  manualProposalSchema,
} from './manual-proposal.schema';
import { ReviewError } from './review.error';

/** Who decides: the event's actor (`key:<id>`) and the key's display name, kept with the decision. */
export interface Reviewer {
  actor: string;
  name: string;
}

export interface DecisionResult {
  candidate: CandidateView;
  entry?: TimelineEntry;
}

/**
 * A decision is tried again when something else was appended between our read and our append
 * (a corroboration arriving, the entry amended) — but never when another decision won.
 */
const MAX_ATTEMPTS = 5;

interface Loaded {
  record: CandidateRecord | undefined;
  stream: StoredEvent[];
}

/**
 * The review workflow. Each decision loads the candidate's stream, decides, and appends the decision
 * together with the timeline events it causes in one `appendToStreams` call at the version it read:
 * so a candidate is decided exactly once, and never without its entry (or the entry without it).
 */
@Injectable()
export class ReviewService {
  constructor(
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(TimelineService) private readonly timeline: TimelineService,
    @Inject(TimelineQueries) private readonly entries: TimelineQueries,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** A reviewer's own proposal: a pending candidate whose item is the source they name. */
  async propose(input: unknown, reviewer: Reviewer): Promise<CandidateView> {
    const proposal = parse(manualProposalSchema, input, 'INVALID_PROPOSAL');
    const candidateId = this.ids.next();
    const { source, ...proposed } = proposal;
    const command: CandidateCommand = {
      kind: 'propose',
      candidateId,
      item: this.manualItem(candidateId, source),
      proposed,
    };
    const appended = await this.append(candidateId, 0, decide(command, undefined), reviewer);
    return toCandidateView(fold(undefined, appended)!);
  }

  /**
   * Approves a candidate into a new timeline entry: the proposed fields with the reviewer's edits,
   * the candidate's item and every corroboration as sources. An invalid edit writes nothing.
   */
  async approve(
    candidateId: string,
    edits: ApprovalEditsInput,
    reviewer: Reviewer,
  ): Promise<Required<DecisionResult>> {
    const changed = editsOf(edits);
    const { record, entryId } = await this.deciding(candidateId, async ({ record, stream }) => {
      assertUndecided(record, candidateId);
      const entryId = this.ids.next();
      const entry = await this.prepareEntry(
        {
          kind: 'add',
          entryId,
          fields: { ...record.proposed, ...changed } as EntryFields,
          sources: sourcesOf(record),
          origin: { kind: 'candidate', candidateId },
        },
        reviewer,
      );
      // The timeline normalises what it accepts (country codes upper-cased, lists de-duplicated):
      // the approval records the edits as they went into the entry.
      const added = entry.events[0]!.data as unknown as EntryFields;
      const normalised = Object.fromEntries(
        Object.keys(changed).map((key) => [key, added[key as keyof EntryFields]]),
      );
      const decision = decide(
        { kind: 'approve', candidateId, entryId, edits: normalised, reviewer: reviewer.name },
        record,
      );
      const appended = await this.append(candidateId, stream.length, decision, reviewer, [entry]);
      return { record: fold(record, appended)!, entryId };
    });
    return { candidate: toCandidateView(record), entry: (await this.entries.get(entryId)).entry };
  }

  async reject(candidateId: string, reason: string, reviewer: Reviewer): Promise<DecisionResult> {
    const record = await this.deciding(candidateId, async ({ record, stream }) => {
      const decision = decide({ kind: 'reject', candidateId, reason, reviewer: reviewer.name }, record);
      return fold(record, await this.append(candidateId, stream.length, decision, reviewer))!;
    });
    return { candidate: toCandidateView(record) };
  }

  /**
   * Merges a candidate into an existing entry: its item and corroborations become further sources
   * of that entry (those the entry does not cite already), atomically with the decision.
   */
  async merge(candidateId: string, entryId: string, reviewer: Reviewer): Promise<Required<DecisionResult>> {
    const record = await this.deciding(candidateId, async ({ record, stream }) => {
      assertUndecided(record, candidateId);
      const decision = decide({ kind: 'merge', candidateId, entryId, reviewer: reviewer.name }, record);
      const attach = await this.prepareAttachments(entryId, sourcesOf(record), reviewer);
      const appended = await this.append(
        candidateId,
        stream.length,
        decision,
        reviewer,
        attach ? [attach] : [],
      );
      return fold(record, appended)!;
    });
    return { candidate: toCandidateView(record), entry: (await this.entries.get(entryId)).entry };
  }

  private async load(candidateId: string): Promise<Loaded> {
    const stream = await this.events.readStream(candidateStreamId(candidateId));
    return { record: stream.reduce<CandidateRecord | undefined>(applyToCandidate, undefined), stream };
  }

  /**
   * Runs one decision against a fresh read of the candidate. A version conflict means another
   * append got in first: when that was a decision, it won and this one is refused with who made it;
   * otherwise (a corroboration, a change to the entry) the decision is made again on the new state.
   */
  private async deciding<T>(candidateId: string, attempt: (loaded: Loaded) => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries += 1) {
      try {
        return await attempt(await this.load(candidateId));
      } catch (error) {
        if (!(error instanceof EventStoreError) || error.code !== 'STREAM_VERSION_CONFLICT') throw error;
        const { record } = await this.load(candidateId);
        if (record?.decision) throw ReviewError.decided(candidateId, record.decision);
        if (tries >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async append(
    candidateId: string,
    expectedVersion: number,
    decided: CandidateEvent[],
    reviewer: Reviewer,
    alongside: AppendRequest[] = [],
  ): Promise<StoredEvent[]> {
    const streamId = candidateStreamId(candidateId);
    const result = await this.events.appendToStreams([
      {
        streamId,
        expectedVersion,
        events: decided.map((event) => ({
          type: event.type,
          data: event.data,
          metadata: { actor: reviewer.actor },
        })),
      },
      ...alongside,
    ]);
    return result.events.filter((event) => event.streamId === streamId);
  }

  /** The timeline's own validation decides what an entry may hold; its refusal names the field. */
  private async prepareEntry(command: EntryCommand, reviewer: Reviewer): Promise<AppendRequest> {
    try {
      return await this.timeline.prepare(command, { actor: reviewer.actor });
    } catch (error) {
      if (error instanceof TimelineError && error.code === 'INVALID_ENTRY') {
        throw new ReviewError('INVALID_DECISION', error.message, error.details);
      }
      throw error;
    }
  }

  /**
   * One append to the entry's stream with a SourceAttached per new source, or undefined when the
   * entry cites them all already (the merge is then recorded on the candidate alone). An unknown
   * or retracted entry is refused by the timeline.
   */
  private async prepareAttachments(
    entryId: string,
    sources: SourceRef[],
    reviewer: Reviewer,
  ): Promise<AppendRequest | undefined> {
    const prepared: AppendRequest[] = [];
    for (const source of sources) {
      try {
        prepared.push(await this.prepareEntry({ kind: 'attach-source', entryId, source }, reviewer));
      } catch (error) {
        if (error instanceof TimelineError && error.code === 'NO_CHANGE') continue;
        throw error;
      }
    }
    if (prepared.length === 0) return undefined;
    // Each was decided against the entry as read; the lowest version read guards them all.
    const expectedVersion = Math.min(...prepared.map((p) => p.expectedVersion as number));
    return { streamId: prepared[0]!.streamId, expectedVersion, events: prepared.flatMap((p) => p.events) };
  }

  private manualItem(candidateId: string, source: ManualProposal['source']): CandidateItem {
    const now = this.clock.now().toISOString();
    return {
      feedId: null,
      feedTitle: source.publisher ?? null,
      guid: `manual:${candidateId}`,
      guidIsFallback: true,
      link: source.url ?? null,
      title: source.title,
      excerpt: source.note ?? '',
      publishedAt: source.publishedAt ? `${source.publishedAt}T00:00:00.000Z` : now,
      publishedAtEstimated: source.publishedAt === undefined,
      language: null,
      fetchedAt: now,
    };
  }
}

function fold(record: CandidateRecord | undefined, events: StoredEvent[]): CandidateRecord | undefined {
  return events.reduce<CandidateRecord | undefined>(applyToCandidate, record);
}

/** The edits a reviewer sent, refusing fields an approval cannot change. */
function editsOf(edits: ApprovalEditsInput): Partial<Record<keyof EntryFields, unknown>> {
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(edits ?? {})) {
    if (!(EDITABLE_FIELDS as readonly string[]).includes(key)) {
      throw ReviewError.invalid('INVALID_DECISION', key, `is not a field an approval can change`);
    }
    if (value !== undefined) changed[key] = value;
  }
  return changed;
}

const SOURCE_TITLE_MAX = 500;
const PUBLISHER_MAX = 200;
const NOTE_MAX = 1000;

/**
 * The candidate's evidence as entry sources: its item first, then each corroboration. Ids derive
 * from the candidate, so they are unique within any entry the sources join. Over-long titles are
 * clipped to what an entry source holds rather than block the approval on text the reviewer cannot edit.
 */
export function sourcesOf(state: CandidateState): SourceRef[] {
  const seen = new Set<string>();
  const sources: SourceRef[] = [];
  [state.item, ...state.corroborations].forEach((item, i) => {
    const url = item.link && isHttpUrl(item.link) ? item.link : undefined;
    if (url !== undefined && seen.has(url)) return;
    if (url !== undefined) seen.add(url);
    const publishedAt = item.publishedAt.slice(0, 10);
    sources.push({
      id: `candidate-${state.candidateId}-${i + 1}`,
      title: clip(item.title.trim() || url || 'Untitled item', SOURCE_TITLE_MAX),
      ...(item.feedTitle?.trim() ? { publisher: clip(item.feedTitle.trim(), PUBLISHER_MAX) } : {}),
      ...(url !== undefined ? { url } : {}),
      ...(/^\d{4}-\d{2}-\d{2}$/.test(publishedAt) ? { publishedAt } : {}),
      origin:
        item.feedId !== null
          ? { kind: 'feed', feedId: item.feedId, itemGuid: item.guid, candidateId: state.candidateId }
          : { kind: 'manual', ...(item.excerpt ? { note: clip(item.excerpt, NOTE_MAX) } : {}) },
    });
  });
  return sources;
}

function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value) && URL.canParse(value);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code: 'INVALID_DECISION' | 'INVALID_PROPOSAL',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  throw ReviewError.invalid(code, field, issue.message);
}
