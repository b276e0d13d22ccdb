import { randomBytes } from 'node:crypto';
import { withDatabase } from '@accords/db';
import { testEngine } from '@accords/testkit';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { commitments } from '@accords/commitments';
import { localities } from '@accords/localities';
import { ministries } from '@accords/ministries';
import { partners } from '@accords/partners';
import { nextCode, user } from './workflow';
import { switchableProxy } from './support/tcp-proxy';

/**
 * The commitments database goes away under write load and comes back (a TCP proxy in front of MariaDB cuts every
 * connection and refuses new ones, as a server restart does). While it is away requests fail with
 * SERVICE_UNAVAILABLE, not INTERNAL_SERVER_ERROR; no process exits; the pool reconnects by itself when it returns;
 * and, checked write by write, every acknowledged write is present and every write reported as not saved is absent.
 * MySQL only: the embedded engine has no server to lose.
 */
const MYSQL = new URL(process.env.ACCORDS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/');

const editor = user('LOCALITY:20', ['editor'], 'outage-writer');
const PROPOSE = 'mutation ($input: ProposeCommitmentInput!) { proposeCommitment(input: $input) { id code } }';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let graph: TestSupergraph | undefined;
let proxy: Awaited<ReturnType<typeof switchableProxy>> | undefined;
let engine: string;

beforeAll(async () => {
  engine = await testEngine();
  if (engine !== 'mysql') return;
  proxy = await switchableProxy({ host: MYSQL.hostname, port: Number(MYSQL.port || 3306) });
  const viaProxy = new URL(MYSQL.toString());
  viaProxy.port = String(proxy.port);
  graph = await openTestSupergraph([ministries, localities, partners, commitments] as Parameters<typeof openTestSupergraph>[0], {
    seed: 'reference',
    databaseUrls: { commitments: withDatabase(viaProxy.toString(), `accords_t_outage_${randomBytes(3).toString('hex')}`) },
  });
});
afterAll(async () => {
  proxy?.set('up');
  await graph?.dispose();
  await proxy?.close();
});

type Outcome = { code: string; ok: boolean; error?: { code?: unknown; saved?: unknown; message: string } };

async function propose(code: string): Promise<Outcome> {
  const input = { code, title: 'Thỏa thuận thử khi cơ sở dữ liệu mất kết nối', kind: 'INTERNATIONAL_AGREEMENT', documentType: 'AGREEMENT', leadAgency: { type: 'LOCALITY', id: '20' }, partnerIds: ['CN'], fields: ['ECONOMY_TRADE_INVESTMENT'] };
  const result = await graph!.query<any>(PROPOSE, { input }, editor);
  if (result.data?.proposeCommitment?.code === code) return { code, ok: true };
  const e = result.errors?.[0];
  return { code, ok: false, error: { code: e?.extensions?.code, saved: e?.extensions?.saved, message: e?.message ?? 'no error' } };
}

describe('the database stopped and started under load', () => {
  it('fails fast with SERVICE_UNAVAILABLE while away, reconnects, and loses no acknowledged write', async () => {
    if (engine !== 'mysql') return void console.warn('db-outage: MySQL only (the embedded engine has no server to lose)');
    const outcomes: Outcome[] = [];
    let stop = false;
    const writer = async () => {
      while (!stop) outcomes.push(await propose(nextCode('20')));
    };
    const writers = Array.from({ length: 6 }, writer);
    await sleep(700);
    proxy!.set('down');
    const cutAt = outcomes.length;
    await sleep(1_500);
    proxy!.set('up');
    await sleep(1_500);
    stop = true;
    await Promise.all(writers);

    const failures = outcomes.filter((o) => !o.ok);
    const during = outcomes.slice(cutAt);
    expect(failures.length).toBeGreaterThan(0); // the outage really happened
    for (const f of failures) expect({ code: f.code, error: f.error?.code }).toEqual({ code: f.code, error: 'SERVICE_UNAVAILABLE' });
    // After it came back, writes succeed again with no restart.
    const after = await propose(nextCode('20'));
    expect(after).toEqual({ code: after.code, ok: true });
    expect(during.some((o) => o.ok)).toBe(true);

    // Write by write: acknowledged means present; reported not saved means absent; nothing is left unknown.
    const ds = graph!.subgraphs.commitments.database.dataSource;
    const rows: { code: string }[] = await ds.query('SELECT code FROM commitment');
    const present = new Set(rows.map((r) => r.code));
    const lost = outcomes.filter((o) => o.ok && !present.has(o.code)).map((o) => o.code);
    const ghost = failures.filter((o) => o.error?.saved !== null && present.has(o.code)).map((o) => o.code);
    const unknown = failures.filter((o) => o.error?.saved === null).map((o) => o.code);
    expect({ lost, ghost, unknown }).toEqual({ lost: [], ghost: [], unknown: [] });
    console.log(`db-outage: ${outcomes.length} writes, ${failures.length} refused while the database was away, none lost`);
  });
});
