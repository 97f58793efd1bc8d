import { type AppConfig, APP_CONFIG, ConfigError } from '@app/config';
import { Database } from '@app/database';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';

import {
  emptyCounts,
  MODEL_LABELS,
  type ModelFile,
  type ModelLabel,
  readModelFile,
  RelevanceModel,
  RelevanceModelFileError,
  SHIPPED_MODEL_FILE,
} from './relevance-model';

/**
 * The model that scores, for the worker and `feeds try`: the starting point (RELEVANCE_MODEL_FILE,
 * read at start: a missing or corrupt file stops the process with its name) plus what the
 * relevance-model projection has counted of reviewer decisions. Reloaded only when the decision
 * count moved, so a poll costs one small query; building it from 10,000 decisions' counts takes
 * milliseconds, off the append path.
 */
@Injectable()
export class RelevanceModelService implements OnModuleInit {
  private base!: ModelFile;
  private cached: { decisions: number; model: RelevanceModel } | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Database) private readonly database: Database,
  ) {}

  onModuleInit(): void {
    const setting = this.config.ingest.relevanceModelFile;
    const path = setting === 'builtin' ? SHIPPED_MODEL_FILE : setting;
    try {
      this.base = readModelFile(path);
    } catch (error) {
      if (error instanceof RelevanceModelFileError) {
        throw new ConfigError([`RELEVANCE_MODEL_FILE: ${error.message}`]);
      }
      throw error;
    }
  }

  async current(): Promise<RelevanceModel> {
    const [state] = await this.database.query<{ decisions: number | string }>(
      'SELECT decisions FROM relevance_model_state WHERE id = 1',
    );
    const decisions = state ? Number(state.decisions) : 0;
    if (this.cached?.decisions === decisions) return this.cached.model;
    const rows =
      decisions === 0
        ? []
        : await this.database.query<{ label: string; feature: string; count: number | string }>(
            'SELECT label, feature, count FROM relevance_model_counts WHERE count <> 0',
          );
    const counts = emptyCounts();
    for (const row of rows) {
      if (!(MODEL_LABELS as readonly string[]).includes(row.label)) continue;
      const label = row.label as ModelLabel;
      if (row.feature === '#docs') counts.docs[label] = Number(row.count);
      else (counts.features[row.feature] ??= {})[label] = Number(row.count);
    }
    const model = new RelevanceModel(this.base, counts, decisions);
    this.cached = { decisions, model };
    return model;
  }
}
