import { CurrentPrincipal, type Principal, Roles } from '@app/auth';
import {
  createSubscriptionSchema,
  DeliveryLogService,
  DeliveryReplayService,
  EmailSubscriptions,
  SubscriptionService,
  type SubscriptionView,
} from '@app/alerts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
  type SchemaObject,
} from '@nestjs/swagger';
import { z } from 'zod';

import { ZodValidationPipe } from '../http/zod-validation.pipe';

const DeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

function documented(schema: z.ZodType): SchemaObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return json as SchemaObject;
}

/**
 * Subscriptions by API key (DESIGN.md section 7): webhooks and email, each with its filters. Any key
 * may subscribe; a key sees and manages its own subscriptions, an admin every one. (The public email
 * form, without a key, is public-subscriptions.controller.ts.)
 */
@ApiTags('subscriptions')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No API key, or an invalid or revoked one' })
@Roles('viewer')
@Controller('api/subscriptions')
export class SubscriptionsController {
  constructor(
    @Inject(SubscriptionService) private readonly subscriptions: SubscriptionService,
    @Inject(DeliveryLogService) private readonly deliveries: DeliveryLogService,
    @Inject(DeliveryReplayService) private readonly replays: DeliveryReplayService,
    @Inject(EmailSubscriptions) private readonly emails: EmailSubscriptions,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      'Subscribe a webhook or an email address; a webhook’s whsec_ signing secret is in this answer only',
  })
  @ApiBody({ schema: documented(createSubscriptionSchema) })
  @ApiBadRequestResponse({ description: 'A field is invalid; `error.details.field` names it' })
  async create(
    @Body(new ZodValidationPipe(createSubscriptionSchema)) body: z.output<typeof createSubscriptionSchema>,
    @CurrentPrincipal() principal: Principal,
  ) {
    // A key holder may type anyone's address: it starts only once that address confirms. An admin's
    // subscriptions (and webhooks, which prove themselves by answering) start at once.
    const confirmed = body.channel !== 'email' || principal.role === 'admin';
    const { subscription, secret } = await this.subscriptions.create(
      { ...body, ownerKeyId: principal.keyId, ownerRole: principal.role, confirmed },
      principal,
    );
    if (!confirmed) await this.emails.requestConfirmation(subscription.id);
    return secret === null ? subscription : { ...subscription, secret };
  }

  @Get()
  @ApiOperation({ summary: 'Your subscriptions (every one, for an admin key), without their secrets' })
  async list(@CurrentPrincipal() principal: Principal): Promise<{ subscriptions: SubscriptionView[] }> {
    const mine = principal.role === 'admin' ? {} : { ownerKeyId: principal.keyId };
    return { subscriptions: await this.subscriptions.list(mine) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One subscription' })
  @ApiNotFoundResponse({ description: 'No such subscription (or it was deleted)' })
  @ApiForbiddenResponse({ description: 'It belongs to another key' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    return this.subscriptions.getFor(id, principal);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a subscription: nothing more is sent to it' })
  @ApiNotFoundResponse({ description: 'No such subscription' })
  @ApiForbiddenResponse({ description: 'It belongs to another key' })
  async remove(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    await this.subscriptions.getFor(id, principal);
    return this.subscriptions.delete(id, principal);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a subscription: what is approved meanwhile is not sent to it' })
  @ApiConflictResponse({ description: 'Only an active subscription can be paused' })
  async pause(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    await this.subscriptions.getFor(id, principal);
    return this.subscriptions.pause(id, principal);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused or disabled subscription' })
  async resume(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    await this.subscriptions.getFor(id, principal);
    return this.subscriptions.resume(id, principal);
  }

  @Post(':id/erase')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Erase the subscriber’s personal data: its key, target, contact, secrets, tokens and mails; the log still verifies',
  })
  @ApiNotFoundResponse({ description: 'No such subscription' })
  @ApiForbiddenResponse({ description: 'It belongs to another key' })
  async erase(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    await this.subscriptions.findFor(id, principal);
    return this.subscriptions.erase(id, principal);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log, newest first, with every attempt of each delivery' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 500 (default 50)' })
  @ApiQuery({ name: 'offset', required: false, description: 'default 0' })
  async deliveryLog(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query(new ZodValidationPipe(DeliveriesQuery)) query: z.output<typeof DeliveriesQuery>,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.subscriptions.getFor(id, principal);
    return this.deliveries.list(id, query);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery again, with the same webhook-id' })
  @ApiConflictResponse({ description: 'The subscription is not active, or the delivery is being sent' })
  async replay(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('deliveryId', new ParseUUIDPipe()) deliveryId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.subscriptions.getFor(id, principal);
    return this.replays.replay(id, deliveryId);
  }
}
