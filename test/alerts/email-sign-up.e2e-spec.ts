import { EmailModule, EmailSubscriptions } from '@app/alerts';

import { testConfig } from '../support';
import { openProduct, type Product } from './alerts-fixture';

/**
 * The public sign-up's limits, on a real database and Redis (the confirmation mails are queued,
 * not sent: no worker here). The public route itself is driven in email-alerts.e2e-spec.ts.
 */
describe('email sign-ups', () => {
  let product: Product;
  let email: EmailSubscriptions;

  beforeAll(async () => {
    const { config } = testConfig('sqlite', { SMTP_URL: 'smtp://127.0.0.1:1' });
    product = await openProduct(config, { redis: true, features: [EmailModule] });
    email = product.app.get(EmailSubscriptions);
  });
  afterAll(async () => {
    await product?.close();
  });

  const of = async (address: string) =>
    (await product.subscriptions.list({ channel: 'email' })).filter(
      (s) => s.target.toLowerCase() === address.toLowerCase(),
    );

  it('makes one subscription per address, filters and mode, whatever the case of the address', async () => {
    await email.signUp({ email: 'Ana@Example.org', filters: { countries: ['kz'] } });
    await email.signUp({ email: ' ana@example.org ', filters: { countries: ['KZ'] } });
    await email.signUp({ email: 'ana@example.org', filters: { countries: ['KZ'] }, mode: 'daily' });
    const made = await of('ana@example.org');
    expect(made.map((s) => [s.target, s.filters.countries, s.mode, s.status])).toEqual([
      ['Ana@Example.org', ['KZ'], 'instant', 'pending-confirmation'],
      ['ana@example.org', ['KZ'], 'daily', 'pending-confirmation'],
    ]);
  });

  it('keeps at most three unconfirmed sign-ups per address, so the form cannot fill an inbox', async () => {
    for (const country of ['KZ', 'KG', 'TJ', 'UZ', 'TM']) {
      await email.signUp({
        email: country === 'KG' ? 'BEK@example.org' : 'bek@example.org',
        filters: { countries: [country] },
      });
    }
    expect((await of('bek@example.org')).map((s) => s.filters.countries[0])).toEqual(['KZ', 'KG', 'TJ']);
  });

  it('answers nothing to a token that is not one of ours', async () => {
    await expect(email.confirm('not-a-token')).resolves.toEqual({ kind: 'invalid' });
    await expect(email.confirm('A'.repeat(43))).resolves.toEqual({ kind: 'invalid' });
    await expect(email.unsubscribe('A'.repeat(43))).resolves.toEqual({ kind: 'invalid' });
  });
});
