import { createHmac } from 'node:crypto';

import { type AppConfig, APP_CONFIG } from '@app/config';
import { Clock } from '@app/event-store';
import { OutboundError, OutboundHttp } from '@app/outbound';
import { Inject, Injectable } from '@nestjs/common';

import type { ChannelSender, SendOutcome, SendRequest } from '../delivery/channel-sender';
import { parseRetryAfter } from '../delivery/retry-schedule';
import { SubscriptionSecrets } from '../subscription-secrets';
import { noticeWebhookPayload } from '../notices/notice';
import { webhookPayload } from './webhook-payload';

/** A receiver's answer body is read (and thrown away) up to this size. */
const MAX_ANSWER_BYTES = 64 * 1024;

const USER_AGENT = 'ca-security-timeline-webhooks/1';

/**
 * Sends one alert to a webhook, signed per Standard Webhooks: `webhook-id` is the delivery id
 * (stable across retries and replays, so receivers can drop duplicates), `webhook-timestamp` the
 * time of this attempt, `webhook-signature` `v1,<base64 HMAC-SHA256 of id.timestamp.body>` under
 * the subscription's `whsec_` secret. Only a 2xx is success; redirects are not followed (a 3xx is a
 * failure); 410 means the endpoint is gone; 429 and 503 may say when to come back.
 */
@Injectable()
export class WebhookSender implements ChannelSender {
  readonly channel = 'webhook' as const;

  constructor(
    @Inject(OutboundHttp) private readonly http: OutboundHttp,
    @Inject(SubscriptionSecrets) private readonly secrets: SubscriptionSecrets,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async send(request: SendRequest): Promise<SendOutcome> {
    const item = request.items[0];
    if (!request.notice && (!item || request.items.length !== 1)) {
      return { kind: 'failed', detail: 'A webhook delivery carries exactly one alert' };
    }
    const secret = (await this.secrets.get(request.subscription.id))?.webhookSecret;
    if (!secret) return { kind: 'failed', detail: 'The subscription has no signing secret' };
    const body = JSON.stringify(
      request.notice
        ? noticeWebhookPayload(request.notice)
        : webhookPayload(item!, request.links.entry(item!.entry.id)),
    );
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1_000));
    const headers = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': request.deliveryId,
      'webhook-timestamp': timestamp,
      'webhook-signature': signWebhook(secret, request.deliveryId, timestamp, body),
    };
    try {
      const answer = await this.http.request(request.subscription.target, {
        method: 'POST',
        headers,
        body,
        timeoutMs: this.config.alerts.webhookTimeoutMs,
        maxBytes: MAX_ANSWER_BYTES,
        maxRedirects: 0,
      });
      return outcomeOf(answer.status, answer.headers, this.clock.now());
    } catch (error) {
      if (!(error instanceof OutboundError)) throw error;
      // An address the policy refuses, or a URL that cannot work, will never be reachable: gone.
      if (error.code === 'BLOCKED_ADDRESS' || error.code === 'INVALID_URL') {
        return { kind: 'gone', detail: error.message };
      }
      return { kind: 'retry', detail: error.message };
    }
  }
}

/**
 * The Standard Webhooks signature: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under
 * the secret's bytes (the base64 after `whsec_`). Node's native HMAC, where standardwebhooks'
 * sign() hashes in JavaScript (fast-sha256) once per delivery.
 */
export function signWebhook(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** Pure: what an HTTP answer means for the delivery. */
export function outcomeOf(status: number, headers: Record<string, string>, now: Date): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', statusCode: status };
  if (status === 410) {
    return { kind: 'gone', statusCode: status, detail: 'The endpoint answered 410 Gone' };
  }
  if (status >= 300 && status < 400) {
    const where = headers.location ? ` to ${headers.location.slice(0, 300)}` : '';
    return { kind: 'retry', statusCode: status, detail: `HTTP ${status}: redirect${where} not followed` };
  }
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(headers['retry-after'], now);
    return {
      kind: 'retry',
      statusCode: status,
      detail: `HTTP ${status}${retryAfterMs !== undefined ? ` (Retry-After ${Math.round(retryAfterMs / 1_000)}s)` : ''}`,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  return { kind: 'retry', statusCode: status, detail: `HTTP ${status}` };
}
