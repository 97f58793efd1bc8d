/** Every BullMQ queue of the product, in one place. Job ids must not contain ':' (BullMQ 6). */
// The alert dispatcher has no queue: each worker polls the log's head (libs/alerts dispatch-loop).
export const QUEUES = {
  /** One job scheduler per feed; a job polls that feed once. */
  feedPoll: 'feed-poll',
  /** One job per delivery attempt; the row in `deliveries` decides what is sent. */
  alertDelivery: 'alert-delivery',
  /** A job scheduler: queues again the deliveries that stayed pending or sending past their time. */
  alertSweep: 'alert-sweep',
  /** A job scheduler at DIGEST_HOUR_UTC: each daily subscription gets its held alerts in one message. */
  alertDigest: 'alert-digest',
  /** One job per confirmation mail of an email sign-up; the worker mints the link's token. */
  alertConfirmation: 'alert-confirmation',
  /** A job scheduler: checks every polled feed for silence and reports new episodes to admins. */
  feedSilence: 'feed-silence',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** What each queue's jobs carry: ids only; the processor reads the rest from the database. */
export interface JobPayloads {
  [QUEUES.feedPoll]: { feedId: string };
  [QUEUES.alertDelivery]: { deliveryId: string };
  [QUEUES.alertSweep]: Record<string, never>;
  [QUEUES.alertDigest]: Record<string, never>;
  [QUEUES.alertConfirmation]: { subscriptionId: string };
  [QUEUES.feedSilence]: Record<string, never>;
}
