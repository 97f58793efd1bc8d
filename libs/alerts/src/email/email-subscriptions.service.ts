import { Database } from '@app/database';
import { Inject, Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';

import { AlertsError } from '../alerts.error';
import { SubscriptionService } from '../subscription.service';
import type { SubscriptionFilters, SubscriptionMode } from '../subscription-events';
import { normaliseFilters } from '../subscription-filters';
import { fromSubscriptionRow, SUBSCRIPTION_COLUMNS, type SubscriptionRow } from '../subscription-rows';
import { SubscriptionSecrets } from '../subscription-secrets';
import type { SubscriptionView } from '../subscription-view';
import { ConfirmationQueue } from './confirmation-queue';
import { LINK_TOKEN, UnsubscribeTokens } from './unsubscribe-tokens';

/** At most this many unconfirmed sign-ups per address: the form cannot fill someone's inbox. */
export const MAX_PENDING_PER_ADDRESS = 3;

const PUBLIC = { actor: 'public' };

export interface EmailSignUp {
  email: string;
  filters?: Partial<SubscriptionFilters>;
  mode?: SubscriptionMode;
}

export type ConfirmResult = { kind: 'confirmed'; subscription: SubscriptionView } | { kind: 'invalid' };

export type UnsubscribeResult =
  | { kind: 'unsubscribed'; subscription: SubscriptionView }
  | { kind: 'already'; subscription: SubscriptionView }
  | { kind: 'invalid' };

/**
 * The email side of subscriptions: public sign-ups that start only once the address confirms, the
 * confirmation link, and unsubscribing by a mail's link. Nothing here says whether an address is
 * subscribed: a sign-up has one answer whatever the address's state, and links work only for
 * whoever holds the mail.
 */
@Injectable()
export class EmailSubscriptions {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(SubscriptionService) private readonly subscriptions: SubscriptionService,
    @Inject(SubscriptionSecrets) private readonly secrets: SubscriptionSecrets,
    @Inject(UnsubscribeTokens) private readonly unsubscribeTokens: UnsubscribeTokens,
    @Inject(ConfirmationQueue) private readonly confirmations: ConfirmationQueue,
  ) {}

  /**
   * A sign-up from the public form: an unconfirmed subscription and a confirmation mail. The same
   * sign-up again (same address, filters and mode) makes no second subscription: while it waits, the
   * mail goes again (at most once a minute); once confirmed, nothing happens. Every path queues one
   * job, so they take the same time and give the same answer.
   */
  async signUp(input: EmailSignUp): Promise<void> {
    const target = input.email.trim();
    const filters = normaliseFilters(input.filters);
    const mode = input.mode ?? 'instant';
    // Addresses compare without case: Ana@ and ana@ are one mailbox to every provider that matters,
    // and varying the case must not get round the limit on unconfirmed sign-ups.
    const mine = (
      await this.database.query<SubscriptionRow>(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions
         WHERE channel = 'email' AND lower(target) = lower($1) AND status NOT IN ('deleted', 'disabled')`,
        [target],
      )
    ).map(fromSubscriptionRow);
    const same = mine.find((s) => s.mode === mode && canonicalize(s.filters) === canonicalize(filters));
    if (same) {
      await this.confirmations.request(same.id);
      return;
    }
    if (mine.filter((s) => s.status === 'pending-confirmation').length >= MAX_PENDING_PER_ADDRESS) return;
    const { subscription } = await this.subscriptions.create(
      { channel: 'email', target, filters, mode, ownerKeyId: null, confirmed: false },
      PUBLIC,
    );
    await this.confirmations.request(subscription.id);
  }

  /**
   * Sends the confirmation mail of an email subscription made unconfirmed elsewhere (a key that is
   * not an admin's, through POST /api/subscriptions).
   */
  requestConfirmation(subscriptionId: string): Promise<void> {
    return this.confirmations.request(subscriptionId);
  }

  /**
   * Whose confirmation link this is, for the page the link opens (which confirms only by its
   * button's POST: mail scanners open links); undefined when the link does not work (any more).
   */
  async forConfirmToken(token: string): Promise<SubscriptionView | undefined> {
    const subscriptionId = LINK_TOKEN.test(token) ? await this.secrets.findByConfirmToken(token) : undefined;
    if (subscriptionId === undefined) return undefined;
    const subscription = await this.subscriptions.find(subscriptionId);
    return subscription?.status === 'pending-confirmation' ? subscription : undefined;
  }

  /** The confirmation page's POST: starts the subscription; the token works once. */
  async confirm(token: string): Promise<ConfirmResult> {
    const subscriptionId = LINK_TOKEN.test(token) ? await this.secrets.findByConfirmToken(token) : undefined;
    if (subscriptionId === undefined) return { kind: 'invalid' };
    let subscription: SubscriptionView;
    try {
      subscription = await this.subscriptions.confirm(subscriptionId, PUBLIC);
    } catch (error) {
      if (error instanceof AlertsError && error.code === 'SUBSCRIPTION_NOT_FOUND') return { kind: 'invalid' };
      throw error;
    }
    // Used up only once the confirmation is in the log: a failure above leaves the link working.
    await this.secrets.put(subscriptionId, { confirmTokenHash: null });
    return { kind: 'confirmed', subscription };
  }

  /** Whose link this is, for the page that asks before unsubscribing; undefined for a bad token. */
  async forUnsubscribeToken(token: string): Promise<SubscriptionView | undefined> {
    const subscriptionId = await this.unsubscribeTokens.subscriptionOf(token);
    return subscriptionId === undefined ? undefined : this.subscriptions.find(subscriptionId);
  }

  /** One-click unsubscribe (RFC 8058): deletes the subscription; again, it stays deleted. */
  async unsubscribe(token: string): Promise<UnsubscribeResult> {
    const subscription = await this.forUnsubscribeToken(token);
    if (!subscription) return { kind: 'invalid' };
    if (subscription.status === 'deleted') return { kind: 'already', subscription };
    try {
      return { kind: 'unsubscribed', subscription: await this.subscriptions.delete(subscription.id, PUBLIC) };
    } catch (error) {
      // Deleted by a concurrent click between the read and the delete.
      if (error instanceof AlertsError && error.code === 'SUBSCRIPTION_NOT_FOUND') {
        return { kind: 'already', subscription };
      }
      throw error;
    }
  }
}
