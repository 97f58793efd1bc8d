import { CurrentPrincipal, type Principal } from '@app/auth';
import { text } from '@app/event-store';
import {
  candidateQuerySchema,
  manualProposalSchema,
  REASON_MAX,
  REASON_MIN,
  ReviewError,
  ReviewQueries,
  ReviewService,
  toCandidateFilter,
} from '@app/review';
import { REJECTION_REASONS, type RejectionReason } from '@app/ingest';
import { entryFieldsSchema } from '@app/timeline';
import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';

import { RoleRequired } from '../http/access.decorator';
import { IdParam, uuidId } from '../http/id-param.decorator';
import { bodyFrom, queryFrom, responseFrom } from '../http/openapi';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import {
  candidateDetailResponse,
  candidatePageResponse,
  candidateResponse,
  decisionResponse,
  mergeTargetsResponse,
} from './candidate-responses.schema';

const candidateId = text().regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,189}$/, 'is not a candidate id');
/** The candidate of the path: `@Candidate() id`. */
const Candidate = () => IdParam('id', candidateId);
/** Edits are entry fields, checked by the timeline's own schema; any other field is refused. */
const ApproveBody = z.strictObject(entryFieldsSchema.partial().shape);
const reason = text()
  .trim()
  .min(REASON_MIN, `must say why (${REASON_MIN} characters at least)`)
  .max(REASON_MAX);
const reasonCodes = Object.keys(REJECTION_REASONS) as [RejectionReason, ...RejectionReason[]];
/** A reason code alone will do (its label is the reason), except `other`, which must say why. */
const RejectBody = z.strictObject({ reason: reason.optional(), reasonCode: z.enum(reasonCodes).optional() });
/** Into an entry, or (before either is approved) into another candidate: one of the two. */
const MergeBody = z.strictObject({ entryId: uuidId.optional(), candidateId: candidateId.optional() });
const MergeTargetsQuery = z.object({ q: z.string().trim().max(200).optional() });
const ReopenBody = z.strictObject({ reason });

const LIST_QUERIES = {
  status: 'pending (default), borderline (the tray), approved, rejected, merged or all',
  feed: 'feed id; repeat or comma-separate for several',
  country: 'ISO 3166-1 alpha-2 of the proposed countries',
  category: 'proposed category, from the controlled vocabulary',
  minScore: 'lowest relevance score (unscored hand proposals are left out)',
  q: 'words that must all occur (any script, case-insensitive)',
  sort: 'score (default for pending), newest, oldest, or decided (default otherwise)',
};

/**
 * The review queue (DESIGN.md section 6): candidates from the feeds and reviewers' own proposals,
 * approved into the timeline, rejected with a reason, or merged into an entry. Reviewers and admins.
 */
@ApiTags('review')
@RoleRequired('reviewer')
@Controller('api/review/candidates')
export class ReviewController {
  constructor(
    @Inject(ReviewService) private readonly review: ReviewService,
    @Inject(ReviewQueries) private readonly queries: ReviewQueries,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The queue: candidates filtered, sorted and paged' })
  @queryFrom(candidateQuerySchema, LIST_QUERIES)
  @responseFrom(candidatePageResponse)
  list(@Query(new ZodValidationPipe(candidateQuerySchema)) query: z.output<typeof candidateQuerySchema>) {
    return this.queries.list(toCandidateFilter(query), { limit: query.limit, offset: query.offset });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One candidate with its evidence, matched terms, decision and full history' })
  @ApiNotFoundResponse({ description: 'No such candidate' })
  @responseFrom(candidateDetailResponse)
  get(@Candidate() id: string) {
    return this.queries.get(id);
  }

  @Get(':id/merge-targets')
  @ApiOperation({
    summary:
      'What this candidate could be merged into: entries and undecided candidates in any language, ranked by shared countries, actors, categories, dates and the words in `q`',
  })
  @queryFrom(MergeTargetsQuery, { q: 'words (any script)' })
  @responseFrom(mergeTargetsResponse)
  async mergeTargets(
    @Candidate() id: string,
    @Query(new ZodValidationPipe(MergeTargetsQuery)) query: z.output<typeof MergeTargetsQuery>,
  ) {
    return { targets: await this.queries.mergeTargets(id, query.q || undefined) };
  }

  @Post()
  @ApiOperation({ summary: 'Propose an entry by hand, citing a source; it joins the queue as pending' })
  @bodyFrom(manualProposalSchema)
  @responseFrom(candidateResponse, { status: 201 })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid; `details.field` names it' })
  propose(
    @Body(new ZodValidationPipe(manualProposalSchema)) body: z.output<typeof manualProposalSchema>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.review.propose(body, principal);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Approve into a new timeline entry, optionally editing fields; answers the candidate and the entry',
  })
  @bodyFrom(ApproveBody, { required: false })
  @ApiBadRequestResponse({
    description: 'An edit is invalid or not an entry field; `details.field` names it',
  })
  @ApiNotFoundResponse({ description: 'No such candidate' })
  @ApiConflictResponse({ description: 'CANDIDATE_DECIDED: decided already; says by whom and when' })
  @responseFrom(decisionResponse)
  approve(
    @Candidate() id: string,
    @Body(new ZodValidationPipe(ApproveBody)) body: z.output<typeof ApproveBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.review.approve(id, body, principal);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Reject, saying why (a reason, a reason code from the vocabulary, or both); it stays rejected until reopened',
  })
  @bodyFrom(RejectBody)
  @ApiBadRequestResponse({ description: 'No reason, or one outside 3 to 2000 characters' })
  @ApiNotFoundResponse({ description: 'No such candidate' })
  @ApiConflictResponse({ description: 'CANDIDATE_DECIDED: decided already; says by whom and when' })
  @responseFrom(decisionResponse)
  reject(
    @Candidate() id: string,
    @Body(new ZodValidationPipe(RejectBody)) body: z.output<typeof RejectBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const fromCode = body.reasonCode && body.reasonCode !== 'other' ? REJECTION_REASONS[body.reasonCode] : '';
    return this.review.reject(id, body.reason ?? fromCode, principal, body.reasonCode);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Merge into an existing entry (`entryId`: its sources are attached) or into another undecided candidate (`candidateId`: they become its corroborations)',
  })
  @bodyFrom(MergeBody)
  @ApiBadRequestResponse({ description: 'Neither or both of entryId and candidateId' })
  @ApiNotFoundResponse({ description: 'No such candidate, or no such entry' })
  @ApiConflictResponse({ description: 'CANDIDATE_DECIDED (either candidate), or the entry was retracted' })
  @responseFrom(decisionResponse)
  merge(
    @Candidate() id: string,
    @Body(new ZodValidationPipe(MergeBody)) body: z.output<typeof MergeBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    if ((body.entryId === undefined) === (body.candidateId === undefined)) {
      throw ReviewError.invalid(
        'INVALID_DECISION',
        'entryId',
        'name either the entry or the candidate to merge into',
      );
    }
    return body.entryId !== undefined
      ? this.review.merge(id, body.entryId, principal)
      : this.review.mergeIntoCandidate(id, body.candidateId!, principal);
  }

  @Post(':id/promote')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Promote a borderline item from the tray into the queue (it is pending from then on)',
  })
  @ApiNotFoundResponse({ description: 'No such candidate' })
  @ApiConflictResponse({ description: 'NOT_BORDERLINE, or CANDIDATE_DECIDED' })
  @responseFrom(decisionResponse)
  promote(@Candidate() id: string, @CurrentPrincipal() principal: Principal) {
    return this.review.promote(id, principal);
  }

  @Post(':id/undo')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Undo the approval or rejection within UNDO_WINDOW: pending again; an approval’s entry is retracted (`undo: true`) and nothing is sent for it',
  })
  @ApiNotFoundResponse({ description: 'No such candidate' })
  @ApiConflictResponse({ description: 'NOTHING_TO_UNDO (undecided, or merged), or UNDO_WINDOW_PASSED' })
  @responseFrom(decisionResponse)
  undo(@Candidate() id: string, @CurrentPrincipal() principal: Principal) {
    return this.review.undo(id, principal);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a rejected or merged candidate with a reason; it is pending again' })
  @bodyFrom(ReopenBody)
  @ApiBadRequestResponse({ description: 'No reason, or one outside 3 to 2000 characters' })
  @ApiNotFoundResponse({ description: 'No such candidate' })
  @ApiConflictResponse({ description: 'NOT_REOPENABLE: undecided or approved' })
  @responseFrom(decisionResponse)
  reopen(
    @Candidate() id: string,
    @Body(new ZodValidationPipe(ReopenBody)) body: z.output<typeof ReopenBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.review.reopen(id, body.reason, principal);
  }
}
