import { type AppConfig, APP_CONFIG } from '@app/config';
import {
  type AppendRequest,
  Clock,
  CommandHandler,
  type EventMetadata,
  IdGenerator,
  parseInput,
} from '@app/event-store';
import { type CandidateItem, candidateStreamId, type RejectionReason } from '@app/ingest';
import {
  type EntryCommand,
  type EntryFields,
  entryFieldsSchema,
  type SourceRef,
  TimelineError,
  type TimelineEntry,
  TimelineQueries,
  TimelineService,
} from '@app/timeline';
import { Inject, Injectable } from '@nestjs/common';

import {
  assertUndecided,
  type CandidateCommand,
  candidateDecider,
  type CandidateState,
} from './candidate-decider';
import type { CandidateEvent } from './candidate-events';
import { type CandidateRecord, type CandidateView, hostOf, toCandidateView } from './candidate-view';
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

type State = CandidateState | undefined;

/**
 * The review workflow, on the one command handler: each command is decided against a fresh read of
 * the candidate's stream and appended, together with the timeline events it causes (`alongside`), in
 * one transaction at the version read. So a candidate is decided exactly once, and never without its
 * entry (or the entry without it). A conflict with another decision is refused with who made it.
 */
@Injectable()
export class ReviewService {
  constructor(
    @Inject(CommandHandler) private readonly commands: CommandHandler,
    @Inject(TimelineService) private readonly timeline: TimelineService,
    @Inject(TimelineQueries) private readonly entries: TimelineQueries,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A reviewer's own proposal: a pending candidate whose item is the source they name. */
  async propose(input: unknown, reviewer: Reviewer): Promise<CandidateView> {
    const proposal = parseInput(manualProposalSchema, input, ({ field, message }) =>
      ReviewError.invalid('INVALID_PROPOSAL', field, message),
    );
    const candidateId = this.ids.next();
    const { source, ...proposed } = proposal;
    const result = await this.run(
      candidateId,
      { kind: 'propose', candidateId, item: this.manualItem(candidateId, source), proposed },
      reviewer,
    );
    return toCandidateView(result);
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
    // The timeline normalises what it accepts (country codes upper-cased, lists de-duplicated): the
    // approval records the edits as they go into the entry.
    const changed = parseInput(entryFieldsSchema.partial(), editsOf(edits), ({ field, message }) =>
      ReviewError.invalid('INVALID_DECISION', field, message),
    ) as Partial<EntryFields>;
    const entryId = this.ids.next();
    const command: CandidateCommand = {
      kind: 'approve',
      candidateId,
      entryId,
      edits: changed,
      reviewer: reviewer.name,
      actor: reviewer.actor,
      fourEyes: this.config.review.fourEyes,
    };
    const record = await this.run(candidateId, command, reviewer, async (state) => [
      await this.prepareEntry(
        {
          kind: 'add',
          entryId,
          fields: { ...state!.proposed, ...changed },
          sources: sourcesOf(state!),
          origin: { kind: 'candidate', candidateId },
        },
        reviewer,
      ),
    ]);
    return { candidate: toCandidateView(record), entry: (await this.entries.get(entryId)).entry };
  }

  async reject(
    candidateId: string,
    reason: string,
    reviewer: Reviewer,
    reasonCode?: RejectionReason,
  ): Promise<DecisionResult> {
    const command: CandidateCommand = {
      kind: 'reject',
      candidateId,
      reason,
      reasonCode,
      reviewer: reviewer.name,
    };
    return { candidate: toCandidateView(await this.run(candidateId, command, reviewer)) };
  }

  /**
   * Merges a candidate into an existing entry: its item and corroborations become further sources
   * of that entry (those the entry does not cite already), atomically with the decision.
   */
  async merge(candidateId: string, entryId: string, reviewer: Reviewer): Promise<Required<DecisionResult>> {
    const command: CandidateCommand = { kind: 'merge', candidateId, entryId, reviewer: reviewer.name };
    const record = await this.run(candidateId, command, reviewer, async (state) => {
      const attach = await this.prepareAttachments(entryId, sourcesOf(state!), reviewer);
      return attach ? [attach] : [];
    });
    return { candidate: toCandidateView(record), entry: (await this.entries.get(entryId)).entry };
  }

  /**
   * Merges a candidate into another candidate before either is approved (the same story from
   * another outlet or in another language): its item and corroborations become the target's
   * corroborations, atomically with the decision.
   */
  async mergeIntoCandidate(
    candidateId: string,
    intoCandidateId: string,
    reviewer: Reviewer,
  ): Promise<DecisionResult> {
    const command: CandidateCommand = {
      kind: 'merge-into-candidate',
      candidateId,
      intoCandidateId,
      reviewer: reviewer.name,
    };
    const record = await this.run(candidateId, command, reviewer, async (state) => [
      await this.prepareCorroborations(intoCandidateId, state!, reviewer),
    ]);
    return { candidate: toCandidateView(record) };
  }

  /** Moves a borderline item into the queue; it is pending from then on (and a training example). */
  async promote(candidateId: string, reviewer: Reviewer): Promise<DecisionResult> {
    const command: CandidateCommand = { kind: 'promote', candidateId, reviewer: reviewer.name };
    return { candidate: toCandidateView(await this.run(candidateId, command, reviewer)) };
  }

  /**
   * Undoes the last decision within UNDO_WINDOW of when the log recorded it: the candidate is pending
   * again and, for an approval, the entry it added is retracted (`undo: true`) in the same transaction.
   */
  async undo(candidateId: string, reviewer: Reviewer): Promise<DecisionResult> {
    const command: CandidateCommand = {
      kind: 'undo',
      candidateId,
      reviewer: reviewer.name,
      now: this.clock.now().toISOString(),
      windowMs: this.config.review.undoWindowMs,
    };
    const record = await this.run(candidateId, command, reviewer, async (_state, produced) => {
      const undone = produced[0];
      if (undone?.type !== 'CandidateDecisionUndone' || undone.data.undid !== 'approved') return [];
      const { entryId } = undone.data;
      if (!entryId) return [];
      try {
        return [
          await this.timeline.prepare(
            { kind: 'retract', entryId, reason: `Approval undone by ${reviewer.name}`, undo: true },
            { actor: reviewer.actor },
          ),
        ];
      } catch (error) {
        // Retracted by hand in the meantime: nothing more to withdraw.
        if (error instanceof TimelineError && error.code === 'ENTRY_RETRACTED') return [];
        throw error;
      }
    });
    return { candidate: toCandidateView(record) };
  }

  /** Reopens a rejected or merged candidate, saying why: it is pending again. */
  async reopen(candidateId: string, reason: string, reviewer: Reviewer): Promise<DecisionResult> {
    const command: CandidateCommand = { kind: 'reopen', candidateId, reason, reviewer: reviewer.name };
    return { candidate: toCandidateView(await this.run(candidateId, command, reviewer)) };
  }

  /**
   * One command through the handler. After a version conflict, a decision that another reviewer's
   * decision beat is refused with who made it; anything else (a corroboration arriving, the entry
   * amended) is decided again on the new state.
   */
  private async run(
    candidateId: string,
    command: CandidateCommand,
    reviewer: Reviewer,
    alongside?: (state: State, produced: CandidateEvent[]) => Promise<AppendRequest[]>,
  ): Promise<CandidateRecord> {
    const metadata: EventMetadata = { actor: reviewer.actor };
    const decides = !['propose', 'undo', 'reopen'].includes(command.kind);
    const result = await this.commands.handle(candidateDecider, candidateStreamId(candidateId), command, {
      metadata,
      ...(alongside ? { alongside } : {}),
      onConflict: (state) => {
        if (decides && state?.decision) throw ReviewError.decided(candidateId, state.decision);
      },
    });
    return { ...result.state!, version: result.events.at(-1)!.streamVersion };
  }

  /** The timeline's own validation decides what an entry may hold; its refusal names the field. */
  private async prepareEntry(command: EntryCommand, reviewer: Reviewer): Promise<AppendRequest> {
    try {
      return await this.timeline.prepare(command, { actor: reviewer.actor, actorName: reviewer.name });
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

  /**
   * Merging into another candidate: this candidate's item and corroborations become corroborations
   * of the target, appended at the version read (an undecided target only; never into itself).
   */
  private async prepareCorroborations(
    intoCandidateId: string,
    state: CandidateState,
    reviewer: Reviewer,
  ): Promise<AppendRequest> {
    const streamId = candidateStreamId(intoCandidateId);
    const prepared = await this.commands.prepare(
      { ...candidateDecider, decide: () => [] },
      streamId,
      undefined,
      { metadata: {} },
    );
    assertUndecided(prepared.state, intoCandidateId);
    return {
      streamId,
      expectedVersion: prepared.request.expectedVersion,
      events: [state.item, ...state.corroborations].map((item) => ({
        type: 'CandidateCorroborated',
        data: { candidateId: intoCandidateId, item, similarity: 1 },
        metadata: { actor: reviewer.actor, causationId: candidateStreamId(state.candidateId) },
      })),
    };
  }
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
    // The outlet as the events name it: the feed's (or feed document's) title, else the link's host.
    const publisher = item.feedTitle?.trim() || hostOf(item.link);
    sources.push({
      id: `candidate-${state.candidateId}-${i + 1}`,
      title: clip(item.title.trim() || url || 'Untitled item', SOURCE_TITLE_MAX),
      ...(publisher ? { publisher: clip(publisher, PUBLISHER_MAX) } : {}),
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
