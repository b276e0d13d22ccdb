import type { DataSource } from 'typeorm';
import { foldForSearch, syncReferenceRows, withTransaction } from '@accords/db';
import type { Logger } from '@accords/logger';
import { LocalityEntity } from './db/entities';
import localities from './data/localities.json';

/** Loads the administrative units from the versioned data file; re-running changes nothing. */
export async function seed(db: DataSource, options: { logger?: Logger }): Promise<void> {
  const rows = localities.localities.map((l) =>
    Object.assign(new LocalityEntity(), {
      id: l.id,
      level: l.level,
      nameVi: l.nameVi,
      nameEn: l.nameEn,
      provinceId: l.provinceId ?? null,
      isBorder: l.isBorder,
      borderType: l.borderType ?? null,
      borderLegalBasis: l.borderLegalBasis ?? null,
      searchText: foldForSearch(`${l.id} ${l.nameVi} ${l.nameEn}`),
      validFrom: l.validFrom ?? null,
      validTo: l.validTo ?? null,
      mergedIntoId: l.mergedIntoId ?? null,
    }),
  );
  const result = await withTransaction(db, (m) =>
    syncReferenceRows(m, LocalityEntity, rows, 'id', [
      'level',
      'nameVi',
      'nameEn',
      'provinceId',
      'isBorder',
      'borderType',
      'borderLegalBasis',
      'searchText',
      'validFrom',
      'validTo',
      'mergedIntoId',
    ]),
  );
  options.logger?.info({ ...result, dataVersion: localities.version }, 'Localities loaded');
}
