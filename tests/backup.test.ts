import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { dumpDatabase, restoreDatabase, withDatabase } from '@accords/db';
import { testEngine } from '@accords/testkit';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { commitments } from '@accords/commitments';
import { localities } from '@accords/localities';
import { ministries } from '@accords/ministries';
import { partners } from '@accords/partners';
import { Workflow, ok, signedCommitment, user } from './workflow';

/**
 * A per-subgraph backup restored into fresh databases answers exactly as the original through the gateway: the
 * registry, a commitment's legal history and audit trail (with its hash chain intact), reference data. The restored
 * commitments database keeps the append-only triggers of the audit trail.
 */
const modules = [ministries, localities, partners, commitments] as Parameters<typeof openTestSupergraph>[0];
const MYSQL_URL = process.env.ACCORDS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accords-backup-'));

let original: TestSupergraph;
let restored: TestSupergraph;
let signedId: string;

/** Where a suite's databases go: MySQL databases of their own, or embedded files (an in-memory one has no file). */
async function databaseUrls(label: string): Promise<Record<string, string>> {
  const suffix = randomBytes(3).toString('hex');
  const embedded = (await testEngine()) === 'embedded';
  return Object.fromEntries(
    modules.map((m) => [m.name, embedded ? `sqljs:${path.join(dir, label, `${m.name}.sqlite`)}` : withDatabase(MYSQL_URL, `accords_t_${label}_${m.name.slice(0, 6)}_${suffix}`)]),
  );
}

const QUERIES: [string, string, Record<string, unknown>][] = [
  ['registry page', '{ commitments(first: 50) { totalCount edges { node { id code title legalStatus signedOn version leadAgency { __typename ... on Locality { id name } ... on Ministry { id name } } partners { id name } } } } }', {}],
  ['one commitment with its legal history and audit trail', 'query ($id: ID) { commitment(id: $id) { code version legalStatus signedAt signingCapability { maySign ruleSetVersion } legalEvents { from to occurredAt actor } history(first: 50) { edges { node { action entityType at changes } } } } }', {}],
  ['audit chain', 'query ($id: ID!) { verifyAuditTrail(commitmentId: $id) { ok entriesChecked firstBrokenEntryId } }', {}],
  ['reference data', '{ locality(id: "20") { name borderTypes } partner(id: "JP") { name frameworkHistory { framework since } } ministry(id: "MOFA") { name } }', {}],
];

const editor = user('LOCALITY:20', ['editor']);
const approver = user('LOCALITY:20', ['approver']);
const reader = user('MINISTRY:MOFA', ['viewer']);

async function answers(graph: TestSupergraph) {
  const out: Record<string, unknown> = {};
  for (const [name, query] of QUERIES) out[name] = ok(await graph.query(query, { id: signedId }, reader));
  return out;
}

beforeAll(async () => {
  original = await openTestSupergraph(modules, { seed: 'demo', databaseUrls: await databaseUrls('bk') });
  signedId = await signedCommitment(new Workflow(original), editor, approver, { lead: { type: 'LOCALITY', id: '20' } });
});
afterAll(async () => {
  await restored?.dispose();
  await original?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore, per subgraph', () => {
  it('a restored backup answers the same through the gateway', async () => {
    const before = await answers(original);
    expect((before['audit chain'] as any).verifyAuditTrail.ok).toBe(true);
    expect((before['one commitment with its legal history and audit trail'] as any).commitment.legalStatus).toBe('SIGNED');

    const targets = await databaseUrls('rs');
    for (const m of modules) {
      const file = await dumpDatabase(original.subgraphs[m.name].databaseUrl, path.join(dir, 'dump', `${m.name}.bak`));
      expect(fs.statSync(file).size).toBeGreaterThan(1000);
      await restoreDatabase(file, targets[m.name]);
    }
    // Opened as they are: no seed, and migrations find nothing to do.
    restored = await openTestSupergraph(modules, { seed: 'none', databaseUrls: targets });
    expect(await answers(restored)).toEqual(before);
  });

  it('the restored audit trail is still append-only', async () => {
    const ds = restored.subgraphs.commitments.database.dataSource;
    await expect(ds.query("UPDATE audit_entry SET action = 'DELETE'")).rejects.toThrow(/append-only|audit/i);
    await expect(ds.query('DELETE FROM legal_event')).rejects.toThrow(/append-only|legal/i);
  });

  it('refuses a restore from a missing file, and an embedded restore into memory', async () => {
    await expect(restoreDatabase(path.join(dir, 'nope.sql'), 'sqljs:/tmp/x.sqlite')).rejects.toThrow(/No backup at/);
    fs.writeFileSync(path.join(dir, 'empty.sqlite'), '');
    await expect(restoreDatabase(path.join(dir, 'empty.sqlite'), 'sqljs::memory:')).rejects.toThrow(/into a file/);
  });
});
