import type { Principal } from '@app/auth';
import { Database, raw, sql, type Statement, where } from '@app/database';
import { CommandHandler, IdGenerator, text } from '@app/event-store';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { AlertsError } from './alerts.error';
import { ERASED } from './personal/personal-cipher';
import { PersonalData } from './personal/personal-data';
import { type SubscriptionCommand, subscriptionDecider } from './subscription-decider';
import { subscriptionStreamId } from './subscription-events';
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
  /** The owner key's role: only an admin's subscription may take operational notices. */
  ownerRole?: string | null;
  /** Token hashes the email side stores with the subscription (the webhook secret is made here). */
  secrets?: Pick<SecretsUpdate, 'confirmTokenHash' | 'unsubscribeTokenHash'>;
}

export interface CreatedSubscription {
  subscription: SubscriptionView;
  /** The webhook's `whsec_` signing secret: returned this once, never shown again. Null for email. */
  secret: string | null;
}

/** What an erasure did, and what it could not undo. */
export interface ErasureReport {
  subscriptionId: string;
  erased: true;
  /** Mails of the embedded outbox that named the address, now deleted. */
  outboxMessagesDeleted: number;
  /**
   * Log positions of events written in the clear before personal data was encrypted: their bytes
   * still hold the old target (the log is append-only and hashed); every reader sees a reference.
   */
  plaintextEventPositions: number[];
}

/** Copies of personal data outside the database that an erasure must remove (the mail outbox). */
export interface PersonalDataCopies {
  /** Deletes every copy naming one of these values; returns how many went. */
  forget(values: readonly string[]): Promise<number>;
}

export const PERSONAL_DATA_COPIES = Symbol('PERSONAL_DATA_COPIES');

export interface SubscriptionListQuery {
  ownerKeyId?: string;
  channel?: 'webhook' | 'email';
  /** Deleted subscriptions are left out unless asked for by status. */
  status?: SubscriptionStatus;
}

/**
 * Subscriptions: commands append to their `subscription-<id>` stream (decided by the pure
 * `decide`), reads come from the inline `subscriptions` read model. The email side calls in for
 * public sign-ups, confirmations and unsubscribes; the delivery side to disable failing endpoints.
 */
@Injectable()
export class SubscriptionService {
  constructor(
    @Inject(CommandHandler) private readonly commands: CommandHandler,
    @Inject(Database) private readonly database: Database,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
    @Inject(SubscriptionSecrets) readonly secrets: SubscriptionSecrets,
    @Inject(PersonalData) private readonly personal: PersonalData,
    @Optional() @Inject(PERSONAL_DATA_COPIES) private readonly copies?: PersonalDataCopies,
  ) {}

  async create(input: CreateSubscriptionInput, context: SubscriptionContext): Promise<CreatedSubscription> {
    const { ownerKeyId, ownerRole, confirmed, secrets, ...body } = input;
    const parsed = createSubscriptionSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'body';
      throw new AlertsError('INVALID_SUBSCRIPTION', `${field}: ${issue.message}`, { field });
    }
    const fields = parsed.data;
    if (fields.notices.length > 0 && (ownerRole !== 'admin' || !ownerKeyId)) {
      throw new AlertsError('FORBIDDEN', "Operational notices are for an admin key's subscriptions", {
        field: 'notices',
      });
    }
    const subscriptionId = this.ids.next();
    const secret = fields.channel === 'webhook' ? SubscriptionSecrets.newWebhookSecret() : null;
    // The secret row goes first: a subscription is never visible (nor dispatched to) without its
    // secret. Should the append fail, the orphan row is removed; it is unreachable meanwhile.
    await this.secrets.put(subscriptionId, { webhookSecret: secret, ...secrets });
    try {
      // Sealed under a key of the subscription's own before it goes into the log (crypto-shredding).
      const sealed = await this.personal.seal(subscriptionId, {
        target: fields.target,
        contact: fields.contact,
      });
      await this.execute(
        {
          kind: 'create',
          subscriptionId,
          channel: fields.channel,
          target: sealed.target!,
          filters: fields.filters,
          mode: fields.mode,
          ownerKeyId,
          contact: sealed.contact,
          confirmed,
          notices: fields.notices,
        },
        context,
      );
    } catch (error) {
      await this.secrets.remove(subscriptionId);
      await this.personal.discard(subscriptionId);
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

  /**
   * Erases the subscriber's personal data (DESIGN.md section 8): appends SubscriptionErased, whose
   * projection deletes the key and every operational copy in the same transaction; then the mail
   * outbox's copies, and on SQLite the WAL's older pages. Deleted subscriptions may be erased too;
   * erasing twice changes nothing more.
   */
  async erase(subscriptionId: string, context: SubscriptionContext): Promise<ErasureReport> {
    const before = await this.find(subscriptionId);
    if (!before) throw AlertsError.subscriptionNotFound(subscriptionId);
    await this.execute({ kind: 'erase', subscriptionId }, context);
    const values = [before.target, before.contact].filter((v): v is string => !!v && v !== ERASED);
    const outboxMessagesDeleted = (await this.copies?.forget(values)) ?? 0;
    await this.personal.compact();
    return {
      subscriptionId,
      erased: true,
      outboxMessagesDeleted,
      plaintextEventPositions: await this.personal.legacyPositions(subscriptionId),
    };
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
    const conditions: Statement[] = [
      query.status !== undefined ? sql`status = ${query.status}` : sql`status <> 'deleted'`,
    ];
    if (query.ownerKeyId !== undefined) conditions.push(sql`owner_key_id = ${query.ownerKeyId}`);
    if (query.channel !== undefined) conditions.push(sql`channel = ${query.channel}`);
    const rows = await this.database.query<SubscriptionRow>(
      sql`SELECT ${raw(SUBSCRIPTION_COLUMNS)} FROM subscriptions ${where(conditions)} ORDER BY created_at, id`,
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

  /** As `getFor`, but a deleted subscription too (it may still be erased). */
  async findFor(
    subscriptionId: string,
    principal: Pick<Principal, 'keyId' | 'role'>,
  ): Promise<SubscriptionView> {
    const view = await this.find(subscriptionId);
    if (!view) throw AlertsError.subscriptionNotFound(subscriptionId);
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
   * Through the one command handler: a concurrent change (the worker disabling while the owner
   * pauses) is a version conflict, decided again on the new state.
   */
  private async execute(command: SubscriptionCommand, context: SubscriptionContext): Promise<void> {
    await this.commands.handle(subscriptionDecider, subscriptionStreamId(command.subscriptionId), command, {
      metadata: { actor: context.actor },
    });
  }
}
