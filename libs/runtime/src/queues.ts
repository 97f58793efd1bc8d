/** Every BullMQ queue of the product, in one place. Job ids must not contain ':' (BullMQ 6). */
export const QUEUES = {
  /** One job scheduler per feed; a job polls that feed once. */
  feedPoll: 'feed-poll',
  /** Wakes the alert dispatcher, which turns new log events into delivery rows. */
  alertDispatch: 'alert-dispatch',
  /** One job per delivery attempt; the row in `deliveries` decides what is sent. */
  alertDelivery: 'alert-delivery',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** What each queue's jobs carry: ids only; the processor reads the rest from the database. */
export interface JobPayloads {
  [QUEUES.feedPoll]: { feedId: string };
  [QUEUES.alertDispatch]: Record<string, never>;
  [QUEUES.alertDelivery]: { deliveryId: string };
}
