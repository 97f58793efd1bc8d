/** Every BullMQ queue of the product, in one place. Job ids must not contain ':' (BullMQ 6). */
export const QUEUES = {} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
