/**
 * The authorization matrix through the gateway: for each mutation, each identity (anonymous, roles of the owning
 * agency, another agency, central oversight) is allowed or refused as DESIGN section 9 specifies, and a refusal
 * changes nothing in the database.
 */
import type { Identity } from '@accords/auth';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { allModules } from './modules';
import { COMMITMENT_TABLES, Workflow, ok, user } from './workflow';

let graph: TestSupergraph;
let flow: Workflow;
beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'reference' });
  flow = new Workflow(graph);
});
afterAll(() => graph?.dispose());

const PROVINCE = { type: 'LOCALITY', id: '20' };
const ownerEditor = user('LOCALITY:20', ['editor']);
const ownerApprover = user('LOCALITY:20', ['approver']);

const IDENTITIES: Record<string, Identity | null> = {
  anonymous: null,
  'public (no agency)': { subject: 'citizen-1', agency: null, roles: [] },
  'owner viewer': user('LOCALITY:20', ['viewer']),
  'owner editor': ownerEditor,
  'owner approver': ownerApprover,
  'other province approver': user('LOCALITY:04', ['editor', 'approver']),
  'MOFA approver (central oversight)': user('MINISTRY:MOFA', ['editor', 'approver']),
  'Government Office editor': user('MINISTRY:GO', ['editor']),
  'Government Office viewer': user('MINISTRY:GO', ['viewer']),
};

interface Case {
  mutation: string;
  /** Brings a fresh commitment to the state the mutation needs; returns the variables. */
  setup(): Promise<Record<string, unknown>>;
  query: string;
  allowed: string[];
}

async function proposed() {
  return ok(await flow.propose(ownerEditor, { lead: PROVINCE })).proposeCommitment;
}

async function consulting() {
  const c = await proposed();
  ok(await flow.requestOpinions(c.id, ownerEditor, [{ type: 'MINISTRY', id: 'MOFA' }, { type: 'MINISTRY', id: 'MOIT' }], '2026-09-22'));
  return c;
}

async function escalated() {
  const c = await consulting();
  ok(await flow.recordOpinion(c.id, 'MOFA', user('MINISTRY:MOFA', ['editor']), 'AGREE', '2026-09-25T09:00:00+07:00'));
  ok(await flow.recordOpinion(c.id, 'MOIT', user('MINISTRY:MOIT', ['editor']), 'DISAGREE', '2026-09-26T09:00:00+07:00'));
  ok(await flow.run('mutation ($id: ID!, $v: Int!) { escalateToPrimeMinister(commitmentId: $id, version: $v, sentOn: "2026-09-28") { version } }', { id: c.id, v: await flow.version(c.id) }, ownerEditor));
  return c;
}

const CASES: Case[] = [
  {
    mutation: 'proposeCommitment',
    setup: async () => ({ input: { code: `20-AUTHZ-${Math.random().toString(36).slice(2, 8).toUpperCase()}`, title: 'Ghi nhớ', kind: 'INTERNATIONAL_AGREEMENT', documentType: 'MOU', leadAgency: PROVINCE, partnerIds: ['CN'], fields: ['HEALTH'] } }),
    query: 'mutation ($input: ProposeCommitmentInput!) { proposeCommitment(input: $input) { id } }',
    allowed: ['owner editor', 'owner approver'],
  },
  {
    mutation: 'updateCommitment',
    setup: async () => {
      const c = await proposed();
      return { id: c.id, v: c.version };
    },
    query: 'mutation ($id: ID!, $v: Int!) { updateCommitment(id: $id, version: $v, input: { summary: "changed" }) { version } }',
    allowed: ['owner editor', 'owner approver'],
  },
  {
    mutation: 'submitFeasibilityAssessment',
    setup: async () => {
      const c = await proposed();
      return { id: c.id, v: c.version };
    },
    query: 'mutation ($id: ID!, $v: Int!) { submitFeasibilityAssessment(commitmentId: $id, version: $v, input: { budgetStatus: SECURED, counterpartReadiness: READY, verdict: FEASIBLE }) { id } }',
    allowed: ['owner editor', 'owner approver'],
  },
  {
    mutation: 'decideFeasibilityAssessment',
    setup: async () => {
      const c = await proposed();
      const a = ok(await flow.submitAssessment(c.id, ownerEditor)).submitFeasibilityAssessment;
      return { id: a.id, v: a.version };
    },
    query: 'mutation ($id: ID!, $v: Int!) { decideFeasibilityAssessment(id: $id, version: $v, approve: true) { status } }',
    allowed: ['owner approver'],
  },
  {
    mutation: 'requestOpinions',
    setup: async () => {
      const c = await proposed();
      return { id: c.id, v: c.version };
    },
    query: 'mutation ($id: ID!, $v: Int!) { requestOpinions(commitmentId: $id, version: $v, consultees: [{ type: MINISTRY, id: "MOFA" }], sentOn: "2026-09-22") { version } }',
    allowed: ['owner editor', 'owner approver'],
  },
  {
    mutation: 'recordOpinion (consultee MOFA)',
    setup: async () => {
      const c = await consulting();
      const consultation = await flow.consultation(c.id, 'MOFA');
      return { id: consultation.id, v: consultation.version };
    },
    query: 'mutation ($id: ID!, $v: Int!) { recordOpinion(consultationId: $id, version: $v, input: { opinion: AGREE, repliedAt: "2026-09-25T09:00:00+07:00" }) { version } }',
    allowed: ['MOFA approver (central oversight)'],
  },
  {
    mutation: 'recordPrimeMinisterDecision',
    setup: async () => {
      const c = await escalated();
      return { id: c.id, v: await flow.version(c.id) };
    },
    query: 'mutation ($id: ID!, $v: Int!) { recordPrimeMinisterDecision(commitmentId: $id, version: $v, decision: CONSENT, at: "2026-10-01T09:00:00+07:00", document: "812/TTg") { version } }',
    allowed: ['Government Office editor'],
  },
  {
    mutation: 'transitionCommitment (withdraw)',
    setup: async () => {
      const c = await proposed();
      return { id: c.id, v: c.version };
    },
    query: 'mutation ($id: ID!, $v: Int!) { transitionCommitment(commitmentId: $id, version: $v, to: WITHDRAWN, at: "2026-10-01T09:00:00+07:00") { legalStatus } }',
    allowed: ['owner approver'],
  },
];


/** Every row of every commitment table, in a stable order: equal snapshots mean nothing changed. */
async function snapshot(): Promise<string> {
  const db = graph.subgraphs.commitments.database.dataSource;
  const parts: unknown[] = [];
  for (const table of COMMITMENT_TABLES) parts.push(await db.query(`SELECT * FROM ${table} ORDER BY 1, 2`));
  return JSON.stringify(parts);
}

describe.each(CASES)('$mutation', (c) => {
  it.each(Object.keys(IDENTITIES))('as %s', async (who) => {
    const variables = await c.setup();
    const before = await snapshot();
    const result = await graph.query<any>(c.query, variables, IDENTITIES[who]);
    if (c.allowed.includes(who)) {
      expect(result.errors).toBeUndefined();
      expect(await snapshot()).not.toEqual(before);
    } else {
      expect(result.errors?.[0]?.extensions?.code).toBe(IDENTITIES[who] ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      expect(result.errors?.[0]?.message).toMatch(IDENTITIES[who] ? /Only .* may change|needs the .* role|agency/ : /Sign in/);
      expect(await snapshot()).toEqual(before);
    }
  });
});
