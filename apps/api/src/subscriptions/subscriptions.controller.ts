import { CurrentPrincipal, type Principal } from '@app/auth';
import { paging } from '@app/event-store';
import {
  createSubscriptionSchema,
  DeliveryLogService,
  DeliveryReplayService,
  EmailSubscriptions,
  SubscriptionService,
  type SubscriptionView,
} from '@app/alerts';
import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';

import { RoleRequired } from '../http/access.decorator';
import { IdParam } from '../http/id-param.decorator';
import { bodyFrom, queryFrom, responseFrom } from '../http/openapi';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import {
  createdSubscriptionResponse,
  deliveryPageResponse,
  deliveryResponse,
  erasureResponse,
  subscriptionListResponse,
  subscriptionResponse,
} from './subscription-responses.schema';

const DeliveriesQuery = z.object(paging(500));

/**
 * Subscriptions by API key (DESIGN.md section 7): webhooks and email, each with its filters. Any key
 * may subscribe; a key sees and manages its own subscriptions, an admin every one. (The public email
 * form, without a key, is public-subscriptions.controller.ts.)
 */
@ApiTags('subscriptions')
@RoleRequired('viewer')
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
  @bodyFrom(createSubscriptionSchema)
  @responseFrom(createdSubscriptionResponse, { status: 201 })
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
  @responseFrom(subscriptionListResponse)
  async list(@CurrentPrincipal() principal: Principal): Promise<{ subscriptions: SubscriptionView[] }> {
    const mine = principal.role === 'admin' ? {} : { ownerKeyId: principal.keyId };
    return { subscriptions: await this.subscriptions.list(mine) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One subscription' })
  @responseFrom(subscriptionResponse)
  @ApiNotFoundResponse({ description: 'No such subscription (or it was deleted)' })
  @ApiForbiddenResponse({ description: 'It belongs to another key' })
  get(@IdParam() id: string, @CurrentPrincipal() principal: Principal) {
    return this.subscriptions.getFor(id, principal);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a subscription: nothing more is sent to it' })
  @responseFrom(subscriptionResponse)
  @ApiNotFoundResponse({ description: 'No such subscription' })
  @ApiForbiddenResponse({ description: 'It belongs to another key' })
  async remove(@IdParam() id: string, @CurrentPrincipal() principal: Principal) {
    await this.subscriptions.getFor(id, principal);
    return this.subscriptions.delete(id, principal);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a subscription: what is approved meanwhile is not sent to it' })
  @responseFrom(subscriptionResponse)
  @ApiConflictResponse({ description: 'Only an active subscription can be paused' })
  async pause(@IdParam() id: string, @CurrentPrincipal() principal: Principal) {
    await this.subscriptions.getFor(id, principal);
    return this.subscriptions.pause(id, principal);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused or disabled subscription' })
  @responseFrom(subscriptionResponse)
  async resume(@IdParam() id: string, @CurrentPrincipal() principal: Principal) {
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
  @responseFrom(erasureResponse)
  async erase(@IdParam() id: string, @CurrentPrincipal() principal: Principal) {
    await this.subscriptions.findFor(id, principal);
    return this.subscriptions.erase(id, principal);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log, newest first, with every attempt of each delivery' })
  @queryFrom(DeliveriesQuery)
  @responseFrom(deliveryPageResponse)
  async deliveryLog(
    @IdParam() id: string,
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
  @responseFrom(deliveryResponse, { status: 202, description: 'Queued to be sent again' })
  async replay(
    @IdParam() id: string,
    @IdParam('deliveryId') deliveryId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.subscriptions.getFor(id, principal);
    return this.replays.replay(id, deliveryId);
  }
}
