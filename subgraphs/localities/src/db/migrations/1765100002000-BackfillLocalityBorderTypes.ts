import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data only: existing rows get `border_types` from the single `border_type` they had, so a database migrated before
 * the reference data is reloaded answers `borderTypes` as before (a unit without dated versions yet answers its id as
 * its code). Ids do not move: every
 * unit in the earlier data keeps its id (the abolished provinces whose code was reused by their successor were not in
 * it; they arrive with the reference data under their own identities, e.g. 15-YB). The seed then brings the full
 * record (both borders where the law gives both, the dated codes of the continuing units).
 */
export class BackfillLocalityBorderTypes1765100002000 implements MigrationInterface {
  name = 'BackfillLocalityBorderTypes1765100002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('UPDATE locality SET border_types = border_type WHERE border_types IS NULL AND border_type IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('UPDATE locality SET border_types = NULL');
  }
}
