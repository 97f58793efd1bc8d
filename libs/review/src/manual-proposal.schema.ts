import { text, visibleText } from '@app/event-store';
import { entryFieldsSchema } from '@app/timeline';
import { z } from 'zod';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The source a reviewer names for their own proposal: it becomes the candidate's item. */
export const manualSourceShape = {
  title: visibleText().trim().min(1).max(500),
  url: text()
    .trim()
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'must be http(s)')
    .optional(),
  publisher: text().trim().min(1).max(200).optional(),
  publishedAt: text()
    .regex(DAY, 'must be YYYY-MM-DD')
    .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a real date')
    .optional(),
  note: text().trim().max(1000).optional(),
};

/**
 * A reviewer's own proposal (`POST /api/review/candidates`): the entry fields, checked by the
 * timeline's own schema so that what is proposed can be approved as it stands, and its source.
 */
export const manualProposalShape = { ...entryFieldsSchema.shape, source: z.strictObject(manualSourceShape) };
export const manualProposalSchema = z.strictObject(manualProposalShape);
export type ManualProposal = z.output<typeof manualProposalSchema>;

/** The fields an approval may change; values are checked by the timeline when the entry is built. */
export const EDITABLE_FIELDS = [
  'title',
  'summary',
  'date',
  'countries',
  'actors',
  'categories',
  'places',
] as const;
export type ApprovalEditsInput = Partial<Record<(typeof EDITABLE_FIELDS)[number], unknown>>;
