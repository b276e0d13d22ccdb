/**
 * The audit trail is append-only because the database says so, not by convention:
 * - a whole workflow through the gateway sends no UPDATE or DELETE to `audit_entry` or `legal_event` (statement recorder);
 * - the database refuses both statements on both tables, whoever connects (triggers; on MySQL the test connects as root);
 * - the service's MySQL user is not even granted them (infra/mysql/init.sql, checked on a throw-away user);
 * - someone who drops the trigger and edits or deletes an entry is caught by `verifyAuditTrail` (hash chain).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { allModules } from './modules';
import { Workflow, driveToSigned, ok, user } from './workflow';
import { entities } from '../subgraphs/commitments/src/db';
import { AuditEntryAppendOnly1733000000002 } from '../subgraphs/commitments/src/db/migrations/1733000000002-AuditEntryAppendOnly';

let graph: TestSupergraph;
let flow: Workflow;
beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'reference' });
  flow = new Workflow(graph);
});
afterAll(() => graph?.dispose());

const PROVINCE = { type: 'LOCALITY', id: '20' };
const editor = user('LOCALITY:20', ['editor']);
const approver = user('LOCALITY:20', ['approver']);
const db = () => graph.subgraphs.commitments.database.dataSource;
const embedded = () => graph.subgraphs.commitments.database.target.kind !== 'mysql';

const VERIFY = 'query ($id: ID!) { verifyAuditTrail(commitmentId: $id) { commitmentId ok entriesChecked firstBrokenEntryId problem } }';
const verify = async (id: string) => ok(await flow.run(VERIFY, { id }, editor)).verifyAuditTrail;

/** Runs the workflow from proposal to signing, then a content change: many audit entries and legal events. */
async function signedAndEdited(): Promise<string> {
  const { id } = ok(await flow.propose(editor, { lead: PROVINCE })).proposeCommitment;
  await driveToSigned(flow, id, editor, approver);
  ok(await flow.run('mutation ($id: ID!, $v: Int!) { updateCommitment(id: $id, version: $v, input: { implementationStatus: IMPLEMENTATION }) { version } }', { id, v: await flow.version(id) }, editor));
  return id;
}

const auditIds = async (id: string) => (await db().query('SELECT id FROM audit_entry WHERE commitment_id = ? ORDER BY id', [id])).map((r: { id: number }) => Number(r.id));

describe('the audit trail is append-only', () => {
  it('a whole workflow sends no UPDATE or DELETE to audit_entry or legal_event, and its chain verifies', async () => {
    const counter = graph.subgraphs.commitments.database.counter;
    counter.reset();
    const id = await signedAndEdited();
    const sql = counter.statements.map((s) => s.sql);
    const touching = (verb: string, table: string) => sql.filter((s) => new RegExp(`^\\s*${verb}\\b[\\s\\S]*\\b${table}\\b`, 'i').test(s));
    // The recorder saw the workflow write both tables (so an absence below means something).
    expect(touching('INSERT', 'audit_entry').length).toBeGreaterThan(5);
    expect(touching('INSERT', 'legal_event').length).toBeGreaterThan(5);
    for (const table of ['audit_entry', 'legal_event']) {
      expect(touching('UPDATE', table)).toEqual([]);
      expect(touching('DELETE', table)).toEqual([]);
    }
    const result = await verify(id);
    expect(result).toMatchObject({ commitmentId: id, ok: true, firstBrokenEntryId: null, problem: null });
    expect(result.entriesChecked).toBe((await auditIds(id)).length);
    expect(result.entriesChecked).toBeGreaterThan(5);
  });

  it('the database refuses UPDATE and DELETE on both tables for any connection, and nothing changes', async () => {
    const id = await signedAndEdited();
    const before = await db().query('SELECT id, changes FROM audit_entry WHERE commitment_id = ? ORDER BY id', [id]);
    const events = await db().query('SELECT COUNT(*) AS n FROM legal_event WHERE commitment_id = ?', [id]);
    const refused = /append-only/;
    await expect(db().query("UPDATE audit_entry SET changes = '{}' WHERE commitment_id = ?", [id])).rejects.toThrow(refused);
    await expect(db().query('DELETE FROM audit_entry WHERE commitment_id = ?', [id])).rejects.toThrow(refused);
    await expect(db().query("UPDATE legal_event SET note = 'edited' WHERE commitment_id = ?", [id])).rejects.toThrow(refused);
    await expect(db().query('DELETE FROM legal_event WHERE commitment_id = ?', [id])).rejects.toThrow(refused);
    expect(await db().query('SELECT id, changes FROM audit_entry WHERE commitment_id = ? ORDER BY id', [id])).toEqual(before);
    expect(await db().query('SELECT COUNT(*) AS n FROM legal_event WHERE commitment_id = ?', [id])).toEqual(events);
    expect((await verify(id)).ok).toBe(true);
  });

  it('verifyAuditTrail finds an entry edited, and an entry deleted, by someone who dropped the triggers first', async () => {
    const id = await signedAndEdited();
    const ids = await auditIds(id);
    const edited = ids[3];
    const removed = ids[6];
    const queryRunner = db().createQueryRunner();
    try {
      // As a DBA could: drop the guard, change history, (here) put the guard back.
      await queryRunner.query('DROP TRIGGER audit_entry_no_update');
      await queryRunner.query('DROP TRIGGER audit_entry_no_delete');
      await queryRunner.query(`UPDATE audit_entry SET actor_subject = 'someone-else' WHERE id = ?`, [edited]);
      const afterEdit = await verify(id);
      expect(afterEdit).toMatchObject({ ok: false, firstBrokenEntryId: String(edited), entriesChecked: 4 });
      expect(afterEdit.problem).toMatch(/changed after it was written/);

      // Undo the edit the only way left (restore the value), then remove a later entry instead.
      const original = (await db().query('SELECT actor_subject FROM audit_entry WHERE id = ?', [ids[2]]))[0].actor_subject;
      await queryRunner.query('UPDATE audit_entry SET actor_subject = ? WHERE id = ?', [original, edited]);
      expect((await verify(id)).ok).toBe(true);
      await queryRunner.query('DELETE FROM audit_entry WHERE id = ?', [removed]);
      const afterDelete = await verify(id);
      expect(afterDelete).toMatchObject({ ok: false, firstBrokenEntryId: String(ids[7]) });
      expect(afterDelete.problem).toMatch(/does not follow the entry before it/);
    } finally {
      await new AuditEntryAppendOnly1733000000002().up(queryRunner);
      await queryRunner.release();
    }
    await expect(db().query("UPDATE audit_entry SET changes = '{}' WHERE id = ?", [edited])).rejects.toThrow(/append-only/);
  });

  it('is for signed-in users and names a missing commitment', async () => {
    const id = ok(await flow.propose(editor, { lead: PROVINCE })).proposeCommitment.id;
    expect((await flow.run(VERIFY, { id }, null)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await flow.run(VERIFY, { id: '00000000-0000-0000-0000-000000000000' }, editor)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await verify(id)).toMatchObject({ ok: true, entriesChecked: (await auditIds(id)).length });
  });
});

describe("the commitments service's MySQL user (infra/mysql/init.sql)", () => {
  const initSql = fs.readFileSync(path.join(__dirname, '..', 'infra', 'mysql', 'init.sql'), 'utf8');
  const grants = initSql.split('\n').filter((l) => /^GRANT .* ON accords_commitments\./.test(l));

  it('is granted UPDATE and DELETE on every table except audit_entry and legal_event', () => {
    // Tables without an entity: TypeORM's migrations and the KPI cache's data version (its triggers run as this user).
    const tables = [...entities.map((e) => db().getMetadata(e).tableName), 'migrations', 'kpi_data_version'];
    const updatable = grants.map((g) => /^GRANT UPDATE, DELETE ON accords_commitments\.(\w+) /.exec(g)?.[1]).filter(Boolean);
    expect(grants.find((g) => g.includes('accords_commitments.*'))).not.toMatch(/UPDATE|DELETE/);
    expect(updatable.sort()).toEqual(tables.filter((t) => t !== 'audit_entry' && t !== 'legal_event').sort());
  });

  it('applied to a throw-away user, the grants refuse UPDATE and DELETE on the audit tables even without the triggers', async () => {
    if (embedded()) return; // grants are MySQL's; the embedded engine has only the triggers, tested above
    const database = String(db().options.database);
    const name = `accords_grant_${randomBytes(3).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await db().query(`CREATE USER '${name}'@'%' IDENTIFIED BY '${password}'`);
    try {
      for (const grant of grants) await db().query(grant.replace(/accords_commitments\./, `${database}.`).replace(`'commitments'@'%'`, `'${name}'@'%'`));
      const conn = await createConnection({ host: '127.0.0.1', port: 3306, user: name, password, database });
      try {
        await expect(conn.query('UPDATE audit_entry SET changes = changes WHERE id = 0')).rejects.toMatchObject({ errno: 1142 });
        await expect(conn.query('DELETE FROM legal_event WHERE id = 0')).rejects.toMatchObject({ errno: 1142 });
        await expect(conn.query("INSERT INTO legal_event (commitment_id, to_status, occurred_at, recorded_at, actor_subject) VALUES ('x', 'DRAFT', NOW(), NOW(), 't')")).resolves.toBeDefined();
        await expect(conn.query('UPDATE commitment SET version = version WHERE id = ?', ['none'])).resolves.toBeDefined();
      } finally {
        await conn.end();
      }
    } finally {
      await db().query(`DROP USER '${name}'@'%'`);
    }
  });
});
