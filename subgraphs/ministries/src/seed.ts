import type { DataSource } from 'typeorm';
import { foldForSearch, syncReferenceRows, withTransaction } from '@accords/db';
import type { Logger } from '@accords/logger';
import { CentralBodyEntity } from './db/entities';
import centralBodies from './data/central-bodies.json';

/** Loads the central bodies from the versioned data file; re-running changes nothing. */
export async function seed(db: DataSource, options: { logger?: Logger }): Promise<void> {
  const rows = centralBodies.bodies.map((b) =>
    Object.assign(new CentralBodyEntity(), {
      id: b.id,
      kind: b.kind,
      nameVi: b.nameVi,
      nameEn: b.nameEn,
      abbreviation: b.abbreviation ?? null,
      searchText: foldForSearch(`${b.id} ${b.abbreviation ?? ''} ${b.nameVi} ${b.nameEn}`),
      validFrom: b.validFrom ?? null,
      validTo: ('validTo' in b ? b.validTo : null) ?? null,
      successorId: ('successorId' in b ? b.successorId : null) ?? null,
    }),
  );
  const result = await withTransaction(db, (m) =>
    syncReferenceRows(m, CentralBodyEntity, rows, 'id', ['kind', 'nameVi', 'nameEn', 'abbreviation', 'searchText', 'validFrom', 'validTo', 'successorId']),
  );
  options.logger?.info({ ...result, dataVersion: centralBodies.version }, 'Central bodies loaded');
}
