import type { MigrationInterface, QueryRunner } from 'typeorm';
import { KPI_TABLES, KPI_VERSION_SHARDS, KpiDataVersion1767300000000, kpiVersionTriggers as firstTriggers } from './1767300000000-KpiDataVersion';

export { KPI_TABLES };

/**
 * A version per lead agency beside the data version (kpis/cache.ts): the triggers that bump `kpi_data_version` on
 * every write to a table the KPI statements read now also bump the version of the lead whose figures the row
 * belongs to, so a figure computed by lead needs recomputing only for the leads a write touched (a few hundred
 * commitments instead of 100,000; issue #12's cold targets).
 *
 * `kpi_lead_version (lead_key, shard, v)`: `lead_key` is `TYPE:id#x` as `KpiSql.leadKey()` writes it, a lead and the
 * last character of a commitment's id (a sixteenth of the lead's commitments: a write recomputes that part only); its
 * version is the sum of its shards. As for the data version, a trigger writes the shard of its connection (`CONNECTION_ID() % 16`), so
 * concurrent transactions never wait on one row. Which lead a row belongs to:
 * - `commitment`: its own lead (on an update, the old and the new one: a commitment handed to another lead changes
 *   both leads' figures);
 * - every other table with a `commitment_id`: that commitment's lead (on an update, the old and the new commitment's);
 * - a row of such a table about no commitment (feedback from a citizen about no agreement): the key `-`, under which
 *   the statements by lead keep those rows (the national feedback figures, the attention list);
 * - a public holiday: `*`, which stands for every lead (a holiday moves deadlines everywhere): every figure by lead is
 *   recomputed whole after it;
 * - a review decision: no key (only the data version): no statement by lead reads them (K21's decisions, by assignee,
 *   are one small statement run whole after any write).
 *
 * The triggers replace those of KpiDataVersion1767300000000 (same tables and events, new names, so the cache's
 * start-up check fails closed on a database that still has the old ones only). Re-runnable.
 */

export const KPI_LEAD_ALL = '*';
/** The key of rows about no commitment. */
export const KPI_NO_LEAD = '-';
const EVENTS = ['INSERT', 'UPDATE', 'DELETE'] as const;
type Event = (typeof EVENTS)[number];

/** Tables whose rows belong to every lead, or to none that a statement by lead reads. */
const EVERY_LEAD = new Set<string>(['public_holiday']);
const NO_LEAD_READ = new Set<string>(['review_decision']);
/** The one KPI table whose rows may be about no commitment (citizens' feedback). */
const MAY_HAVE_NO_COMMITMENT = new Set<string>(['feedback']);

/** The trigger names, for the cache's start-up check and tests. */
export const kpiVersionTriggers = (): string[] => KPI_TABLES.flatMap((t) => EVENTS.map((e) => `kpi_lead_version_${t}_${e.toLowerCase()}`));

/** The statements a trigger on `table` runs for `event` (each without its semicolon). */
export function kpiTriggerStatements(table: string, event: Event, embedded: boolean): string[] {
  const shard = embedded ? '0' : `CONNECTION_ID() % ${KPI_VERSION_SHARDS}`;
  // KpiSql.leadKey's key: the lead and the last character of the commitment's id.
  const lead = (row: string) =>
    embedded
      ? `${row}.lead_agency_type || ':' || ${row}.lead_agency_id || '#' || substr(${row}.id, -1)`
      : `CONCAT(${row}.lead_agency_type, ':', ${row}.lead_agency_id, '#', RIGHT(${row}.id, 1))`;
  const upsert = embedded ? 'ON CONFLICT (lead_key, shard) DO UPDATE SET v = kpi_lead_version.v + 1' : 'ON DUPLICATE KEY UPDATE v = kpi_lead_version.v + 1';
  const rows = event === 'INSERT' ? ['NEW'] : event === 'DELETE' ? ['OLD'] : ['OLD', 'NEW'];
  const out = [`UPDATE kpi_data_version SET v = v + 1 WHERE shard = ${shard}`];
  if (NO_LEAD_READ.has(table)) return out;
  if (EVERY_LEAD.has(table)) {
    out.push(`INSERT INTO kpi_lead_version (lead_key, shard, v) VALUES ('${KPI_LEAD_ALL}', ${shard}, 1) ${upsert}`);
  } else if (table === 'commitment') {
    // SQLite's upsert needs a SELECT with a WHERE clause (its parser's rule); MySQL takes VALUES.
    for (const row of rows) out.push(`INSERT INTO kpi_lead_version (lead_key, shard, v) SELECT ${lead(row)}, ${shard}, 1 ${embedded ? 'WHERE 1' : 'FROM DUAL'} ${upsert}`);
  } else {
    const ids = rows.map((r) => `${r}.commitment_id`).join(', ');
    out.push(`INSERT INTO kpi_lead_version (lead_key, shard, v) SELECT ${lead('c')}, ${shard}, 1 FROM commitment c WHERE c.id IN (${ids}) ${upsert}`);
    if (MAY_HAVE_NO_COMMITMENT.has(table)) {
      // A row about no commitment: the key of such rows.
      const none = rows.map((r) => `${r}.commitment_id IS NULL`).join(' OR ');
      out.push(`INSERT INTO kpi_lead_version (lead_key, shard, v) SELECT '${KPI_NO_LEAD}', ${shard}, 1 ${embedded ? '' : 'FROM DUAL '}WHERE ${none} ${upsert}`);
    }
  }
  return out;
}

export class KpiLeadVersion1767400000000 implements MigrationInterface {
  name = 'KpiLeadVersion1767400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const embedded = queryRunner.connection.options.type === 'sqljs';
    await queryRunner.query(
      embedded
        ? 'CREATE TABLE IF NOT EXISTS kpi_lead_version (lead_key VARCHAR(120) NOT NULL, shard INTEGER NOT NULL, v BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (lead_key, shard))'
        : 'CREATE TABLE IF NOT EXISTS kpi_lead_version (lead_key VARCHAR(120) NOT NULL, shard INT NOT NULL, v BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (lead_key, shard)) ENGINE=InnoDB',
    );
    for (const name of firstTriggers()) await queryRunner.query(`DROP TRIGGER IF EXISTS ${name}`);
    for (const table of KPI_TABLES) {
      for (const event of EVENTS) {
        const name = `kpi_lead_version_${table}_${event.toLowerCase()}`;
        const body = kpiTriggerStatements(table, event, embedded);
        await queryRunner.query(`DROP TRIGGER IF EXISTS ${name}`);
        await queryRunner.query(
          embedded
            ? `CREATE TRIGGER ${name} AFTER ${event} ON ${table} BEGIN ${body.join('; ')}; END`
            : `CREATE TRIGGER ${name} AFTER ${event} ON ${table} FOR EACH ROW BEGIN ${body.join('; ')}; END`,
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of kpiVersionTriggers()) await queryRunner.query(`DROP TRIGGER IF EXISTS ${name}`);
    await queryRunner.query('DROP TABLE IF EXISTS kpi_lead_version');
    // The data version's own triggers again.
    await new KpiDataVersion1767300000000().up(queryRunner);
  }
}
