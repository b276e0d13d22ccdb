/**
 * Test helpers for the commitment workflow through the gateway: identities per agency and role, and steps that
 * take a commitment from proposal to signing with real mutations (no rows written behind the API's back).
 */
import type { Identity, Role } from '@accords/auth';
import { parseAgency } from '@accords/auth';
import type { GraphQLResult } from '@accords/testkit';
import type { TestSupergraph } from '@accords/gateway/testing';

export function user(agency: string, roles: Role[], subject = `${agency.toLowerCase().replace(':', '-')}-${roles.join('-') || 'none'}`): Identity {
  return { subject, name: subject, agency: parseAgency(agency), roles };
}

/** Fails the test with the GraphQL errors when there are any; returns data otherwise. */
export function ok<T = any>(result: GraphQLResult<any>): T {
  if (result.errors?.length) throw new Error(`Unexpected GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data as T;
}

export function errorOf(result: GraphQLResult<any>): { code: string; message: string; rules?: { rule: string; message: string }[]; ruleSetVersion?: string } {
  expect(result.errors?.length).toBeGreaterThan(0);
  const e = result.errors![0];
  return { code: String(e.extensions?.code), message: e.message, rules: e.extensions?.rules as never, ruleSetVersion: e.extensions?.ruleSetVersion as never };
}

/** The commitments subgraph's tables a refused or failed write must leave untouched. */
export const COMMITMENT_TABLES = ['commitment', 'commitment_partner', 'commitment_field', 'commitment_party', 'legal_event', 'audit_entry', 'consultation', 'feasibility_assessment'];

export const COMMITMENT_FIELDS = `id code version legalStatus signedOn signedAt instrumentClass
  consultations { id consultee { __typename ... on Ministry { id } } dueOn opinion version }
  feasibilityAssessments { id status verdict version }`;

let serial = 0;
export const nextCode = (owner: string) => `${owner}-T${Date.now().toString(36).toUpperCase()}-${++serial}`;

export interface ProposeOptions {
  lead: { type: string; id: string };
  kind?: string;
  fields?: string[];
  partnerIds?: string[];
  extra?: Record<string, unknown>;
}

export class Workflow {
  constructor(private readonly graph: TestSupergraph) {}

  run(query: string, variables: Record<string, unknown>, as: Identity | null) {
    return this.graph.query<any>(query, variables, as);
  }

  async propose(as: Identity, options: ProposeOptions) {
    const input = {
      code: nextCode(options.lead.id),
      title: 'Thỏa thuận hợp tác thử nghiệm',
      titleEn: 'Test cooperation agreement',
      kind: options.kind ?? 'INTERNATIONAL_AGREEMENT',
      documentType: 'AGREEMENT',
      leadAgency: options.lead,
      partnerIds: options.partnerIds ?? ['CN'],
      fields: options.fields ?? ['ECONOMY_TRADE_INVESTMENT'],
      ...options.extra,
    };
    return this.run(`mutation ($input: ProposeCommitmentInput!) { proposeCommitment(input: $input) { ${COMMITMENT_FIELDS} } }`, { input }, as);
  }

  get(id: string, as: Identity | null = null) {
    return this.run(`query ($id: ID) { commitment(id: $id) { ${COMMITMENT_FIELDS} } }`, { id }, as);
  }

  async version(id: string): Promise<number> {
    return ok(await this.get(id)).commitment.version;
  }

  async submitAssessment(id: string, as: Identity, verdict = 'FEASIBLE') {
    const input = { budgetAmount: '1500000000.00', budgetCurrency: 'VND', budgetSource: 'LOCAL_BUDGET', budgetStatus: 'SECURED', staffCount: 4, staffing: 'Sở Ngoại vụ: 2; Sở Công Thương: 2', counterpartReadiness: 'READY', risks: 'Thay đổi nhân sự phía đối tác', verdict, conditions: verdict === 'CONDITIONAL' ? 'Bố trí vốn năm 2027' : null };
    return this.run(`mutation ($id: ID!, $v: Int!, $input: FeasibilityAssessmentInput!) { submitFeasibilityAssessment(commitmentId: $id, version: $v, input: $input) { id status version } }`, { id, v: await this.version(id), input }, as);
  }

  async decideAssessment(assessmentId: string, version: number, as: Identity, approve: boolean, decidedAt?: string) {
    return this.run(`mutation ($id: ID!, $v: Int!, $approve: Boolean!, $at: DateTime) { decideFeasibilityAssessment(id: $id, version: $v, approve: $approve, decidedAt: $at) { id status decidedAt version } }`, { id: assessmentId, v: version, approve, at: decidedAt ?? null }, as);
  }

  /** Submits and approves a feasible assessment; returns nothing but fails loudly. */
  async passFeasibility(id: string, editor: Identity, approver: Identity, decidedAt?: string) {
    const submitted = ok(await this.submitAssessment(id, editor)).submitFeasibilityAssessment;
    ok(await this.decideAssessment(submitted.id, submitted.version, approver, true, decidedAt));
  }

  async requestOpinions(id: string, as: Identity, consultees: { type: string; id: string }[], sentOn: string) {
    return this.run(
      `mutation ($id: ID!, $v: Int!, $c: [AgencyRefInput!]!, $sentOn: Date!) { requestOpinions(commitmentId: $id, version: $v, consultees: $c, sentOn: $sentOn) { ${COMMITMENT_FIELDS} } }`,
      { id, v: await this.version(id), c: consultees, sentOn },
      as,
    );
  }

  async consultation(id: string, consulteeId: string) {
    const c = ok(await this.get(id)).commitment;
    return c.consultations.find((x: any) => x.consultee.id === consulteeId);
  }

  async recordOpinion(id: string, consulteeId: string, as: Identity, opinion: string, repliedAt: string, comments = 'Ý kiến bằng văn bản') {
    const consultation = await this.consultation(id, consulteeId);
    return this.run(
      `mutation ($cid: ID!, $v: Int!, $input: OpinionInput!) { recordOpinion(consultationId: $cid, version: $v, input: $input) { id opinion repliedAt overdue version commitment { legalStatus } } }`,
      { cid: consultation.id, v: consultation.version, input: { opinion, repliedAt, comments, document: `CV ${consulteeId}` } },
      as,
    );
  }

  async approve(id: string, as: Identity, at: string, plannedSigningOn: string, decidedById = 'OFFICIAL-1') {
    return this.run(
      `mutation ($id: ID!, $v: Int!, $input: ApproveForSigningInput!) { approveForSigning(commitmentId: $id, version: $v, input: $input) { legalStatus version } }`,
      { id, v: await this.version(id), input: { decidedById, plannedSigningOn, at } },
      as,
    );
  }

  async sign(id: string, as: Identity, signedAt: string, signedById = 'OFFICIAL-1') {
    return this.run(
      `mutation ($id: ID!, $v: Int!, $input: SignCommitmentInput!) { signCommitment(commitmentId: $id, version: $v, input: $input) { legalStatus signedOn signedAt version ruleSetVersion signingCapability { agency name maySign ruleSetVersion signatoryLevel } } }`,
      { id, v: await this.version(id), input: { signedAt, signingPlace: 'Hà Nội', signedById } },
      as,
    );
  }
}

const MOFA_EDITOR = user('MINISTRY:MOFA', ['editor']);
const MOIT_EDITOR = user('MINISTRY:MOIT', ['editor']);

/**
 * Takes a new commitment to SIGNED through the real workflow (feasibility approved, MOFA and MOIT agree, approval,
 * signing on 9 Oct 2026 by the official who decided) and returns its id.
 */
export async function signedCommitment(flow: Workflow, editor: Identity, approver: Identity, options: ProposeOptions): Promise<string> {
  const { id } = ok(await flow.propose(editor, options)).proposeCommitment;
  await driveToSigned(flow, id, editor, approver);
  return id;
}

/** The steps of `signedCommitment` for a commitment already proposed. */
export async function driveToSigned(flow: Workflow, id: string, editor: Identity, approver: Identity): Promise<void> {
  await flow.passFeasibility(id, editor, approver, '2026-09-18T10:00:00+07:00');
  ok(await flow.requestOpinions(id, editor, [{ type: 'MINISTRY', id: 'MOFA' }, { type: 'MINISTRY', id: 'MOIT' }], '2026-09-22'));
  ok(await flow.recordOpinion(id, 'MOFA', MOFA_EDITOR, 'AGREE', '2026-09-25T09:00:00+07:00'));
  ok(await flow.recordOpinion(id, 'MOIT', MOIT_EDITOR, 'AGREE', '2026-09-25T10:00:00+07:00'));
  ok(await flow.approve(id, approver, '2026-10-07T09:00:00+07:00', '2026-10-09'));
  ok(await flow.sign(id, approver, '2026-10-09T10:00:00+07:00'));
}
