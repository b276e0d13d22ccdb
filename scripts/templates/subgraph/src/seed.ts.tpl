import type { DataSource } from 'typeorm';
import type { Logger } from '@accords/logger';

/**
 * Loads reference data (idempotent: use `syncReferenceRows` from @accords/db with versioned JSON under src/data, each
 * row with its published source) and, when `demo` is set, demo records. A new subgraph starts with none.
 */
export async function seed(_db: DataSource, options: { demo: boolean; logger?: Logger }): Promise<void> {
  options.logger?.info({ demo: options.demo }, '__NAME__: nothing to seed yet');
}
