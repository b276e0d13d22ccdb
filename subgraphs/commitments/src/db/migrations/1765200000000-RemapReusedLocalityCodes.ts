import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seven provinces abolished on 2025-07-01 had their code reused by the province they were merged into (Resolution
 * 202/2025/QH15 art. 1; codes before: Decision 124/2004/QD-TTg, after: Decision 19/2025/QD-TTg). The localities
 * subgraph gives each of them its own identity; this fixed mapping moves the commitments that were led by one of them
 * (and their LOCALITY party rows) to that identity. The commitments subgraph never reads the localities tables, so the
 * mapping is data here, not a lookup.
 */
export const REUSED_LOCALITY_CODES: ReadonlyArray<{ code: string; identity: string; name: string; successor: string }> = [
  { code: '15', identity: '15-YB', name: 'Yên Bái', successor: 'Lào Cai' },
  { code: '24', identity: '24-BG', name: 'Bắc Giang', successor: 'Bắc Ninh' },
  { code: '44', identity: '44-QB', name: 'Quảng Bình', successor: 'Quảng Trị' },
  { code: '52', identity: '52-BD', name: 'Bình Định', successor: 'Gia Lai' },
  { code: '80', identity: '80-LA', name: 'Long An', successor: 'Tây Ninh' },
  { code: '82', identity: '82-TG', name: 'Tiền Giang', successor: 'Đồng Tháp' },
  { code: '91', identity: '91-KG', name: 'Kiên Giang', successor: 'An Giang' },
];

/**
 * A stored `LOCALITY:15` was chosen, in the earlier data, as "Tỉnh Lào Cai" (the id was the post-merger unit's code),
 * so it keeps meaning Lào Cai unless the record itself says otherwise. A commitment moves to the absorbed province
 * only when it was signed before 2025-07-01 (or is unsigned) and its own words name that province: the lead's name
 * recorded at signing, or, with none recorded, a title that names the absorbed province and not its successor. Without
 * that evidence the reference is left alone (nothing is guessed). Data only; re-running changes nothing.
 */
const MATCHES = `c.lead_agency_type = 'LOCALITY' AND c.lead_agency_id = ?
  AND (c.signed_on IS NULL OR c.signed_on < '2025-07-01')
  AND (c.lead_agency_name_at_signing LIKE ?
       OR (c.lead_agency_name_at_signing IS NULL AND c.title_vi LIKE ? AND c.title_vi NOT LIKE ?))`;

export class RemapReusedLocalityCodes1765200000000 implements MigrationInterface {
  name = 'RemapReusedLocalityCodes1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const m of REUSED_LOCALITY_CODES) {
      const params = [m.code, `%${m.name}%`, `%${m.name}%`, `%${m.successor}%`];
      // Party rows first, while the commitments still carry the old reference that selects them.
      await queryRunner.query(
        `UPDATE commitment_party SET agency = ? WHERE agency = ? AND commitment_id IN (SELECT c.id FROM commitment c WHERE ${MATCHES})`,
        [`LOCALITY:${m.identity}`, `LOCALITY:${m.code}`, ...params],
      );
      await queryRunner.query(`UPDATE commitment SET lead_agency_id = ? WHERE id IN (SELECT id FROM (SELECT c.id FROM commitment c WHERE ${MATCHES}) moved)`, [m.identity, ...params]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const m of REUSED_LOCALITY_CODES) {
      await queryRunner.query(`UPDATE commitment_party SET agency = ? WHERE agency = ?`, [`LOCALITY:${m.code}`, `LOCALITY:${m.identity}`]);
      await queryRunner.query(`UPDATE commitment SET lead_agency_id = ? WHERE lead_agency_type = 'LOCALITY' AND lead_agency_id = ?`, [m.code, m.identity]);
    }
  }
}
