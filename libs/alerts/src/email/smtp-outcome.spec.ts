import { smtpOutcome } from './smtp-outcome';

/** nodemailer's errors as it hands them back: a code, and the server's reply when there was one. */
const smtpError = (fields: { code?: string; responseCode?: number; response?: string; message?: string }) =>
  Object.assign(new Error(fields.message ?? 'failed'), fields);

describe('smtpOutcome: how an SMTP failure ends a delivery', () => {
  it('retries a 4xx reply (transient), keeping the reply as the detail', () => {
    expect(
      smtpOutcome(
        smtpError({ code: 'EENVELOPE', responseCode: 451, response: '451 4.7.1 Greylisted, try later' }),
      ),
    ).toEqual({
      kind: 'retry',
      statusCode: 451,
      detail: 'SMTP: 451 4.7.1 Greylisted, try later (EENVELOPE)',
    });
    expect(
      smtpOutcome(smtpError({ code: 'EMESSAGE', responseCode: 421, response: '421 Too busy' })).kind,
    ).toBe('retry');
  });

  it('fails a 5xx reply for good', () => {
    expect(
      smtpOutcome(smtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user' })),
    ).toEqual({ kind: 'failed', statusCode: 550, detail: 'SMTP: 550 5.1.1 No such user (EENVELOPE)' });
    expect(smtpOutcome(smtpError({ code: 'EMESSAGE', responseCode: 554, response: '554 Spam' })).kind).toBe(
      'failed',
    );
  });

  it('retries 503 (bad sequence of commands: that session, not the message)', () => {
    expect(
      smtpOutcome(smtpError({ code: 'EPROTOCOL', responseCode: 503, response: '503 Bad sequence' })).kind,
    ).toBe('retry');
  });

  it('retries a connection refused, reset or timed out, which never got an answer', () => {
    for (const code of ['ESOCKET', 'ECONNECTION', 'ETIMEDOUT', 'EDNS']) {
      expect(smtpOutcome(smtpError({ code, message: `connect ${code} 127.0.0.1:25` }))).toMatchObject({
        kind: 'retry',
        detail: expect.stringContaining(code) as string,
      });
    }
  });

  it('fails what sending again would not fix (bad credentials, something that is not an SMTP error)', () => {
    expect(
      smtpOutcome(smtpError({ code: 'EAUTH', responseCode: 535, response: '535 Authentication failed' }))
        .kind,
    ).toBe('failed');
    expect(smtpOutcome(smtpError({ code: 'ECONFIG', message: 'Invalid configuration' })).kind).toBe('failed');
    expect(smtpOutcome('a string')).toEqual({ kind: 'failed', detail: 'SMTP: a string' });
  });
});
