import { Webhook } from 'standardwebhooks';

import { SubscriptionSecrets } from '../subscription-secrets';
import { signWebhook } from './webhook-sender';

describe('the webhook signature', () => {
  it('is what the Standard Webhooks reference library signs and verifies', () => {
    const secret = SubscriptionSecrets.newWebhookSecret();
    const at = new Date('2026-03-04T08:00:00.000Z');
    const timestamp = String(Math.floor(at.getTime() / 1_000));
    const body = JSON.stringify({ type: 'entry.added', data: { title: 'Совместный патруль 联合巡逻' } });

    const signature = signWebhook(secret, 'msg_1', timestamp, body);

    expect(signature).toBe(new Webhook(secret).sign('msg_1', at, body));
    expect(() =>
      new Webhook(secret).verify(body, {
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(Math.floor(Date.now() / 1_000)),
        'webhook-signature': signWebhook(secret, 'msg_1', String(Math.floor(Date.now() / 1_000)), body),
      }),
    ).not.toThrow();
  });
});
