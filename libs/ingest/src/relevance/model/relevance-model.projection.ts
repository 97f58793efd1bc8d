import { insertRows, sql, type Transaction } from '@app/database';
import { InlineProjection, type Projection, type StoredEvent } from '@app/event-store';
import { Injectable } from '@nestjs/common';

import type { CandidateItem } from '../../candidate-events';
import { lexiconEvidence } from '../relevance-scorer';
import { relevanceFeatures } from './relevance-features';
import { labelOfRejection, type ModelLabel } from './relevance-model';

/** Decisions that teach the model an item is relevant. */
const POSITIVE = new Set(['CandidateApproved', 'CandidateMerged', 'CandidatePromoted']);
/** Decisions that take a candidate's lesson back (the review library's undo and reopen). */
const WITHDRAWN = new Set(['CandidateDecisionUndone', 'CandidateReopened']);

/**
 * The relevance model as a projection of reviewer decisions (DESIGN.md section 5). A proposed
 * candidate's evidence features are kept; each decision gives the candidate a class (approved,
 * merged and promoted: relevant; rejected: its reason's class; a duplicate teaches nothing) and
 * moves its features' counts from its previous class, if any, to the new one, in one statement.
 * The counts add to the shipped starting point (RelevanceModelService); `decisions` counts the
 * changes and names the model version, so a rebuild reproduces the same model and version.
 *
 * Features are computed from the item's text by the lexicon of this code, so after a lexicon
 * change `rebuild relevance-model` recounts every decision with it.
 */
@Injectable()
@InlineProjection()
export class RelevanceModelProjection implements Projection {
  readonly name = 'relevance-model';
  readonly tables = ['relevance_model_counts', 'relevance_model_candidates', 'relevance_model_state'];
  readonly eventTypes = ['CandidateProposed', 'CandidateRejected', ...POSITIVE, ...WITHDRAWN];

  async apply(event: StoredEvent, tx: Transaction): Promise<void> {
    const candidateId = String(event.data.candidateId);
    if (event.type === 'CandidateProposed') {
      const item = event.data.item as CandidateItem;
      const features = relevanceFeatures(
        lexiconEvidence({ title: item.title, excerpt: item.excerpt ?? '' }),
        item.title,
      );
      await tx.execute(
        `INSERT INTO relevance_model_candidates (candidate_id, features, label) VALUES ($1, $2, NULL)
         ON CONFLICT (candidate_id) DO NOTHING`,
        [candidateId, JSON.stringify(features)],
      );
      return;
    }
    const label: ModelLabel | null = POSITIVE.has(event.type)
      ? 'relevant'
      : event.type === 'CandidateRejected'
        ? labelOfRejection(event.data.reasonCode as string | undefined)
        : null;
    await this.relabel(tx, candidateId, label);
  }

  private async relabel(tx: Transaction, candidateId: string, label: ModelLabel | null): Promise<void> {
    const [row] = await tx.query<{ features: string; label: string | null }>(
      'SELECT features, label FROM relevance_model_candidates WHERE candidate_id = $1',
      [candidateId],
    );
    if (!row || row.label === label) return;
    const features = ['#docs', ...(JSON.parse(row.features) as string[])];
    const deltas: [string, string, number][] = [];
    if (row.label !== null) for (const f of features) deltas.push([row.label, f, -1]);
    if (label !== null) for (const f of features) deltas.push([label, f, 1]);
    await insertRows(
      tx,
      'relevance_model_counts',
      'label, feature, count',
      deltas,
      sql`ON CONFLICT (label, feature) DO UPDATE SET count = relevance_model_counts.count + excluded.count`,
    );
    await tx.execute('UPDATE relevance_model_candidates SET label = $1 WHERE candidate_id = $2', [
      label,
      candidateId,
    ]);
    await tx.execute(
      `INSERT INTO relevance_model_state (id, decisions) VALUES (1, 1)
       ON CONFLICT (id) DO UPDATE SET decisions = relevance_model_state.decisions + 1`,
    );
  }
}
