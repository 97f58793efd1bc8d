import { AlertsModule, SubscriptionSecrets, SubscriptionService } from '@app/alerts';
import { Projector } from '@app/event-store';

import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';

/** Subscriptions as the log and the read model hold them, on both databases. */
describe.each(DATABASE_KINDS)('subscriptions (%s)', (kind) => {
  let ctx: TestContext;
  let subscriptions: SubscriptionService;
  const who = { actor: 'key:k1' };

  beforeEach(async () => {
    ctx = await createTestContext(kind, { features: [AlertsModule] });
    subscriptions = ctx.app.get(SubscriptionService);
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('keeps the signing secret out of the log, and only its hash of a token', async () => {
    const { subscription, secret } = await subscriptions.create(
      { channel: 'webhook', target: 'https://hooks.example.org/x', ownerKeyId: 'k1', confirmed: true },
      who,
    );
    const token = SubscriptionSecrets.newToken();
    await subscriptions.secrets.put(subscription.id, {
      confirmTokenHash: SubscriptionSecrets.hashToken(token),
    });

    const log = JSON.stringify(await ctx.events.readAll(0, 1_000));
    expect(log).toContain(subscription.id);
    expect(log).not.toContain(secret!);
    expect(await subscriptions.secrets.get(subscription.id)).toEqual({
      subscriptionId: subscription.id,
      webhookSecret: secret,
      confirmTokenHash: SubscriptionSecrets.hashToken(token),
      unsubscribeTokenHash: null,
    });
    const [row] = await ctx.database.query<{ confirm_token_hash: string }>(
      'SELECT confirm_token_hash FROM subscription_secrets',
    );
    expect(row!.confirm_token_hash).not.toContain(token);
    expect(await subscriptions.secrets.findByConfirmToken(token)).toBe(subscription.id);
    expect(await subscriptions.secrets.findByConfirmToken(SubscriptionSecrets.newToken())).toBeUndefined();
  });

  it('rebuilds the read model from the log exactly as it was kept', async () => {
    const make = (target: string, over: { channel?: 'email'; mode?: 'daily'; confirmed?: boolean } = {}) =>
      subscriptions.create(
        {
          channel: over.channel ?? 'webhook',
          target,
          filters: { countries: ['kz', 'TJ'], keywords: ['Хоргос'] },
          mode: over.mode,
          ownerKeyId: 'k1',
          confirmed: over.confirmed ?? true,
        },
        who,
      );
    const a = await make('https://hooks.example.org/a');
    const b = await make('analyst@example.org', { channel: 'email', mode: 'daily', confirmed: false });
    const c = await make('https://hooks.example.org/c');
    const d = await make('https://hooks.example.org/d');
    await subscriptions.pause(a.subscription.id, who);
    await subscriptions.confirm(b.subscription.id, { actor: 'public' });
    await subscriptions.disable(c.subscription.id, 'The endpoint answered 410 Gone', {
      actor: 'system:alerts',
    });
    await subscriptions.delete(d.subscription.id, who);
    const before = await ctx.database.query('SELECT * FROM subscriptions ORDER BY id');
    expect(before.map((r) => r.status)).toEqual(['paused', 'active', 'disabled', 'deleted']);

    await ctx.app.get(Projector).rebuild(['subscriptions']);

    expect(await ctx.database.query('SELECT * FROM subscriptions ORDER BY id')).toEqual(before);
    expect(await subscriptions.list()).toEqual([
      expect.objectContaining({
        id: a.subscription.id,
        filters: { countries: ['KZ', 'TJ'], categories: [], actors: [], keywords: ['Хоргос'] },
      }),
      expect.objectContaining({ id: b.subscription.id, status: 'active', mode: 'daily' }),
      expect.objectContaining({ id: c.subscription.id, disabledReason: 'The endpoint answered 410 Gone' }),
    ]);
  });
});
