import { outcomeOf } from './webhook-sender';

const now = new Date('2026-01-01T00:00:00.000Z');

describe('what a webhook answer means', () => {
  it('given any 2xx, the delivery is done', () => {
    expect(outcomeOf(200, {}, now)).toEqual({ kind: 'delivered', statusCode: 200 });
    expect(outcomeOf(204, {}, now)).toEqual({ kind: 'delivered', statusCode: 204 });
  });

  it('given 410, the endpoint is gone', () => {
    expect(outcomeOf(410, {}, now)).toMatchObject({ kind: 'gone', statusCode: 410 });
  });

  it('given a redirect, it is not followed: a failure to retry, saying where it pointed', () => {
    expect(outcomeOf(301, { location: 'https://elsewhere.example/hook' }, now)).toMatchObject({
      kind: 'retry',
      statusCode: 301,
      detail: expect.stringContaining('https://elsewhere.example/hook') as string,
    });
  });

  it('given 429 or 503 with Retry-After, retries no sooner', () => {
    expect(outcomeOf(429, { 'retry-after': '7' }, now)).toMatchObject({ kind: 'retry', retryAfterMs: 7_000 });
    expect(outcomeOf(503, {}, now)).toEqual({ kind: 'retry', statusCode: 503, detail: 'HTTP 503' });
  });

  it('given any other status, retries', () => {
    expect(outcomeOf(500, {}, now)).toMatchObject({ kind: 'retry', statusCode: 500 });
    expect(outcomeOf(404, {}, now)).toMatchObject({ kind: 'retry', statusCode: 404 });
  });
});
