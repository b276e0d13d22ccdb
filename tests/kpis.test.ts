import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import {
  ActionProgramEntity,
  CommitmentEntity,
  CommitmentPartnerEntity,
  CommitmentPartyEntity,
  ConsultationEntity,
  FeasibilityAssessmentEntity,
  FeedbackEntity,
  IndicatorEntity,
  IndicatorPeriodEntity,
  MilestoneEntity,
  ObstacleEntity,
  ProgressReportEntity,
  ResultEntity,
  ReviewDecisionEntity,
  ReviewEntity,
  ReviewEntryEntity,
} from '@accords/commitments/src/db';
import type { SubgraphModule } from '@accords/subgraph-kit';
import { commitments } from '@accords/commitments';
import { localities } from '@accords/localities';
import { ministries } from '@accords/ministries';
import { partners } from '@accords/partners';
import { At, KpiSql, NATIONAL, type ResolvedFilter } from '@accords/commitments/src/kpis/repository';
import { seriesPoints } from '@accords/commitments/src/kpis/resolvers';
import { errorOf, ok } from './workflow';

/**
 * KPIs (DESIGN section 6) on a small register built by hand: rows are written straight into the commitments
 * subgraph's tables, because the workflow mutations refuse past-dated events. Every expected value is worked out in
 * the comments from the rows below, never read back from the code under test.
 *
 * Q1 2025 = [2025-01-01 00:00 +07:00, 2025-04-01 00:00 +07:00) = [2024-12-31T17:00Z, 2025-03-31T17:00Z).
 *
 *  code | lead        | signed (instant, +07:00)           | civil date | notes
 *  A    | MINISTRY MOIT | 2025-03-31T16:30Z = 31 Mar 23:30  | 2025-03-31 | Q1 (UTC day is also 31 Mar; the +07 instant is late evening)
 *  B    | MINISTRY MOIT | 2025-01-10T03:00Z                 | 2025-01-10 | implementation CANCELLED later: counted in K1, not active
 *  C    | LOCALITY 20   | 2025-02-15T02:00Z                 | 2025-02-15 | six clear; two reports both LIMITED (K17 unchanged)
 *  G    | MINISTRY MOFA | 2025-01-20T02:00Z                 | 2025-01-20 | programme approved 2025-02-19T17:30Z = 20 Feb 00:30 +07
 *  H    | MINISTRY MOFA | 2025-03-01T02:00Z (a Saturday)     | 2025-03-01 | milestone started 2025-02-24, before signing (lag −5)
 *  D    | MINISTRY MOIT | 2025-03-31T17:30Z = 1 Apr 00:30    | 2025-04-01 | Q2, not Q1 (its UTC day is 31 Mar)
 *  E    | MINISTRY MOIT | 2024-02-01T02:00Z                 | 2024-02-01 | Q1 2024, IN_FORCE
 *  F    | LOCALITY 20   | 2024-03-31T16:30Z = 31 Mar 23:30  | 2024-03-31 | Q1 2024, IN_FORCE
 */
let graph: TestSupergraph;
const id: Record<string, string> = {};
const OFFICIAL = 'a1f0c6de-0001-4c1e-9a00-000000000005';

const at = (iso: string) => new Date(iso);

function commitment(code: string, lead: [string, string], signedAt: string, signedOn: string, extra: Partial<CommitmentEntity> = {}): CommitmentEntity {
  id[code] = randomUUID();
  return Object.assign(new CommitmentEntity(), {
    id: id[code],
    code: `KPI-${code}`,
    titleVi: `Cam kết ${code}`,
    titleEn: `Commitment ${code}`,
    instrumentClass: 'INTERNATIONAL_AGREEMENT',
    documentType: 'AGREEMENT',
    leadAgencyType: lead[0],
    leadAgencyId: lead[1],
    ownerAgency: `${lead[0]}:${lead[1]}`, // a ministry or a locality owns itself
    signedAt: at(signedAt),
    signedOn,
    legalStatus: 'SIGNED',
    implementationStatus: 'IMPLEMENTATION',
    searchText: `kpi-${code}`,
    plannedEnd: '2027-12-31',
    decidedBy: 'decider',
    signedBy: 'decider',
    capabilitySnapshot: JSON.stringify({ maySign: true, signatoryLevel: lead[0] === 'LOCALITY' ? 'PROVINCIAL_PEOPLES_COMMITTEE' : 'MINISTRY' }),
    copySentAt: at('2025-01-01T00:00:00Z'),
    createdAt: at('2024-01-01T00:00:00Z'),
    version: 1,
    ...extra,
  });
}

let serial = 0;
const uid = () => randomUUID();
function program(code: string, status: string, approvedAt: string | null): ActionProgramEntity {
  return Object.assign(new ActionProgramEntity(), {
    id: (id[`${code}-program`] = uid()),
    commitmentId: id[code],
    ownerAgency: 'MINISTRY:MOIT',
    kind: 'LONG_TERM',
    year: 2025,
    title: `Chương trình ${code}`,
    status,
    approvedBy: approvedAt ? 'approver' : null,
    approvedAt: approvedAt ? at(approvedAt) : null,
    createdAt: at('2025-01-01T00:00:00Z'),
    version: 1,
  });
}
function milestone(code: string, m: Partial<MilestoneEntity>): MilestoneEntity {
  return Object.assign(new MilestoneEntity(), {
    id: uid(),
    commitmentId: id[code],
    programId: id[`${code}-program`],
    parentId: null,
    task: `Việc ${code} ${++serial}`,
    responsibleOfficialId: OFFICIAL,
    ownerAgency: 'MINISTRY:MOIT',
    dueOn: '2025-12-31',
    deliverable: 'Báo cáo',
    createdAt: at('2025-01-01T00:00:00Z'),
    version: 1,
    ...m,
  });
}
const party = (code: string, role: string, p: Partial<CommitmentPartyEntity> = {}) =>
  Object.assign(new CommitmentPartyEntity(), { commitmentId: id[code], agency: `X:${code}-${role}`, role, responsibleOfficialId: OFFICIAL, roleDescription: 'Vai trò', ...p });

async function target(m: EntityManager, code: string) {
  const result = Object.assign(new ResultEntity(), { id: uid(), commitmentId: id[code], type: 'OUTPUT', title: 'Kết quả', createdAt: at('2025-01-01T00:00:00Z'), version: 1 });
  const indicator = Object.assign(new IndicatorEntity(), { id: uid(), resultId: result.id, commitmentId: id[code], title: 'Chỉ số', measure: 'UNIT', direction: 'ASCENDING', baselineValue: '0.0000', createdAt: at('2025-01-01T00:00:00Z'), version: 1 });
  await m.save(result);
  await m.save(indicator);
  await m.save(Object.assign(new IndicatorPeriodEntity(), { id: uid(), indicatorId: indicator.id, commitmentId: id[code], periodStart: '2025-01-01', periodEnd: '2025-12-31', target: '10.0000', version: 1 }));
}

function report(code: string, periodEnd: string, submittedAt: string, level: string): ProgressReportEntity {
  return Object.assign(new ProgressReportEntity(), {
    id: uid(), commitmentId: id[code], periodStart: `${periodEnd.slice(0, 8)}01`, periodEnd, achievements: 'Đã làm', completionLevel: level, deliveryConfidence: 'AMBER',
    confidenceJustification: 'Theo dõi', submittedBy: 'editor', submittedAt: at(submittedAt), version: 1,
  });
}

async function buildRegister(m: EntityManager) {
  await m.save([
    commitment('A', ['MINISTRY', 'MOIT'], '2025-03-31T16:30:00Z', '2025-03-31', { copySentAt: null }),
    // Copies (K8): B signed 10 Jan: day 15 is 25 Jan, in Tết, so the period ends Mon 3 Feb; sent 3 Feb: on time.
    // C signed 15 Feb: day 15 is Sun 2 Mar, so Mon 3 Mar; sent 3 Mar: on time. G signed 20 Jan: due Tue 4 Feb; sent 5 Feb: late.
    commitment('B', ['MINISTRY', 'MOIT'], '2025-01-10T03:00:00Z', '2025-01-10', { implementationStatus: 'CANCELLED', copySentAt: at('2025-02-03T03:00:00Z') }),
    commitment('C', ['LOCALITY', '20'], '2025-02-15T02:00:00Z', '2025-02-15', { copySentAt: at('2025-03-03T03:00:00Z') }),
    commitment('G', ['MINISTRY', 'MOFA'], '2025-01-20T02:00:00Z', '2025-01-20', { copySentAt: at('2025-02-05T03:00:00Z'), pmDecision: 'CONSENT', pmDecisionAt: at('2025-01-19T03:00:00Z') }),
    commitment('H', ['MINISTRY', 'MOFA'], '2025-03-01T02:00:00Z', '2025-03-01', { copySentAt: null }),
    commitment('D', ['MINISTRY', 'MOIT'], '2025-03-31T17:30:00Z', '2025-04-01', { legalStatus: 'SIGNED' }),
    commitment('E', ['MINISTRY', 'MOIT'], '2024-02-01T02:00:00Z', '2024-02-01', { legalStatus: 'IN_FORCE' }),
    commitment('F', ['LOCALITY', '20'], '2024-03-31T16:30:00Z', '2024-03-31', { legalStatus: 'IN_FORCE', plannedEnd: null, signedBy: 'someone-else' }),
    // Tuyên Quang (08) since the 2025 mergers: Hà Giang (02) merged into it on 1 Jul 2025; Xã Lũng Cú (00712) is one of
    // its communes. All closed, so that they only count in K1 (never active, never stalled).
    commitment('HG', ['LOCALITY', '02'], '2024-06-01T02:00:00Z', '2024-06-01', { implementationStatus: 'CLOSED' }),
    commitment('LC', ['LOCALITY', '00712'], '2025-08-01T02:00:00Z', '2025-08-01', {
      implementationStatus: 'CLOSED',
      capabilitySnapshot: JSON.stringify({ maySign: true, signatoryLevel: 'COMMUNE_PEOPLES_COMMITTEE_BORDER' }),
    }),
    commitment('TQ', ['LOCALITY', '08'], '2025-10-01T02:00:00Z', '2025-10-01', { implementationStatus: 'CLOSED' }),
  ]);
  // Partners: LA (Laos, ASEAN) on A, C; JP (G7) on G; CN on the rest.
  await m.save(['A', 'C'].map((c) => Object.assign(new CommitmentPartnerEntity(), { commitmentId: id[c], partnerId: 'LA' })));
  await m.save(Object.assign(new CommitmentPartnerEntity(), { commitmentId: id.G, partnerId: 'JP' }));
  await m.save(['B', 'H', 'D', 'E', 'F'].map((c) => Object.assign(new CommitmentPartnerEntity(), { commitmentId: id[c], partnerId: 'CN' })));

  // Parties: one LEAD with an official everywhere; H adds a coordinating party without a stated role (RESPONSIBILITY).
  await m.save(['A', 'B', 'C', 'G', 'H', 'D', 'E', 'F'].map((c) => party(c, 'LEAD')));
  await m.save(party('H', 'COORDINATING', { roleDescription: null }));

  // Programmes. A: none (TASK). B: approved 2025-01-20T03:00Z (lag 10). C: approved 2025-03-01.
  // E: DRAFT only (TASK). G: approved 2025-02-19T17:30Z = 20 Feb 00:30 +07 (civil 20 Feb: lag 31, not 30).
  await m.save([
    program('B', 'APPROVED', '2025-01-20T03:00:00Z'),
    program('C', 'APPROVED', '2025-03-01T03:00:00Z'),
    program('E', 'DRAFT', null),
    program('F', 'APPROVED', '2024-05-01T03:00:00Z'),
    program('G', 'APPROVED', '2025-02-19T17:30:00Z'),
    program('H', 'APPROVED', '2025-03-05T03:00:00Z'),
  ]);
  await m.save([
    // C: m1 due 28 Feb, completed 28 Feb 23:00 +07 (= 16:00Z): on time. Started on the signing day (lag 0).
    milestone('C', { dueOn: '2025-02-28', completedAt: at('2025-02-28T16:00:00Z'), actualStart: '2025-02-15' }),
    // C: m2 due 10 Mar, completed 11 Mar 08:00 +07: late.
    milestone('C', { dueOn: '2025-03-10', completedAt: at('2025-03-11T01:00:00Z') }),
    // G: m3 due 31 Mar, open, no responsible official (PERSON): open within deadline on 31 Mar.
    milestone('G', { dueOn: '2025-03-31', responsibleOfficialId: null }),
    // G: m4 due 1 Mar, open: overdue, by exactly 30 days on 31 Mar (K17, inclusive).
    milestone('G', { dueOn: '2025-03-01' }),
    // G: m5 due 20 Mar, cancelled 1 Mar, no deliverable: excluded from K12 and from six-clear PRODUCT.
    milestone('G', { dueOn: '2025-03-20', cancelledAt: at('2025-03-01T03:00:00Z'), deliverable: null }),
    // B: m7 due 25 Mar, completed 2 Apr: still open (overdue) when judged on 31 Mar.
    milestone('B', { dueOn: '2025-03-25', completedAt: at('2025-04-02T03:00:00Z') }),
    // H: started 24 Feb, before the signing on 1 Mar (lag −5, kept); due after Q1.
    milestone('H', { dueOn: '2025-06-30', actualStart: '2025-02-24', weight: '1.00' }),
    // H: a second milestone, weight 3, done 20 Mar (K13: H is 3/4 done).
    milestone('H', { dueOn: '2025-06-30', weight: '3.00', completedAt: at('2025-03-20T03:00:00Z') }),
    // E: a milestone without a deliverable (PRODUCT).
    milestone('E', { dueOn: '2025-12-31', deliverable: null, programId: id['E-program'] }),
    milestone('F', { dueOn: '2025-12-31' }),
  ]);
  // Targets (PRODUCT) everywhere except A.
  for (const c of ['B', 'C', 'D', 'E', 'F', 'G', 'H']) await target(m, c);

  // Reports. C: LIMITED twice (unchanged over the last two). F: last report 31 Dec 2024 10:00 +07 (90 days before 31 Mar).
  await m.save([
    report('C', '2025-01-31', '2025-02-20T03:00:00Z', 'LIMITED'),
    report('C', '2025-02-28', '2025-03-20T03:00:00Z', 'LIMITED'),
    report('F', '2024-12-31', '2024-12-31T03:00:00Z', 'SUBSTANTIAL'),
  ]);
  // Obstacles. E: detected 30 Jan 2025 09:00 +07, open (60 days on 31 Mar). H: beyond authority, not escalated, detected 5 Mar.
  const obstacle = (code: string, detected: string, beyond: boolean) =>
    Object.assign(new ObstacleEntity(), { id: uid(), commitmentId: id[code], milestoneId: null, category: 'LEGAL', description: `Vướng mắc ${code}`, detectedAt: at(detected), detectedBy: 'x', severity: 'HIGH', beyondAuthority: beyond, createdAt: at(detected), version: 1 });
  await m.save([obstacle('E', '2025-01-30T02:00:00Z', false), obstacle('H', '2025-03-05T02:00:00Z', true)]);
  // D: an opinion asked on Wed 22 Jan 2025, 7 working days: 23, 24 Jan, then Tết (25 Jan – 2 Feb), 3–7 Feb: due Fri 7 Feb.
  await m.save(Object.assign(new ConsultationEntity(), { id: uid(), commitmentId: id.D, consultee: 'MINISTRY:MOJ', sentOn: '2025-01-22', dueWorkingDays: 7, dueOn: '2025-01-31', version: 1 }));
  // D: also asked of MOFA on 22 Jan and answered Thu 6 Feb: on time only because Tết does not count.
  const opinion = (code: string, consultee: string, sentOn: string, repliedAt: string | null, answer = 'AGREE') =>
    Object.assign(new ConsultationEntity(), { id: uid(), commitmentId: id[code], consultee, sentOn, dueWorkingDays: 7, dueOn: sentOn, repliedAt: repliedAt ? at(repliedAt) : null, opinion: repliedAt ? answer : null, version: 1 });
  await m.save([
    opinion('D', 'MINISTRY:MOFA', '2025-01-22', '2025-02-06T03:00:00Z'),
    // C: sent Mon 3 Feb, due Wed 12 Feb; MOFA answers 10 Feb, MOJ at 23:30 +07 on 12 Feb (still 12 Feb).
    opinion('C', 'MINISTRY:MOFA', '2025-02-03', '2025-02-10T03:00:00Z'),
    opinion('C', 'MINISTRY:MOJ', '2025-02-03', '2025-02-12T16:30:00Z'),
    // G: sent Mon 6 Jan, due Wed 15 Jan; MOFA answers 16 Jan (late); MOIT disagrees on 8 Jan; the PM consented on 19 Jan.
    opinion('G', 'MINISTRY:MOFA', '2025-01-06', '2025-01-16T03:00:00Z'),
    opinion('G', 'MINISTRY:MOIT', '2025-01-06', '2025-01-08T03:00:00Z', 'DISAGREE'),
    // H: sent Thu 20 Feb, due Mon 3 Mar; MOFA answers Sat 1 Mar 10:00 +07, after the signing at 09:00 +07 that day (V2 fails).
    opinion('H', 'MINISTRY:MOFA', '2025-02-20', '2025-03-01T03:00:00Z'),
    // B: only MOJ, asked in December (not in Q1): no MOFA opinion (V2 fails).
    opinion('B', 'MINISTRY:MOJ', '2024-12-20', '2025-01-02T03:00:00Z'),
  ]);
  // Feasibility (K4). C: approved 08:00 +07 on its signing day, before the signing at 09:00: counts. G: conditional,
  // approved at 12:00 +07 on its signing day, after the signing: does not. H: not feasible. A: submitted, never decided.
  // LC (a border commune): approved before signing.
  const assessment = (code: string, verdict: string, status: string, decidedAt: string | null) =>
    Object.assign(new FeasibilityAssessmentEntity(), { id: uid(), commitmentId: id[code], budgetStatus: 'SECURED', counterpartReadiness: 'READY', verdict, status, submittedBy: 'x', submittedAt: at('2025-01-01T00:00:00Z'), decidedBy: decidedAt ? 'y' : null, decidedAt: decidedAt ? at(decidedAt) : null, version: 1 });
  await m.save([
    assessment('C', 'FEASIBLE', 'APPROVED', '2025-02-15T01:00:00Z'),
    assessment('G', 'CONDITIONAL', 'APPROVED', '2025-01-20T05:00:00Z'),
    assessment('H', 'NOT_FEASIBLE', 'APPROVED', '2025-02-01T01:00:00Z'),
    assessment('A', 'FEASIBLE', 'SUBMITTED', null),
    assessment('LC', 'FEASIBLE', 'APPROVED', '2025-07-20T01:00:00Z'),
  ]);
  // Annual plans for 2026 (K9): due 15 Nov 2025, a Saturday, so Mon 17 Nov. MOIT sends on 17 Nov 16:00 +07 (on time),
  // MOFA on 18 Nov (late); Lạng Sơn sends none. Drafts, so they change no other figure.
  const plan = (code: string, owner: string, submitted: string) =>
    Object.assign(new ActionProgramEntity(), { id: uid(), commitmentId: id[code], ownerAgency: owner, kind: 'ANNUAL', year: 2026, title: 'Kế hoạch 2026', status: 'DRAFT', submittedToMofaAt: at(submitted), createdAt: at('2025-01-01T00:00:00Z'), version: 1 });
  await m.save([plan('E', 'MINISTRY:MOIT', '2025-11-17T09:00:00Z'), plan('G', 'MINISTRY:MOFA', '2025-11-18T03:00:00Z')]);
  // Indicators (K14). C: baseline 2, target 10, actual 6 in Q1 -> 0.5. F: descending, baseline 100, target 50, actual 70 in 2024 -> 0.6.
  const measured = async (code: string, direction: string, baseline: string, periodEnd: string, targetValue: string, actual: string) => {
    const result = Object.assign(new ResultEntity(), { id: uid(), commitmentId: id[code], type: 'OUTCOME', title: 'Kết quả đo', createdAt: at('2024-01-01T00:00:00Z'), version: 1 });
    const indicator = Object.assign(new IndicatorEntity(), { id: uid(), resultId: result.id, commitmentId: id[code], title: 'Chỉ số đo', measure: 'UNIT', direction, baselineValue: baseline, createdAt: at('2024-01-01T00:00:00Z'), version: 1 });
    await m.save(result);
    await m.save(indicator);
    await m.save(Object.assign(new IndicatorPeriodEntity(), { id: uid(), indicatorId: indicator.id, commitmentId: id[code], periodStart: `${periodEnd.slice(0, 4)}-01-01`, periodEnd, target: targetValue, actual, version: 1 }));
  };
  await measured('C', 'ASCENDING', '2.0000', '2025-03-31', '10.0000', '6.0000');
  await measured('F', 'DESCENDING', '100.0000', '2024-12-31', '50.0000', '70.0000');
  // Reviews (K15, K16, K21). Q4 2024 review held 10 Jan: E LIMITED/GREEN, F SUBSTANTIAL/AMBER.
  // Q1 2025 review held 25 Mar: E NOT_STARTED/AMBER (worse), F SUBSTANTIAL/GREEN (better), C COMPLETE/AMBER_RED.
  const review = (rid: string, start: string, end: string, held: string) =>
    Object.assign(new ReviewEntity(), { id: (id[rid] = uid()), kind: 'QUARTERLY', ownerAgency: 'MINISTRY:MOFA', periodStart: start, periodEnd: end, scope: 'Rà soát', chair: 'x', heldAt: at(held), createdAt: at(held), version: 1 });
  await m.save([review('R1', '2024-10-01', '2024-12-31', '2025-01-10T03:00:00Z'), review('R2', '2025-01-01', '2025-03-31', '2025-03-25T03:00:00Z')]);
  const entry = (rid: string, code: string, level: string, confidence: string, recorded: string) =>
    Object.assign(new ReviewEntryEntity(), { reviewId: id[rid], commitmentId: id[code], completionLevel: level, deliveryConfidence: confidence, confidenceJustification: '...', recordedAt: at(recorded), version: 1 });
  await m.save([
    entry('R1', 'E', 'LIMITED', 'GREEN', '2025-01-10T03:00:00Z'),
    entry('R1', 'F', 'SUBSTANTIAL', 'AMBER', '2025-01-10T03:00:00Z'),
    entry('R2', 'E', 'NOT_STARTED', 'AMBER', '2025-03-25T03:00:00Z'),
    entry('R2', 'F', 'SUBSTANTIAL', 'GREEN', '2025-03-25T03:00:00Z'),
    entry('R2', 'C', 'COMPLETE', 'AMBER_RED', '2025-03-25T03:00:00Z'),
  ]);
  // Decisions: due 28 Mar, done 28 Mar 23:00 +07 (on time); due 20 Mar, done 25 Mar (late); due 15 Apr (not in Q1).
  const decision = (due: string, done: string | null) =>
    Object.assign(new ReviewDecisionEntity(), { id: uid(), reviewId: id.R2, decision: 'Đôn đốc', assigneeAgency: 'MINISTRY:MOFA', dueOn: due, doneAt: done ? at(done) : null, version: 1 });
  await m.save([decision('2025-03-28', '2025-03-28T16:00:00Z'), decision('2025-03-20', '2025-03-25T03:00:00Z'), decision('2025-04-15', null)]);
  // Obstacles resolved in Q1 (K18, K19). On G's m4 (due 1 Mar): detected 20 Feb, resolved 10 Mar (18 days, within authority).
  // On C's m2 (due 10 Mar): detected 12 Mar (after the due date), escalated, resolved 14 Mar (2 days).
  // On B: detected 20 Dec 2024, resolved 9 Jan (20 days, within authority).
  const [m4] = await m.findBy(MilestoneEntity, { commitmentId: id.G, dueOn: '2025-03-01' });
  const [m2] = await m.findBy(MilestoneEntity, { commitmentId: id.C, dueOn: '2025-03-10' });
  const resolved = (code: string, milestoneId: string | null, detected: string, resolvedAt: string, beyond: boolean) =>
    Object.assign(new ObstacleEntity(), { id: (id[`ob-${code}`] = uid()), commitmentId: id[code], milestoneId, category: 'TECHNICAL', description: `Đã xử lý ${code}`, detectedAt: at(detected), detectedBy: 'x', severity: 'MEDIUM', beyondAuthority: beyond, escalatedTo: beyond ? 'MINISTRY:MOFA' : null, escalatedAt: beyond ? at(detected) : null, resolvedAt: at(resolvedAt), resolution: 'Xong', createdAt: at(detected), version: 1 });
  await m.save([
    resolved('G', m4.id, '2025-02-20T03:00:00Z', '2025-03-10T03:00:00Z', false),
    resolved('C', m2.id, '2025-03-12T03:00:00Z', '2025-03-14T03:00:00Z', true),
    resolved('B', null, '2024-12-20T03:00:00Z', '2025-01-09T03:00:00Z', false),
  ]);
  // Feedback (K20). fb2: Mon 3 Feb, acknowledged next day, resolved Mon 24 Feb: 4 + 5 + 5 + 1 = 15 working days (within).
  // fb3: Mon 3 Mar, acknowledged 5 Mar, resolved Tue 25 Mar: 16 working days (not within); turned into an obstacle.
  // fb4: 20 Mar, open.
  const fb = (subject: string, received: string, ack: string | null, resolvedAt: string | null, obstacleId: string | null = null) =>
    Object.assign(new FeedbackEntity(), { id: uid(), receiptHash: 'y'.repeat(64), submitterKind: 'CITIZEN', subject, body: '...', commitmentId: id.C, localityId: '20', agency: 'LOCALITY:20', status: resolvedAt ? 'RESOLVED' : 'RECEIVED', receivedAt: at(received), acknowledgedAt: ack ? at(ack) : null, resolvedAt: resolvedAt ? at(resolvedAt) : null, obstacleId, version: 1 });
  await m.save([
    fb('fb2', '2025-02-03T03:00:00Z', '2025-02-04T03:00:00Z', '2025-02-24T03:00:00Z'),
    fb('fb3', '2025-03-03T03:00:00Z', '2025-03-05T03:00:00Z', '2025-03-25T03:00:00Z', id['ob-G']),
    fb('fb4', '2025-03-20T03:00:00Z', null, null),
  ]);
  // Feedback about C received Mon 20 Jan 2025 10:00 +07, unresolved: 15 working days = 21–24 Jan (4), 3–7 Feb (9), 10–14 Feb (14), 17 Feb (15).
  await m.save(Object.assign(new FeedbackEntity(), { id: uid(), receiptHash: 'x'.repeat(64), submitterKind: 'BUSINESS', subject: 'Góp ý C', body: '...', commitmentId: id.C, localityId: '20', agency: 'LOCALITY:20', status: 'RECEIVED', receivedAt: at('2025-01-20T03:00:00Z'), version: 1 }));
}

beforeAll(async () => {
  // The four subgraphs KPIs read from (a fifth, owning no agency, adds nothing here).
  graph = await openTestSupergraph([ministries, localities, partners, commitments] as SubgraphModule<unknown>[], { seed: 'reference' });
  await graph.subgraphs.commitments.database.dataSource.transaction(buildRegister);
});
afterAll(() => graph?.dispose());

const Q1_2025 = { kind: 'QUARTER', year: 2025, index: 1 };
const codes = (list: { code: string }[]) => list.map((c) => c.code.replace('KPI-', '')).sort();

async function kpis(fields: string, variables: Record<string, unknown> = {}) {
  return ok(await graph.query<any>(`query ($period: PeriodInput!, $asOf: Date, $filter: KpiFilter) { kpis(period: $period, asOf: $asOf, filter: $filter) { ${fields} } }`, { period: Q1_2025, ...variables })).kpis;
}

describe('K1 and K2: commitments signed in a period', () => {
  it('counts by the signing day in +07:00, includes later cancellations, and compares with a year earlier', async () => {
    const k = await kpis('asOf signed { count { value numerator commitments { code } } yearOnYear { value numerator denominator } previousCount byQuarter { key count } byAgency { key count } byPartner { key count } byLevel { key count } }');
    // Q1 2025: A (31 Mar 23:30 +07), B (cancelled later, still counted), C, G, H = 5. D signed 1 Apr 00:30 +07 (UTC 31 Mar) is Q2.
    expect(k.signed.count.value).toBe(5);
    expect(codes(k.signed.count.commitments)).toEqual(['A', 'B', 'C', 'G', 'H']);
    // Q1 2024: E, F (31 Mar 2024 23:30 +07) = 2; K2 = 5 / 2 = 2.5.
    expect(k.signed.previousCount).toBe(2);
    expect(k.signed.yearOnYear).toEqual({ value: 2.5, numerator: 5, denominator: 2 });
    expect(k.signed.byQuarter).toEqual([{ key: '2025-Q1', count: 5 }]);
    // MOIT: A, B; MOFA: G, H; LOCALITY 20: C.
    expect(k.signed.byAgency).toEqual([{ key: 'MINISTRY:MOFA', count: 2 }, { key: 'MINISTRY:MOIT', count: 2 }, { key: 'LOCALITY:20', count: 1 }]);
    // LA: A, C; CN: B, H; JP: G.
    expect(k.signed.byPartner).toEqual([{ key: 'CN', count: 2 }, { key: 'LA', count: 2 }, { key: 'JP', count: 1 }]);
    expect(k.signed.byLevel).toEqual([{ key: 'MINISTRY', count: 4 }, { key: 'PROVINCIAL_PEOPLES_COMMITTEE', count: 1 }]);
    // The as-of date of a past quarter is its last day.
    expect(k.asOf).toBe('2025-03-31');
  });

  it('filters by partner grouping (through the partners subgraph), lead agency and field', async () => {
    // ASEAN: LA is a member: A and C.
    expect((await kpis('signed { count { value } }', { filter: { partnerGrouping: 'ASEAN' } })).signed.count.value).toBe(2);
    // G7: JP: G.
    expect((await kpis('signed { count { value } }', { filter: { partnerGrouping: 'G7' } })).signed.count.value).toBe(1);
    // MOIT: A, B.
    expect((await kpis('signed { count { value } }', { filter: { leadAgency: { type: 'MINISTRY', id: 'MOIT' } } })).signed.count.value).toBe(2);
  });

  it('has no year-on-year figure for the term', async () => {
    const k = await kpis('signed { count { value } yearOnYear { value } previousCount }', { period: { kind: 'TERM' } });
    // 2021–2025: A B C G H D E F, and HG LC TQ = 11.
    expect(k.signed).toEqual({ count: { value: 11 }, yearOnYear: { value: null }, previousCount: null });
  });

  it("counts a province's communes and, across the 2025 mergers, the units merged into it", async () => {
    const { locality } = ok(await graph.query<any>('{ locality(id: "08") { kpis(period: { kind: TERM }) { signed { count { value commitments { code } } } } } }'));
    // Tuyên Quang (08): itself (TQ), its commune Lũng Cú (LC) and Hà Giang (HG, 2024, merged into it).
    expect(codes(locality.kpis.signed.count.commitments)).toEqual(['HG', 'LC', 'TQ']);
    // The same through the national query's filter; Lạng Sơn (20) has only C and F.
    expect((await kpis('signed { count { value } }', { period: { kind: 'TERM' }, filter: { localityId: '08' } })).signed.count.value).toBe(3);
    expect((await kpis('signed { count { value } }', { period: { kind: 'TERM' }, filter: { localityId: '20' } })).signed.count.value).toBe(2);
    // Before the merger, Hà Giang on its own: its one commitment.
    expect((await kpis('signed { count { value } }', { period: { kind: 'YEAR', year: 2024 }, filter: { localityId: '02' } })).signed.count.value).toBe(1);
  });

  it('gives a series by quarter with the same quarter a year earlier, in one statement', async () => {
    graph.resetCounters();
    const { kpiSeries } = ok(await graph.query<any>('{ kpiSeries(kpi: K1_SIGNED, from: "2025-01-01", to: "2025-06-30") { period { label } value previous ratio } }'));
    expect(kpiSeries).toEqual([
      { period: { label: 'Q1 2025' }, value: 5, previous: 2, ratio: 2.5 },
      // Q2 2025: D; Q2 2024: HG (1 Jun 2024).
      { period: { label: 'Q2 2025' }, value: 1, previous: 1, ratio: 1 },
    ]);
    // The series, and the KPI cache's data version (read once per request).
    expect(graph.statementCounts().commitments).toBe(2);
  });

  it('refuses a period without its year or index, naming the field', async () => {
    const e = errorOf(await graph.query('{ kpis(period: { kind: QUARTER, year: 2025 }) { asOf } }'));
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.message).toContain('period.index');
  });
});

describe('K3 six clear at the as-of date', () => {
  it('rates active commitments and lists every tied most-missing flag', async () => {
    const k = await kpis('sixClear { rate { value numerator denominator commitments { code } } meanScore missing { flag count } mostMissing }');
    // Active on 31 Mar 2025: A, C, E, F, G, H (B cancelled, D signed later) = 6.
    // A: TASK (no programme), PRODUCT (no target) missing -> 4/6.  C: all six -> 6/6.
    // E: TASK (draft programme only), PRODUCT (milestone without deliverable) -> 4/6.
    // F: TIME (no planned end), AUTHORITY (signer is not the decider, no delegation) -> 4/6.
    // G: PERSON (open m3 has no official); m5 has no deliverable but is cancelled -> 5/6.  H: RESPONSIBILITY -> 5/6.
    expect(k.sixClear.rate).toMatchObject({ numerator: 1, denominator: 6 });
    expect(k.sixClear.rate.value).toBeCloseTo(1 / 6, 10);
    expect(codes(k.sixClear.rate.commitments)).toEqual(['A', 'E', 'F', 'G', 'H']);
    // Mean score: (4 + 6 + 4 + 4 + 5 + 5) / 36 = 28/36.
    expect(k.sixClear.meanScore).toBeCloseTo(28 / 36, 10);
    expect(k.sixClear.missing).toEqual([
      { flag: 'PERSON', count: 1 },
      { flag: 'TASK', count: 2 },
      { flag: 'TIME', count: 1 },
      { flag: 'AUTHORITY', count: 1 },
      { flag: 'RESPONSIBILITY', count: 1 },
      { flag: 'PRODUCT', count: 2 },
    ]);
    // TASK and PRODUCT tie at 2: both are listed.
    expect(k.sixClear.mostMissing).toEqual(['TASK', 'PRODUCT']);
  });
});

describe('K10 signing-to-implementation lag', () => {
  it('takes the median and p75 by linear interpolation, keeps negative lags, and counts the waiting separately', async () => {
    const k = await kpis('lag { median p75 actedOn within30 { value numerator denominator } within90 { value } waiting { numerator denominator commitments { code } } oldestWaitingDays }');
    // Signed in Q1 2025: A, B, C, G, H.
    // B: programme approved 20 Jan (signed 10 Jan) = 10.  C: milestone started on the signing day = 0.
    // G: approved 20 Feb 00:30 +07 (19 Feb in UTC), signed 20 Jan = 31.  H: started 24 Feb, signed 1 Mar = −5.
    // A: no action yet: waiting, age 0 on 31 Mar.
    // Sorted lags [−5, 0, 10, 31]: median at h = 1.5 -> 0 + 0.5 × 10 = 5; p75 at h = 2.25 -> 10 + 0.25 × 21 = 15.25.
    expect(k.lag.median).toBeCloseTo(5, 10);
    expect(k.lag.p75).toBeCloseTo(15.25, 10);
    expect(k.lag.actedOn).toBe(4);
    // ≤ 30 days: −5, 0, 10 (G's 31 is not) -> 3/4.
    expect(k.lag.within30).toEqual({ value: 0.75, numerator: 3, denominator: 4 });
    expect(k.lag.within90.value).toBe(1);
    expect(k.lag.waiting).toEqual({ numerator: 1, denominator: 5, commitments: [{ code: 'KPI-A' }] });
    expect(k.lag.oldestWaitingDays).toBe(0);
  });

  it('right-censors at an earlier as-of date: actions after it do not count yet', async () => {
    // On 15 Feb: B (20 Jan) acted = 10; G approved 20 Feb, not yet: waiting 26 days (20 Jan -> 15 Feb);
    // C signed 15 Feb and started that day = 0; H and A signed later are not counted (signed after the as-of date).
    const k = await kpis('lag { median actedOn waiting { numerator } oldestWaitingDays }', { asOf: '2025-02-15' });
    expect(k.lag).toEqual({ median: 5, actedOn: 2, waiting: { numerator: 1 }, oldestWaitingDays: 26 });
  });
});

describe('K12 milestones due in the period', () => {
  it('puts each milestone due in Q1 into the four categories judged on 31 March', async () => {
    const k = await kpis('milestones { due doneOnTime doneLate openWithinDeadline openOverdue onTimeRate { value numerator denominator } completionRate { value } overdueShare { value } }');
    // Due in Q1: m1 (on time: 28 Feb 23:00 +07 is still 28 Feb), m2 (late), m3 (open, due 31 Mar), m4 (overdue),
    // m7 (completed 2 Apr: open and overdue on 31 Mar). m5 was cancelled: not counted. = 5.
    expect(k.milestones).toEqual({
      due: 5,
      doneOnTime: 1,
      doneLate: 1,
      openWithinDeadline: 1,
      openOverdue: 2,
      onTimeRate: { value: 0.2, numerator: 1, denominator: 5 },
      completionRate: { value: 0.4 },
      overdueShare: { value: 0.4 },
    });
  });
});

describe('K17 stalled commitments', () => {
  it('applies the policy thresholds inclusively on the as-of date', async () => {
    const k = await kpis('stalled { rate { value numerator denominator commitments { code } } noUpdate milestoneOverdue obstacleOpen progressUnchanged thresholdsVersion }');
    // Active: A, C, E, F, G, H.
    // E: no report since signing on 1 Feb 2024 (424 days ≥ 90) and an obstacle open since 30 Jan (60 days ≥ 60).
    // F: last report 31 Dec 2024 -> 90 days ≥ 90.  G: m4 due 1 Mar, open: 30 days overdue ≥ 30.
    // C: last two reports both LIMITED (unchanged).  A (0 days) and H (obstacle 26 days, 30 days idle) are not stalled.
    expect(k.stalled).toMatchObject({ noUpdate: 2, milestoneOverdue: 1, obstacleOpen: 1, progressUnchanged: 1, thresholdsVersion: 'K17-2025.1' });
    expect(k.stalled.rate).toMatchObject({ numerator: 4, denominator: 6 });
    expect(codes(k.stalled.rate.commitments)).toEqual(['C', 'E', 'F', 'G']);
  });
});

describe('K4–K9, K11, K13–K16, K18–K22', () => {
  it('K4 feasibility gate, K6 consultation, K8 copies and K22 decentralisation over the commitments signed in the period', async () => {
    const k = await kpis(`feasibility { value numerator denominator } consultation { value numerator denominator } copies { value numerator denominator }`);
    // Signed in Q1: A, B, C, G, H (all international agreements).
    // K4: only C (approved an hour before its signing on the same day). G's approval came after the signing. -> 1/5.
    expect(k.feasibility).toEqual({ value: 0.2, numerator: 1, denominator: 5 });
    // K6: C (MOFA and MOJ answered before) and G (MOIT disagreed, PM consented before) -> 2/5. H: MOFA answered after; B: no MOFA; A: none.
    expect(k.consultation).toEqual({ value: 0.4, numerator: 2, denominator: 5 });
    // K8: B (deadline rolled over Tết to 3 Feb) and C (Sunday 2 Mar rolled to 3 Mar) -> 2/5. G late, A and H none.
    expect(k.copies).toEqual({ value: 0.4, numerator: 2, denominator: 5 });
    const y = await kpis('decentralisation { byLevel { key count } belowProvince feasibility { value numerator denominator } consultation { numerator denominator } }', { period: { kind: 'YEAR', year: 2025 } });
    // 2025: A B G H D (MINISTRY), C TQ (province), LC (border commune). Below the province: LC, feasibility approved before, no consultation.
    expect(y.decentralisation).toEqual({
      byLevel: [{ key: 'MINISTRY', count: 5 }, { key: 'PROVINCIAL_PEOPLES_COMMITTEE', count: 2 }, { key: 'COMMUNE_PEOPLES_COMMITTEE_BORDER', count: 1 }],
      belowProvince: 1,
      feasibility: { value: 1, numerator: 1, denominator: 1 },
      consultation: { numerator: 0, denominator: 1 },
    });
  });

  it('K5 unrealised and K11 plan coverage at the as-of date', async () => {
    const k = await kpis('unrealised { value numerator denominator commitments { code } } planCoverage { value numerator denominator }');
    // Signed ≥ 365 days before 31 Mar 2025: E (1 Feb 2024) and F (31 Mar 2024, exactly 365). E: draft plan only, no start -> unrealised.
    expect(k.unrealised).toEqual({ value: 0.5, numerator: 1, denominator: 2, commitments: [{ code: 'KPI-E' }] });
    // Active and signed ≥ 30 days before: C, E, F, G, H (1 Mar, exactly 30). Approved programme: all but E -> 4/5.
    expect(k.planCoverage).toEqual({ value: 0.8, numerator: 4, denominator: 5 });
  });

  it('K7 opinions answered within 7 working days (Tết excluded), and the median days', async () => {
    const k = await kpis('opinions { requested answered onTime { numerator denominator } medianDays }');
    // Requested in Q1: D/MOJ (open), D/MOFA (due 7 Feb across Tết, answered 6 Feb: on time, 15 days), C/MOFA (on time, 7),
    // C/MOJ (12 Feb 23:30 +07, due 12 Feb: on time, 9), G/MOFA (late, 10), G/MOIT (on time, 2), H/MOFA (on time, 9).
    // B/MOJ was asked in December. On time 5 of 7; days [2, 7, 9, 9, 10, 15] -> median 9.
    expect(k.opinions).toEqual({ requested: 7, answered: 6, onTime: { numerator: 5, denominator: 7 }, medianDays: 9 });
  });

  it('K9 annual plans by 15 November, rolled over a weekend', async () => {
    const k = await kpis('annualPlans { planYear deadline rate { value numerator denominator } }', { period: { kind: 'YEAR', year: 2025 } });
    // Active agreements on 17 Nov 2025: MOIT (A, D, E), MOFA (G, H), Lạng Sơn (C, F) = 3 agencies; only MOIT sent on time.
    expect(k.annualPlans).toEqual({ planYear: 2026, deadline: '2025-11-17', rate: { value: 1 / 3, numerator: 1, denominator: 3 } });
  });

  it('K13 progress roll-up and K14 indicator attainment', async () => {
    const k = await kpis('progress { commitments weighted meanProgress } indicatorAttainment { indicators meanAttainment }');
    // Active with milestones: C (2 of 2 done = 1), E (0), F (0), G (m3, m4 open, m5 cancelled = 0), H (weights 1 and 3, the 3 done = 0.75).
    // Mean (1 + 0 + 0 + 0 + 0.75) / 5 = 0.35; only H is weighted.
    expect(k.progress.commitments).toBe(5);
    expect(k.progress.weighted).toBe(1);
    expect(k.progress.meanProgress).toBeCloseTo(0.35, 10);
    // C: (6 − 2) / (10 − 2) = 0.5; F (descending): (70 − 100) / (50 − 100) = 0.6; mean 0.55.
    expect(k.indicatorAttainment.indicators).toBe(2);
    expect(k.indicatorAttainment.meanAttainment).toBeCloseTo(0.55, 10);
  });

  it('K15 high completion, K16 confidence and K21 review coverage and follow-through', async () => {
    const k = await kpis('completion { value numerator denominator } confidence { mix { key count } worsened } reviews { coverage { value numerator denominator } decisionsOnTime { value numerator denominator } }');
    // Latest entries: E NOT_STARTED/AMBER, F SUBSTANTIAL/GREEN, C COMPLETE/AMBER_RED -> high completion 2/3.
    expect(k.completion).toEqual({ value: 2 / 3, numerator: 2, denominator: 3 });
    // E went GREEN -> AMBER (worse); F AMBER -> GREEN (better); C has one entry.
    expect(k.confidence).toEqual({ mix: [{ key: 'AMBER', count: 1 }, { key: 'AMBER_RED', count: 1 }, { key: 'GREEN', count: 1 }], worsened: 1 });
    // Active 6 (A C E F G H); C, E, F reviewed in Q1 -> 3/6. Decisions due in Q1: 2, one done on time.
    expect(k.reviews).toEqual({ coverage: { value: 0.5, numerator: 3, denominator: 6 }, decisionsOnTime: { value: 0.5, numerator: 1, denominator: 2 } });
  });

  it('K18 early detection and K19 resolution time split by escalation', async () => {
    const k = await kpis('obstacleTiming { value numerator denominator } obstacleResolution { resolved medianDays escalated escalatedMedianDays withinAuthority withinAuthorityMedianDays }');
    // Detected in Q1 with a milestone: on G's m4 (20 Feb < 1 Mar: early) and on C's m2 (12 Mar > 10 Mar) -> 1/2.
    expect(k.obstacleTiming).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    // Resolved in Q1: 18 (G), 2 (C, escalated), 20 (B) -> median 18; escalated [2]; within authority [18, 20] -> 19.
    expect(k.obstacleResolution).toEqual({ resolved: 3, medianDays: 18, escalated: 1, escalatedMedianDays: 2, withinAuthority: 2, withinAuthorityMedianDays: 19 });
  });

  it('K20 feedback: times, the 15-working-day share, obstacles and the backlog by age', async () => {
    const k = await kpis('feedback { received medianDaysToAcknowledge medianDaysToResolve resolvedWithin15WorkingDays { numerator denominator } turnedIntoObstacles { numerator denominator } backlogByAge { key count } }');
    // Received in Q1: fb1 (20 Jan, open), fb2, fb3, fb4. Acknowledged in 1 and 2 days -> 1.5; resolved in 21 and 22 days -> 21.5.
    // Within 15 working days: fb2 only (exactly 15). Into obstacles: fb3. Backlog on 31 Mar: fb4 (11 days), fb1 (70 days).
    expect(k.feedback).toEqual({
      received: 4,
      medianDaysToAcknowledge: 1.5,
      medianDaysToResolve: 21.5,
      resolvedWithin15WorkingDays: { numerator: 1, denominator: 4 },
      turnedIntoObstacles: { numerator: 1, denominator: 4 },
      backlogByAge: [{ key: '0-15', count: 1 }, { key: '61+', count: 1 }],
    });
  });
});

describe('Needs attention', () => {
  const LIST = `query ($asOf: Date) { needsAttention(asOf: $asOf) { reason ageDays since detail commitment { code }
    agency { __typename ... on Ministry { id name } ... on Locality { id name } }
    responsibleOfficial { __typename } } }`;

  it('lists every reason with its age, oldest first, with agency names from the owning subgraphs', async () => {
    const { needsAttention } = ok(await graph.query<any>(LIST, { asOf: '2025-03-31' }));
    const shape = needsAttention.map((i: any) => [i.reason, i.commitment?.code.replace('KPI-', '') ?? null, i.ageDays, i.since]);
    expect(shape).toEqual([
      ['STALLED', 'E', 424, '2024-02-01'],
      ['STALLED', 'F', 90, '2024-12-31'],
      ['STALLED', 'G', 70, '2025-01-20'],
      // Due Fri 7 Feb (7 working days across Tết): 52 days on 31 Mar.
      ['OPINION_OVERDUE', 'D', 52, '2025-02-07'],
      // 15 working days after 20 Jan across Tết: 17 Feb; 42 days on 31 Mar.
      ['FEEDBACK_PAST_SLA', 'C', 42, '2025-02-17'],
      ['OBSTACLE_AWAITING_ESCALATION', 'H', 26, '2025-03-05'],
      // Signed Sat 1 Mar: day 15 is Sun 16 Mar, so the period ends Mon 17 Mar; 14 days on 31 Mar.
      ['COPY_OVERDUE', 'H', 14, '2025-03-17'],
      ['STALLED', 'C', 11, '2025-03-20'],
    ]);
    const e = needsAttention[0];
    expect(e.agency).toEqual({ __typename: 'Ministry', id: 'MOIT', name: expect.any(String) });
    expect(e.agency.name.length).toBeGreaterThan(3);
    expect(e.responsibleOfficial).toEqual({ __typename: 'Official' });
    const opinion = needsAttention.find((i: any) => i.reason === 'OPINION_OVERDUE');
    expect(opinion.agency).toMatchObject({ __typename: 'Ministry', id: 'MOJ' });
  });

  it('rolls deadlines over weekends and Tết, not a day early', async () => {
    const reasons = async (asOf: string) => ok(await graph.query<any>(LIST, { asOf })).needsAttention.map((i: any) => `${i.reason}:${i.commitment?.code ?? ''}`);
    // 17 Mar (Monday) is the copy's last day: not overdue yet; 18 Mar: overdue.
    expect(await reasons('2025-03-17')).not.toContain('COPY_OVERDUE:KPI-H');
    expect(await reasons('2025-03-18')).toContain('COPY_OVERDUE:KPI-H');
    // The opinion is due 7 Feb (a weekend-only count would say 31 Jan): not overdue on 5 Feb.
    expect(await reasons('2025-02-05')).not.toContain('OPINION_OVERDUE:KPI-D');
    expect(await reasons('2025-02-10')).toContain('OPINION_OVERDUE:KPI-D');
    // Feedback: due 17 Feb (weekdays only would say 10 Feb): not past on 12 Feb, past on 18 Feb.
    expect(await reasons('2025-02-12')).not.toContain('FEEDBACK_PAST_SLA:KPI-C');
    expect(await reasons('2025-02-18')).toContain('FEEDBACK_PAST_SLA:KPI-C');
  });

  it('names each agency whose annual plan is missing once 15 November (rolled over the weekend) has passed', async () => {
    const missing = async (asOf: string) =>
      ok(await graph.query<any>(`query ($asOf: Date) { needsAttention(asOf: $asOf, first: 500) { reason ageDays since agency { __typename ... on Ministry { id } ... on Locality { id } } } }`, { asOf }))
        .needsAttention.filter((i: any) => i.reason === 'ANNUAL_PLAN_MISSING');
    // K9 below: plans for 2026 are due Mon 17 Nov 2025 (15 Nov is a Saturday); on that day nothing is late yet.
    expect(await missing('2025-11-17')).toEqual([]);
    // Three agencies had active agreements on 17 Nov and only MOIT's plan arrived: the other two, 3 days late on 20 Nov.
    const late = await missing('2025-11-20');
    expect(late).toHaveLength(2);
    expect(late.map((i: any) => i.agency.id)).not.toContain('MOIT');
    for (const item of late) expect(item).toMatchObject({ ageDays: 3, since: '2025-11-17' });
  });

  it('per agency: a ministry sees only its own commitments', async () => {
    const { ministry } = ok(await graph.query<any>('{ ministry(id: "MOFA") { needsAttention(asOf: "2025-03-31") { reason commitment { code } } } }'));
    expect(ministry.needsAttention.map((i: any) => `${i.reason}:${i.commitment.code}`)).toEqual(['STALLED:KPI-G', 'OBSTACLE_AWAITING_ESCALATION:KPI-H', 'COPY_OVERDUE:KPI-H']);
  });
});

describe('League tables', () => {
  it('ranks ministries by any column, names resolved by the ministries subgraph', async () => {
    const { leagueTable } = ok(await graph.query<any>(`{ leagueTable(kind: MINISTRY, period: { kind: QUARTER, year: 2025, index: 1 }, orderBy: { column: STALLED_RATE, direction: DESC }) {
      agency { __typename ... on Ministry { id name } } signed sixClearRate medianLag onTimeRate stalledRate feedbackSlaRate activeCommitments milestonesDue } }`));
    // MOIT: signed A, B = 2; active A, E -> six clear 0/2; lags: B 10 (A waiting) -> median 10; milestones due: m7 overdue -> 0/1;
    //       stalled: E -> 1/2.
    // MOFA: signed G, H = 2; active G, H -> 0/2; lags 31, −5 -> median 13; due m3, m4 -> on time 0/2; stalled G -> 1/2.
    expect(leagueTable.map((r: any) => ({ ...r, agency: r.agency.id }))).toEqual([
      // No feedback concerns a ministry's commitment: no K20 service level.
      { agency: 'MOFA', signed: 2, sixClearRate: 0, medianLag: 13, onTimeRate: 0, stalledRate: 0.5, feedbackSlaRate: null, activeCommitments: 2, milestonesDue: 2 },
      { agency: 'MOIT', signed: 2, sixClearRate: 0, medianLag: 10, onTimeRate: 0, stalledRate: 0.5, feedbackSlaRate: null, activeCommitments: 2, milestonesDue: 1 },
    ]);
    expect(leagueTable[0].agency.name.length).toBeGreaterThan(3);
    const asc = ok(await graph.query<any>('{ leagueTable(kind: MINISTRY, period: { kind: QUARTER, year: 2025, index: 1 }, orderBy: { column: MEDIAN_LAG, direction: ASC }) { agency { ... on Ministry { id } } medianLag } }'));
    expect(asc.leagueTable.map((r: any) => r.agency.id)).toEqual(['MOIT', 'MOFA']);
  });

  it('ranks provinces with their communes and predecessors', async () => {
    const { leagueTable } = ok(await graph.query<any>('{ leagueTable(kind: PROVINCE, period: { kind: QUARTER, year: 2025, index: 1 }, orderBy: { column: FEEDBACK_SLA }) { agency { __typename ... on Locality { id name } } signed stalledRate feedbackSlaRate } }'));
    // Lạng Sơn (20): signed C in Q1 2025; active C, F; stalled C and F -> 2/2. Feedback on C received in Q1: fb1–fb4, fb2 within 15 working days -> 1/4.
    expect(leagueTable).toEqual([{ agency: { __typename: 'Locality', id: '20', name: expect.stringContaining('Lạng Sơn') }, signed: 1, stalledRate: 1, feedbackSlaRate: 0.25 }]);
  });
});

describe('Series', () => {
  it('gives the same rows at each point whether the points are one statement (At.many) or one statement each (At.one)', async () => {
    // kpiSeries runs K3 and K17 point by point and K10 and K12 as one statement over every point (whichever is faster
    // at national scale): both ways must give the same figures. Quarters 2024–2025 and the year-earlier ones, each
    // judged at its last day; nationally and for one ministry.
    const sql = new KpiSql(graph.subgraphs.commitments.database.dataSource);
    const points = seriesPoints('2024-01-01', '2025-12-31', { now: () => new Date('2026-06-01T00:00:00Z') });
    expect(points).toHaveLength(12);
    const moit: ResolvedFilter = { lead: { type: 'MINISTRY', id: 'MOIT' } };
    const run = (kpi: string, f: ResolvedFilter, at: At) =>
      kpi === 'K3' ? sql.sixClear(f, at, NATIONAL) : kpi === 'K10' ? sql.lags(f, at, '', NATIONAL) : kpi === 'K12' ? sql.milestonesDue(f, at, '', NATIONAL) : sql.stalled(f, at, NATIONAL);
    const norm = (rows: Record<string, unknown>[], k: string) =>
      rows.map((r) => JSON.stringify(Object.entries({ ...r, g: k }).map(([n, v]) => [n, v === null || v === undefined ? null : Number.isNaN(Number(v)) ? String(v) : Number(v)]))).sort();
    let figures = 0;
    for (const f of [{}, moit]) {
      for (const kpi of ['K3', 'K10', 'K12', 'K17']) {
        const many = (await run(kpi, f, At.many(points))) as Record<string, unknown>[];
        for (const pt of points) {
          const one = (await run(kpi, f, At.one({ from: pt.from, toExclusive: pt.toExclusive }, pt.asOf))) as Record<string, unknown>[];
          expect([kpi, pt.k, norm(one, pt.k)]).toEqual([kpi, pt.k, norm(many.filter((r) => String(r.g) === pt.k), pt.k)]);
          figures += one.length;
        }
      }
    }
    // There is something to compare.
    expect(figures).toBeGreaterThan(20);
  });
});
