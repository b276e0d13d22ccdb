/** V1 for a signer who is not the decider: the delegation is checked in the ministries' register. */
import { delegationIdFor, officialIdFor } from '@accords/ministries';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { allModules } from './modules';
import { Workflow, errorOf, ok, user } from './workflow';

let graph: TestSupergraph;
let flow: Workflow;
beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'demo' });
  flow = new Workflow(graph);
});
afterAll(() => graph?.dispose());

const editor = user('MINISTRY:MOIT', ['editor']);
const provinceEditor = user('LOCALITY:20', ['editor']);
const provinceApprover = user('LOCALITY:20', ['approver']);
const LS_CHAIR = 'a1f0c6de-0001-4c1e-9a00-000000000004';
const LS_DEPUTY_SCT = 'a1f0c6de-0001-4c1e-9a00-000000000005';
const LS_DELEGATION = 'b2e1d7f0-0002-4c1e-9a00-000000000001';
const approver = user('MINISTRY:MOIT', ['approver']);
const MINISTER = officialIdFor('MOIT-1');
const DEPUTY = officialIdFor('MOIT-2');
const SIGN = 'mutation ($id: ID!, $v: Int!, $input: SignCommitmentInput!) { signCommitment(commitmentId: $id, version: $v, input: $input) { legalStatus decidedById signedById signerDelegationId } }';

async function readyToSign(): Promise<string> {
  const { id } = ok(await flow.propose(editor, { lead: { type: 'MINISTRY', id: 'MOIT' }, kind: 'POLITICAL_COMMITMENT', partnerIds: ['JP'] })).proposeCommitment;
  await flow.passFeasibility(id, editor, approver, '2025-03-01T10:00:00+07:00');
  return id;
}

const sign = async (id: string, signedAt: string, extra: Record<string, unknown>) =>
  graph.query<any>(SIGN, { id, v: await flow.version(id), input: { signedAt, signingPlace: 'Tokyo', decidedById: MINISTER, ...extra } }, approver);

describe('a signer other than the decider', () => {
  it('signs under a delegation in force from the decider to the signer', async () => {
    const id = await readyToSign();
    const signed = ok(await sign(id, '2025-06-10T10:00:00+07:00', { signedById: DEPUTY, signerDelegationId: delegationIdFor('MOIT-2025-01') })).signCommitment;
    expect(signed).toEqual({ legalStatus: 'SIGNED', decidedById: MINISTER, signedById: DEPUTY, signerDelegationId: delegationIdFor('MOIT-2025-01') });
  });

  it('is refused without a delegation, with one not in force on the signing date, and with one given to someone else', async () => {
    const id = await readyToSign();
    expect(errorOf(await sign(id, '2025-06-10T10:00:00+07:00', { signedById: DEPUTY })).rules).toEqual([
      { rule: 'V1', message: expect.stringMatching(/is not the official who decided to sign .* must hold a delegation/) },
    ]);
    const outOfForce = errorOf(await sign(id, '2026-06-10T10:00:00+07:00', { signedById: DEPUTY, signerDelegationId: delegationIdFor('MOIT-2025-01') }));
    expect(outOfForce.rules).toEqual([{ rule: 'V1', message: expect.stringMatching(/does not authorise this signing: it is not in force on 2026-06-10/) }]);
    const someoneElse = errorOf(await sign(id, '2025-06-10T10:00:00+07:00', { signedById: officialIdFor('MOIT-3'), signerDelegationId: delegationIdFor('MOIT-2025-01') }));
    expect(someoneElse.rules![0].message).toMatch(/it was given to .*, not to the signer/);
    const unknown = errorOf(await sign(id, '2025-06-10T10:00:00+07:00', { signedById: DEPUTY, signerDelegationId: 'no-such-delegation' }));
    expect(unknown.rules![0].message).toMatch(/not in the ministries' register/);
    expect(ok(await flow.get(id)).commitment.legalStatus).toBe('FEASIBILITY_REVIEW');
  });
});

describe('a local signer other than the decider', () => {
  it("is checked against the localities' register: in force, from the chair to the signer", async () => {
    const propose = async () => {
      const { id } = ok(await flow.propose(provinceEditor, { lead: { type: 'LOCALITY', id: '20' }, kind: 'POLITICAL_COMMITMENT', partnerIds: ['CN-GX'] })).proposeCommitment;
      await flow.passFeasibility(id, provinceEditor, provinceApprover, '2025-12-01T10:00:00+07:00');
      return id;
    };
    const signAs = async (commitmentId: string, signedAt: string, signedById: string) =>
      graph.query<any>(SIGN, { id: commitmentId, v: await flow.version(commitmentId), input: { signedAt, signingPlace: 'Nam Ninh', decidedById: LS_CHAIR, signedById, signerDelegationId: LS_DELEGATION } }, provinceApprover);
    const id = await propose();
    // The chair's delegation runs through 31 December 2026.
    expect(errorOf(await signAs(id, '2025-12-20T10:00:00+07:00', LS_DEPUTY_SCT)).rules![0].message).toMatch(/not in force on 2025-12-20/);
    expect(errorOf(await signAs(id, '2026-03-20T10:00:00+07:00', officialIdFor('MOIT-2'))).rules![0].message).toMatch(/not to the signer/);
    expect(ok(await signAs(id, '2026-03-20T10:00:00+07:00', LS_DEPUTY_SCT)).signCommitment).toMatchObject({ legalStatus: 'SIGNED', signedById: LS_DEPUTY_SCT, decidedById: LS_CHAIR });
    const received = ok(await graph.query<any>('query ($id: ID!) { localOfficial(id: $id) { delegationsReceived(activeOn: "2026-06-01") { scope delegator { fullName } isValidOn(date: "2027-01-01") } } }', { id: LS_DEPUTY_SCT }));
    expect(received.localOfficial.delegationsReceived).toEqual([{ scope: 'SIGN', delegator: { fullName: 'Lê Hoàng Cường' }, isValidOn: false }]);
  });
});
