import type { DataSource } from 'typeorm';
import { foldForSearch, syncReferenceRows, withTransaction } from '@accords/db';
import type { Logger } from '@accords/logger';
import { encodeGroupings, PartnerEntity } from './db/entities';
import partnersData from './data/partners.json';

/** One entry of the versioned data file. */
interface PartnerRecord {
  id: string;
  kind: string;
  nameVi: string;
  nameEn: string;
  isoAlpha3: string | null;
  parentId: string | null;
  framework: string | null;
  frameworkSince: string | null;
  groupings: string[];
}

/** Loads the partners from the versioned data file; re-running changes nothing. */
export async function seed(db: DataSource, options: { logger?: Logger }): Promise<void> {
  const records: PartnerRecord[] = partnersData.partners;
  const rows = records.map((p) =>
    Object.assign(new PartnerEntity(), {
      id: p.id,
      kind: p.kind,
      nameVi: p.nameVi,
      nameEn: p.nameEn,
      isoAlpha3: p.isoAlpha3 ?? null,
      parentId: p.parentId ?? null,
      framework: p.framework ?? null,
      frameworkSince: p.frameworkSince ?? null,
      groupings: encodeGroupings(p.groupings),
      searchText: foldForSearch(`${p.id} ${p.isoAlpha3 ?? ''} ${p.nameVi} ${p.nameEn}`),
    }),
  );
  const result = await withTransaction(db, (m) =>
    syncReferenceRows(m, PartnerEntity, rows, 'id', ['kind', 'nameVi', 'nameEn', 'isoAlpha3', 'parentId', 'framework', 'frameworkSince', 'groupings', 'searchText']),
  );
  options.logger?.info({ ...result, dataVersion: partnersData.version }, 'Partners loaded');
}
