import type { Principal } from '@app/auth';
import { Database } from '@app/database';
import { EventStore, EventStoreError, IdGenerator, text } from '@app/event-store';
import { Inject, Injectable } from '@nestjs/common';

import { AlertsError } from './alerts.error';
import { decide, evolve, type SubscriptionCommand, type SubscriptionState } from './subscription-decider';
import { type SubscriptionEvent, subscriptionStreamId } from './subscription-events';
import { createSubscriptionSchema, type CreateSubscriptionBody } from './subscription-input';
import { fromSubscriptionRow, SUBSCRIPTION_COLUMNS, type SubscriptionRow } from './subscription-rows';
import { type SecretsUpdate, SubscriptionSecrets } from './subscription-secrets';
import type { SubscriptionStatus, SubscriptionView } from './subscription-view';

/** Who asks, for the log's metadata: `key:<id>`, `cli`, `public`, `system:alerts`. */
export interface SubscriptionContext {
  actor: string;
}

export interface CreateSubscriptionInput extends CreateSubscriptionBody {
  /** The API key that owns it; null for the public email form and the CLI (then admins manage it). */
  ownerKeyId: string | null;
  /** False for public email sign-ups until the address is confirmed. */
  confirmed: boolean;
  /** Token hashes the email side stores with the subscription (the webhook secret is made here). */
  secrets?: Pick<SecretsUpdate, 'confirmTokenHash' | 'unsubscribeTokenHash'>;
}

export interface CreatedSubscription {
  subscription: SubscriptionView;
  /** The webhook's `whsec_` signing secret: returned this once, never shown again. Null for email. */
  secret: string | null;
}

export interface SubscriptionListQuery {
  ownerKeyId?: string;
  channel?: 'webhook' | 'email';
  /** Deleted subscriptions are left out unless asked for by status. */
  status?: SubscriptionStatus;
}

const ATTEMPTS_ON_CONFLICT = 3;

/**
 * Subscriptions: commands append to their `subscription-<id>` stream (decided by the pure
 * `decide`), reads come from the inline `subscriptions` read model. The email side calls in for
 * public sign-ups, confirmations and unsubscribes; the delivery side to disable failing endpoints.
 */
@Injectable()
export class SubscriptionService {
  constructor(
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(Database) private readonly database: Database,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
    @Inject(SubscriptionSecrets) readonly secrets: SubscriptionSecrets,
  ) {}

  async create(input: CreateSubscriptionInput, context: SubscriptionContext): Promise<CreatedSubscription> {
    const { ownerKeyId, confirmed, secrets, ...body } = input;
    const parsed = createSubscriptionSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'body';
      throw new AlertsError('INVALID_SUBSCRIPTION', `${field}: ${issue.message}`, { field });
    }
    const fields = parsed.data;
    const subscriptionId = this.ids.next();
    const secret = fields.channel === 'webhook' ? SubscriptionSecrets.newWebhookSecret() : null;
    // The secret row goes first: a subscription is never visible (nor dispatched to) without its
    // secret. Should the append fail, the orphan row is removed; it is unreachable meanwhile.
    await this.secrets.put(subscriptionId, { webhookSecret: secret, ...secrets });
    try {
      await this.execute(
        {
          kind: 'create',
          subscriptionId,
          channel: fields.channel,
          target: fields.target,
          filters: fields.filters,
          mode: fields.mode,
          ownerKeyId,
          contact: fields.contact,
          confirmed,
        },
        context,
      );
    } catch (error) {
      await this.secrets.remove(subscriptionId);
      throw error;
    }
    return { subscription: await this.get(subscriptionId), secret };
  }

  confirm(subscriptionId: string, context: SubscriptionContext): Promise<SubscriptionView> {
    return this.run({ kind: 'confirm', subscriptionId }, context);
  }

  pause(subscriptionId: string, context: SubscriptionContext): Promise<SubscriptionView> {
    return this.run({ kind: 'pause', subscriptionId }, context);
  }

  resume(subscriptionId: string, context: SubscriptionContext): Promise<SubscriptionView> {
    return this.run({ kind: 'resume', subscriptionId }, context);
  }

  disable(subscriptionId: string, reason: string, context: SubscriptionContext): Promise<SubscriptionView> {
    const why = text().trim().min(1).max(2000).safeParse(reason);
    if (!why.success)
      throw new AlertsError('INVALID_SUBSCRIPTION', 'reason: must say why', { field: 'reason' });
    return this.run({ kind: 'disable', subscriptionId, reason: why.data }, context);
  }

  /** Deletes for good: nothing is sent any more, and the API answers 404 from now on. */
  delete(subscriptionId: string, context: SubscriptionContext): Promise<SubscriptionView> {
    return this.run({ kind: 'delete', subscriptionId }, context);
  }

  /** The subscription, unless unknown or deleted (AlertsError SUBSCRIPTION_NOT_FOUND). */
  async get(subscriptionId: string): Promise<SubscriptionView> {
    const view = await this.find(subscriptionId);
    if (!view || view.status === 'deleted') throw AlertsError.subscriptionNotFound(subscriptionId);
    return view;
  }

  /** The subscription in whatever state, deleted included; undefined when unknown. */
  async find(subscriptionId: string): Promise<SubscriptionView | undefined> {
    const [row] = await this.database.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = $1`,
      [subscriptionId],
    );
    return row && fromSubscriptionRow(row);
  }

  /** Subscriptions, oldest first; deleted ones only when asked for by status. */
  async list(query: SubscriptionListQuery = {}): Promise<SubscriptionView[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.status !== undefined) {
      params.push(query.status);
      where.push(`status = $${params.length}`);
    } else {
      where.push("status <> 'deleted'");
    }
    if (query.ownerKeyId !== undefined) {
      params.push(query.ownerKeyId);
      where.push(`owner_key_id = $${params.length}`);
    }
    if (query.channel !== undefined) {
      params.push(query.channel);
      where.push(`channel = $${params.length}`);
    }
    const rows = await this.database.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE ${where.join(' AND ')} ORDER BY created_at, id`,
      params,
    );
    return rows.map(fromSubscriptionRow);
  }

  /**
   * The subscription, if this key may manage it: its owner or an admin. Unknown: 404; someone
   * else's: 403.
   */
  async getFor(
    subscriptionId: string,
    principal: Pick<Principal, 'keyId' | 'role'>,
  ): Promise<SubscriptionView> {
    const view = await this.get(subscriptionId);
    if (principal.role !== 'admin' && view.ownerKeyId !== principal.keyId) {
      throw new AlertsError('FORBIDDEN', `Subscription ${subscriptionId} belongs to another key`, {
        subscriptionId,
      });
    }
    return view;
  }

  private async run(command: SubscriptionCommand, context: SubscriptionContext): Promise<SubscriptionView> {
    await this.execute(command, context);
    const view = await this.find(command.subscriptionId);
    if (!view) throw AlertsError.subscriptionNotFound(command.subscriptionId);
    return view;
  }

  /**
   * Load, decide, append at the version read. A concurrent change (the worker disabling while the
   * owner pauses) is a version conflict: decide again on the new state, a few times.
   */
  private async execute(command: SubscriptionCommand, context: SubscriptionContext): Promise<void> {
    const streamId = subscriptionStreamId(command.subscriptionId);
    for (let attempt = 1; ; attempt += 1) {
      const history = await this.events.readStream(streamId);
      const state = history.reduce<SubscriptionState | undefined>(
        (current, event) => evolve(current, event as unknown as SubscriptionEvent),
        undefined,
      );
      const produced = decide(command, state);
      if (produced.length === 0) return;
      try {
        await this.events.append(
          streamId,
          history.length,
          produced.map((event) => ({
            type: event.type,
            data: event.data,
            metadata: { actor: context.actor },
          })),
        );
        return;
      } catch (error) {
        const conflict = error instanceof EventStoreError && error.code === 'STREAM_VERSION_CONFLICT';
        if (!conflict || attempt >= ATTEMPTS_ON_CONFLICT) throw error;
      }
    }
  }
}
