import type { NoticeKind } from '../subscription-events';

/**
 * An operational notice: something the installation tells its admins (a feed gone silent), sent to
 * the subscriptions that opted in to its kind, through the same deliveries as alerts. `id` is
 * stable for the thing it reports (one silence episode), so it is recorded, and sent, once.
 */
export interface OperationalNotice {
  id: string;
  kind: NoticeKind;
  /** The webhook payload's `type`, e.g. `feed.silent`. */
  type: string;
  /** One line: the email subject. */
  subject: string;
  /** Plain text, a few lines: the email body. */
  body: string;
  /** Structured, for webhook receivers. */
  data: Record<string, unknown>;
  /** When what it reports began. */
  occurredAt: string;
}

/** The JSON body of a notice's webhook (Standard Webhooks: `type`, `timestamp`, `data`). */
export function noticeWebhookPayload(notice: OperationalNotice) {
  return {
    type: notice.type,
    timestamp: notice.occurredAt,
    data: { noticeId: notice.id, subject: notice.subject, message: notice.body, ...notice.data },
  };
}
