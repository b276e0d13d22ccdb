/**
 * One clock: every rule that reads "now" reads the request context's clock, which the jest setup fixes at
 * ACCORDS_FIXED_NOW (2026-11-30T03:00:00Z) for the whole suite. So the suite's late-2026 fixtures pass on a machine
 * whose clock is earlier, and no deadline drifts with the day the suite runs. One test keeps the real clock.
 */
import { fixedClock, systemClock, type Clock } from '@accords/config';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { allModules } from './modules';
import { Workflow, errorOf, ok, user } from './workflow';

const PROVINCE = { type: 'LOCALITY', id: '20' };
const editor = user('LOCALITY:20', ['editor']);
const approver = user('LOCALITY:20', ['approver']);

/** Proposes, submits an assessment, and decides it at `decidedAt` (an event "that happened"). */
async function decideAt(flow: Workflow, decidedAt: string) {
  const { id } = ok(await flow.propose(editor, { lead: PROVINCE })).proposeCommitment;
  const submitted = ok(await flow.submitAssessment(id, editor)).submitFeasibilityAssessment;
  return flow.decideAssessment(submitted.id, submitted.version, approver, true, decidedAt);
}

async function withGraph<T>(clock: Clock | undefined, work: (flow: Workflow, graph: TestSupergraph) => Promise<T>): Promise<T> {
  const graph = await openTestSupergraph(allModules, { seed: 'reference', clock });
  try {
    return await work(new Workflow(graph), graph);
  } finally {
    await graph.dispose();
  }
}

it('the suite runs under the fixed instant the jest setup sets, in every subgraph context', async () => {
  expect(process.env.ACCORDS_FIXED_NOW).toBe('2026-11-30T03:00:00Z');
  await withGraph(undefined, async (_flow, graph) => {
    for (const subgraph of Object.values(graph.subgraphs)) expect(subgraph.context().clock.now().toISOString()).toBe('2026-11-30T03:00:00.000Z');
  });
});

it("a late-2026 event is accepted under the suite's clock even when the machine's clock says 1 January 2026", async () => {
  // The machine's clock goes back to New Year 2026 (only Date is faked; timers and I/O run normally).
  jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
  try {
    expect(new Date().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    await withGraph(undefined, async (flow) => {
      const decided = ok(await decideAt(flow, '2026-09-18T10:00:00+07:00')).decideFeasibilityAssessment;
      expect(decided.status).toBe('APPROVED');
    });
  } finally {
    jest.useRealTimers();
  }
});

it('the clock, not the machine, decides what is "in the future": a clock at 1 January 2026 refuses a September 2026 decision', async () => {
  await withGraph(fixedClock('2026-01-01T00:00:00Z'), async (flow) => {
    const refused = errorOf(await decideAt(flow, '2026-09-18T10:00:00+07:00'));
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.message).toMatch(/decidedAt is in the future/);
  });
});

it('on the real clock: an instant just past is accepted, one a day ahead is refused', async () => {
  await withGraph(systemClock, async (flow) => {
    const aDay = 24 * 60 * 60 * 1000;
    const refused = errorOf(await decideAt(flow, new Date(Date.now() + aDay).toISOString()));
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(ok(await decideAt(flow, new Date(Date.now() - 60_000).toISOString())).decideFeasibilityAssessment.status).toBe('APPROVED');
  });
});
