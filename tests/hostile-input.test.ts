import fc from 'fast-check';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { commitments } from '@accords/commitments';
import { localities } from '@accords/localities';
import { ministries } from '@accords/ministries';
import { partners } from '@accords/partners';
import { collectIds, describeFailure, operations, runCase, type Failure } from './fuzz/hostile';
import { nextCode, ok, user } from './workflow';

/**
 * Hostile input, property-based, with a fixed seed so CI is repeatable (`npm run fuzz` runs 1,000+ cases per
 * operation with fresh seeds). See `tests/fuzz/hostile.ts` for what a case is and when it passes.
 */
const SEED = 20261202;
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 6);

let graph: TestSupergraph;
beforeAll(async () => {
  graph = await openTestSupergraph([ministries, localities, partners, commitments] as Parameters<typeof openTestSupergraph>[0], { seed: 'demo' });
  await collectIds(graph);
});
afterAll(() => graph?.dispose());

const actor = user('LOCALITY:20', ['editor', 'approver'], 'fuzz-editor');

describe('hostile input through the gateway', () => {
  const ops = operations();
  const outcomes: Record<string, number> = {};

  it('covers every mutation of the API', () => {
    expect(ops.filter((o) => o.kind === 'mutation').length).toBeGreaterThanOrEqual(30);
  });

  it.each(ops.map((o) => [`${o.kind} ${o.name}`, o] as const))('%s: no server error, nothing written on refusal', async (_label, op) => {
    const failures: Failure[] = [];
    await fc.assert(
      fc.asyncProperty(op.args, async (variables) => {
        const failure = await runCase(graph, op, variables, actor, outcomes);
        if (failure) failures.push(failure);
        return failure === null;
      }),
      { seed: SEED, numRuns: RUNS_PER_OPERATION, endOnFailure: true },
    ).catch(() => undefined);
    expect(failures.map(describeFailure)).toEqual([]);
  });

  it('the cases reach the services: some are accepted, and refusals come from the subgraphs own rules, not only from GraphQL', () => {
    if (process.env.FUZZ_VERBOSE) console.log(outcomes);
    expect(outcomes.OK).toBeGreaterThan(0);
    expect(outcomes.BAD_USER_INPUT).toBeGreaterThan(0);
    expect((outcomes.NOT_FOUND ?? 0) + (outcomes.FAILED_PRECONDITION ?? 0) + (outcomes.CONFLICT ?? 0) + (outcomes.FORBIDDEN ?? 0)).toBeGreaterThan(0);
  });

  it('refuses control, direction-override and unpaired-surrogate characters naming the field, writing nothing', async () => {
    for (const bad of ['Hợp tác\u0007', 'Hợp tác \u202Eevil', 'Hợp tác \uD800']) {
      const result = await graph.query(
        'mutation ($input: ProposeCommitmentInput!) { proposeCommitment(input: $input) { id } }',
        { input: { code: nextCode('20'), title: bad, kind: 'INTERNATIONAL_AGREEMENT', documentType: 'AGREEMENT', leadAgency: { type: 'LOCALITY', id: '20' }, partnerIds: ['CN'], fields: ['ECONOMY_TRADE_INVESTMENT'] } },
        actor,
      );
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    }
  });

  it('refuses an as-of date the register cannot answer for (found by npm run fuzz: 9999-12-31 was a server error)', async () => {
    const result = await graph.query('query ($asOf: Date) { needsAttention(asOf: $asOf, first: 1) { reason } }', { asOf: '9999-12-31' }, actor);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
  });

  it('refuses a 100,000-character search with BAD_USER_INPUT naming the argument', async () => {
    const result = await graph.query('query ($s: String) { commitments(search: $s, first: 5) { totalCount } }', { s: 'hợp tác '.repeat(12_500) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 's' });
    expect(result.errors?.[0]?.message).toMatch(/at most 200/);
  });

  it('returns accepted text byte for byte: mixed scripts, decomposed diacritics, emoji, SQL and HTML', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('Thỏa thuận Việt Nam – 中国 – Россия', 'Nguye\u0302\u0303n Văn A', "O'Brien \"quoted\" <b>bold</b> '); DROP TABLE x; --", '🇻🇳 hợp tác 👩🏽‍💼', 'tab\there\nnew line'),
        async (title) => {
          const code = nextCode('20');
          const input = { code, title, kind: 'INTERNATIONAL_AGREEMENT', documentType: 'AGREEMENT', leadAgency: { type: 'LOCALITY', id: '20' }, partnerIds: ['CN'], fields: ['ECONOMY_TRADE_INVESTMENT'] };
          ok(await graph.query('mutation ($input: ProposeCommitmentInput!) { proposeCommitment(input: $input) { id } }', { input }, actor));
          const read = ok(await graph.query('query ($code: String!) { commitment(code: $code) { title } }', { code }));
          return read.commitment.title === title;
        },
      ),
      { seed: SEED, numRuns: 5 },
    );
  });
});
