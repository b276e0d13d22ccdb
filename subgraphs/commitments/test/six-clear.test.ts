import { sixClear, type SixClearFacts } from '../src/domain/six-clear';

const asOf = '2026-11-01';
const complete = (): SixClearFacts => ({
  commitment: { instrumentClass: 'INTERNATIONAL_AGREEMENT', signedAt: new Date('2026-10-09T03:00:00Z'), plannedEnd: '2028-12-31', decidedBy: 'A', signedBy: 'A', signerDelegationId: null, capability: { maySign: true } },
  parties: [
    { agency: 'LOCALITY:20', role: 'LEAD', responsibleOfficialId: 'O1', roleDescription: null },
    { agency: 'PROVINCIAL_DEPARTMENT:20-SCT', role: 'IMPLEMENTING', responsibleOfficialId: null, roleDescription: 'Xúc tiến thương mại' },
  ],
  programs: [{ id: 'P', status: 'APPROVED' }],
  milestones: [{ id: 'M', parentId: null, programId: 'P', task: 'Khảo sát', dueOn: '2027-03-31', deliverable: 'Báo cáo khảo sát', responsibleOfficialId: 'O2', completedAt: null, cancelledAt: null, weight: null }],
  targets: 1,
});
const missing = (facts: SixClearFacts) => Object.fromEntries(sixClear(facts, asOf).flags.filter((f) => !f.clear).map((f) => [f.name, f.missing]));

describe('six clear (DESIGN section 5)', () => {
  it('is complete, score 1, when all six hold', () => {
    expect(sixClear(complete(), asOf)).toMatchObject({ complete: true, score: 1 });
  });
  it('names the open milestone without a responsible official (person), but not a done one', () => {
    const f = complete();
    f.milestones = [{ ...f.milestones[0], responsibleOfficialId: null }];
    expect(missing(f)).toEqual({ PERSON: 'milestone "Khảo sát" has no responsible official' });
    f.milestones = [{ ...f.milestones[0], completedAt: new Date('2026-10-20T03:00:00Z') }];
    expect(missing(f)).toEqual({});
  });
  it('task needs an approved programme with a milestone in it', () => {
    expect(missing({ ...complete(), programs: [] })).toEqual({ TASK: 'no action programme has been drawn up' });
    expect(missing({ ...complete(), programs: [{ id: 'P', status: 'DRAFT' }] })).toEqual({ TASK: 'no action programme is approved yet' });
    expect(missing({ ...complete(), programs: [{ id: 'P', status: 'APPROVED' }, { id: 'Q', status: 'APPROVED' }], milestones: [] })).toMatchObject({ TASK: 'the approved programme has no milestone' });
  });
  it('authority: a signer other than the decider needs a delegation; an agreement needs a competent signatory', () => {
    const f = complete();
    f.commitment = { ...f.commitment, signedBy: 'B' };
    expect(missing(f)).toEqual({ AUTHORITY: 'the signer B is not the decider A and holds no recorded delegation' });
    f.commitment = { ...f.commitment, signerDelegationId: 'D1' };
    expect(missing(f)).toEqual({});
    f.commitment = { ...f.commitment, capability: { maySign: false } };
    expect(Object.keys(missing(f))).toEqual(['AUTHORITY']);
  });
  it('responsibility: exactly one lead, and a stated role for coordinating and implementing parties', () => {
    const f = complete();
    f.parties = [...f.parties, { agency: 'MINISTRY:MOIT', role: 'COORDINATING', responsibleOfficialId: null, roleDescription: null }];
    expect(missing(f)).toEqual({ RESPONSIBILITY: 'MINISTRY:MOIT (coordinating) has no stated role' });
  });
  it('time and product: every milestone dated and with a deliverable, a planned end, a target', () => {
    const f = complete();
    f.commitment = { ...f.commitment, plannedEnd: null };
    f.milestones = [{ ...f.milestones[0], dueOn: null, deliverable: null }];
    f.targets = 0;
    expect(missing(f)).toEqual({
      TIME: 'the commitment has no planned end date; milestone "Khảo sát" has no due date',
      PRODUCT: 'milestone "Khảo sát" names no deliverable; no result indicator has a target',
    });
    expect(sixClear(f, asOf).score).toBeCloseTo(4 / 6);
  });
});
