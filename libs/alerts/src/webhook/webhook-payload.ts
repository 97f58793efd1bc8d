import type { AlertItem } from '../delivery/channel-sender';

export type WebhookEventType = 'entry.added' | 'entry.amended' | 'entry.retracted';

/** The JSON body of a webhook (Standard Webhooks: `type`, `timestamp`, `data`). */
export interface WebhookPayload {
  type: WebhookEventType;
  /** When the change was recorded in the log. */
  timestamp: string;
  data: {
    entry: {
      id: string;
      title: string;
      summary: string;
      date: AlertItem['entry']['date'];
      countries: string[];
      actors: string[];
      categories: string[];
      sources: AlertItem['entry']['sources'];
      status: AlertItem['entry']['status'];
      url: string;
    };
    changes?: Record<string, unknown>;
    reason?: string;
  };
}

/** Pure: the body a subscriber receives for one alert item. */
export function webhookPayload(item: AlertItem, entryUrl: string): WebhookPayload {
  const { entry } = item;
  return {
    type: `entry.${item.kind}`,
    timestamp: item.recordedAt,
    data: {
      entry: {
        id: entry.id,
        title: entry.title,
        summary: entry.summary,
        date: entry.date,
        countries: entry.countries,
        actors: entry.actors,
        categories: entry.categories,
        sources: entry.sources,
        status: entry.status,
        url: entryUrl,
      },
      ...(item.changes !== undefined ? { changes: item.changes } : {}),
      ...(item.reason !== undefined ? { reason: item.reason } : {}),
    },
  };
}
