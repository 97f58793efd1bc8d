import { CurrentPrincipal, type Principal, Roles } from '@app/auth';
import { text } from '@app/event-store';
import {
  candidateQuerySchema,
  closedObject,
  documentedObject,
  manualProposalSchema,
  manualProposalShape,
  manualSourceShape,
  REASON_MAX,
  REASON_MIN,
  ReviewError,
  ReviewQueries,
  ReviewService,
  toCandidateFilter,
} from '@app/review';
import { REJECTION_REASONS, type RejectionReason } from '@app/ingest';
import { entryFieldsSchema } from '@app/timeline';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
  type SchemaObject,
} from '@nestjs/swagger';
import { z } from 'zod';

import { ZodValidationPipe } from '../http/zod-validation.pipe';

const CandidateParams = z.object({
  id: text().regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,189}$/, 'is not a candidate id'),
});
/** Edits are entry fields, checked by the timeline's own schema; any other field is refused. */
const approveShape = entryFieldsSchema.partial().shape;
const ApproveBody = closedObject(approveShape);
const reason = text()
  .trim()
  .min(REASON_MIN, `must say why (${REASON_MIN} characters at least)`)
  .max(REASON_MAX);
const reasonCodes = Object.keys(REJECTION_REASONS) as [RejectionReason, ...RejectionReason[]];
/** A reason code alone will do (its label is the reason), except `other`, which must say why. */
const rejectShape = { reason: reason.optional(), reasonCode: z.enum(reasonCodes).optional() };
const RejectBody = closedObject(rejectShape);
/** Into an entry, or (before either is approved) into another candidate: one of the two. */
const mergeShape = {
  entryId: z.uuid().optional(),
  candidateId: CandidateParams.shape.id.optional(),
};
const MergeBody = closedObject(mergeShape);
const reopenShape = { reason };
const MergeTargetsQuery = z.object({ q: z.string().trim().max(200).optional() });
const ReopenBody = closedObject(reopenShape);

/** The request schemas as OpenAPI shows them, from the same zod schemas that validate them. */
function documented(shape: z.ZodRawShape): SchemaObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(documentedObject(shape), {
    io: 'input',
    unrepresentable: 'any',
  });
  return json as SchemaObject;
}

const LIST_QUERIES = [
  ['status', 'pending (default), borderline (the tray), approved, rejected, merged or all'],
  ['feed', 'feed id; repeat or comma-separate for several'],
  ['country', 'ISO 3166-1 alpha-2 of the proposed countries'],
  ['category', 'proposed category, from the controlled vocabulary'],
  ['minScore', 'lowest relevance score (unscored hand proposals are left out)'],
  ['q', 'words that must all occur (any script, case-insensitive)'],
  ['sort', 'score (default for pending), newest, oldest, or decided (default otherwise)'],
  ['limit', '1 to 200 (default 50)'],
  ['offset', 'default 0'],
] as const;
const ListDocs = () => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  for (const [name, description] of LIST_QUERIES)
    ApiQuery({ name, required: false, description })(target, key, descriptor);
};

/**
 * The review queue (DESIGN.md section 6): candidates from the feeds and reviewers' own proposals,
 * approved into the timeline, rejected with a reason, or merged into an entry. Reviewers and admins.
 */
@ApiTags('review')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No API key or session, or an invalid one' })
@ApiForbiddenResponse({ description: 'The key is neither a reviewer nor an admin key' })
@Roles('reviewer')
@Controller('api/review/candidates')
export class ReviewController {
  constructor(
    @Inject(ReviewService) private readonly review: ReviewService,
    @Inject(ReviewQueries) private readonly queries: ReviewQueries,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The queue: candidates filtered, sorted and paged' })
  @ListDocs()
  list(@Query(new ZodValidationPipe(candidateQuerySchema)) query: z.output<typeof candidateQuerySchema>) {
    return this.queries.list(toCandidateFilter(query), { limit: query.limit, offset: query.offset });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One candidate with its evidence, matched terms, decision and full history' })
  @ApiParam({ name: 'id', description: 'The candidate id' })
  @ApiNotFoundResponse({ description: 'No such candidate' })
  get(@Param(new ZodValidationPipe(CandidateParams)) params: z.output<typeof CandidateParams>) {
    return this.queries.get(params.id);
  }

  @Get(':id/merge-targets')
  @ApiOperation({
    summary:
      'What this candidate could be merged into: entries and undecided candidates in any language, ranked by shared countries, actors, categories, dates and the words in `q`',
  })
  @ApiParam({ name: 'id', description: 'The candidate id' })
  @ApiQuery({ name: 'q', required: false, description: 'words (any script)' })
  async mergeTargets(
    @Param(new ZodValidationPipe(CandidateParams)) params: z.output<typeof CandidateParams>,
    @Query(new ZodValidationPipe(MergeTargetsQuery)) query: z.output<typeof MergeTargetsQuery>,
  ) {
    return { targets: await this.queries.mergeTargets(params.id, query.q || undefined) };
  }

  @Post()
  @ApiOperation({ summary: 'Propose an entry by hand, citing a source; it joins the queue as pending' })
  @ApiBody({ schema: documented({ ...manualProposalShape, source: documentedObject(manualSourceShape) }) })
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
  @ApiParam({ name: 'id', description: 'The candidate id' })
  @ApiBody({ required: false, schema: documented(approveShape) })
  @ApiBadRequestResponse({
    description: 'An edit is invalid or not an entry field; `details.field` names it',
  })
  @ApiNotFoundResponse({ description: 'No such candidate' })
  @ApiConflictResponse({ description: 'CANDIDATE_DECIDED: decided already; says by whom and when' })
  approve(
    @Param(new ZodValidationPipe(CandidateParams)) params: z.output<typeof CandidateParams>,
    @Body(new ZodValidationPipe(ApproveBody)) body: z.output<typeof ApproveBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.review.approve(params.id, body, principal);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Reject, saying why (a reason, a reason code from the vocabulary, or both); it stays rejected until reopened',
  })
  @ApiParam({ name: 'id', description: 'The candidate id' })
  @ApiBody({ schema: documented(rejectShape) })
  @ApiBadRequestResponse({ description: 'No reason, or one outside 3 to 2000 characters' })
  @ApiNotFoundResponse({ description: 'No such candidate' })
  @ApiConflictResponse({ description: 'CANDIDATE_DECIDED: decided already; says by whom and when' })
  reject(
    @Param(new ZodValidationPipe(CandidateParams)) params: z.output<typeof CandidateParams>,
    @Body(new ZodValidationPipe(RejectBody)) body: z.output<typeof RejectBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const fromCode = body.reasonCode && body.reasonCode !== 'other' ? REJECTION_REASONS[body.reasonCode] : '';
    return this.review.reject(params.id, body.reason ?? fromCode, principal, body.reasonCode);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Merge into an existing entry (`entryId`: its sources are attached) or into another undecided candidate (`candidateId`: they become its corroborations)',
  })
  @ApiParam({ name: 'id', description: 'The candidate id' })
  @ApiBody({ schema: documented(mergeShape) })
  @ApiBadRequestResponse({ description: 'Neither or both of entryId and candidateId' })
  @ApiNotFoundResponse({ description: 'No such candidate, or no such entry' })
  @ApiConflictResponse({ description: 'CANDIDATE_DECIDED (either candidate), or the entry was retracted' })
  merge(
    @Param(new ZodValidationPipe(CandidateParams)) params: z.output<typeof CandidateParams>,
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
      ? this.review.merge(params.id, body.entryId, principal)
      : this.review.mergeIntoCandidate(params.id, body.candidateId!, principal);
  }

  @Post(':id/promote')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Promote a borderline item from the tray into the queue (it is pending from then on)',
  })
  @ApiParam({ name: 'id', description: 'The candidate id' })
  @ApiNotFoundResponse({ description: 'No such candidate' })
  @ApiConflictResponse({ description: 'NOT_BORDERLINE, or CANDIDATE_DECIDED' })
  promote(
    @Param(new ZodValidationPipe(CandidateParams)) params: z.output<typeof CandidateParams>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.review.promote(params.id, principal);
  }

  @Post(':id/undo')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Undo the approval or rejection within UNDO_WINDOW: pending again; an approval’s entry is retracted (`undo: true`) and nothing is sent for it',
  })
  @ApiParam({ name: 'id', description: 'The candidate id' })
  @ApiNotFoundResponse({ description: 'No such candidate' })
  @ApiConflictResponse({ description: 'NOTHING_TO_UNDO (undecided, or merged), or UNDO_WINDOW_PASSED' })
  undo(
    @Param(new ZodValidationPipe(CandidateParams)) params: z.output<typeof CandidateParams>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.review.undo(params.id, principal);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a rejected or merged candidate with a reason; it is pending again' })
  @ApiParam({ name: 'id', description: 'The candidate id' })
  @ApiBody({ schema: documented(reopenShape) })
  @ApiBadRequestResponse({ description: 'No reason, or one outside 3 to 2000 characters' })
  @ApiNotFoundResponse({ description: 'No such candidate' })
  @ApiConflictResponse({ description: 'NOT_REOPENABLE: undecided or approved' })
  reopen(
    @Param(new ZodValidationPipe(CandidateParams)) params: z.output<typeof CandidateParams>,
    @Body(new ZodValidationPipe(ReopenBody)) body: z.output<typeof ReopenBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.review.reopen(params.id, body.reason, principal);
  }
}
