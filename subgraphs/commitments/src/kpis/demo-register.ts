import type { DataSource, EntityManager, ObjectLiteral, EntityTarget } from 'typeorm';
import { withTransaction } from '@accords/db';
import type { Logger } from '@accords/logger';
import { addDays } from '@accords/rules';
import {
  ActionProgramEntity,
  CommitmentEntity,
  CommitmentFieldEntity,
  CommitmentPartnerEntity,
  CommitmentPartyEntity,
  FeedbackEntity,
  IndicatorEntity,
  IndicatorPeriodEntity,
  MilestoneEntity,
  ObstacleEntity,
  ProgressReportEntity,
  ResultEntity,
} from '../db';
import demo from '../data/demo-commitments.json';

/**
 * A synthetic demo register for the KPIs (DESIGN section 6), deterministic (seeded), so that every figure is
 * non-trivial in GraphiQL. It is NOT real data. Only its headline shape follows the public figures quoted in DESIGN
 * section 1: 927 commitments in 2021–2025, 339 in the first nine months of 2025 of which 86 in Q3, about 2.5× the
 * same period of 2024 (here 136), about 350 in 2025. The split over the other quarters is an invented, smooth
 * ramp. The hand-written demo commitments (data/demo-commitments.json) count towards each quarter's total.
 */
export const QUARTER_TARGETS: Record<string, number> = {
  '2021-Q1': 25, '2021-Q2': 27, '2021-Q3': 28, '2021-Q4': 30,
  '2022-Q1': 32, '2022-Q2': 34, '2022-Q3': 35, '2022-Q4': 36,
  '2023-Q1': 35, '2023-Q2': 37, '2023-Q3': 38, '2023-Q4': 40,
  '2024-Q1': 40, '2024-Q2': 46, '2024-Q3': 50, '2024-Q4': 44,
  '2025-Q1': 120, '2025-Q2': 133, '2025-Q3': 86, '2025-Q4': 11,
};

const MINISTRIES = ['MOFA', 'MOIT', 'MOF', 'MOST', 'MOET', 'MOH', 'MOCST', 'MOC', 'MOJ', 'MOHA', 'MOND', 'MPS', 'MAE', 'SBV'];
/** Provincial-level units since 1 July 2025 (localities reference data), border provinces among them. */
const PROVINCES = ['01', '79', '31', '48', '20', '08', '15', '22', '04', '11', '44', '52', '56', '68', '91', '92', '46', '40'];
/** Border communes (land), which may sign under the rule set. */
const BORDER_COMMUNES = ['00712', '00721', '01330', '03151', '03412', '04042'];
/** Demo local officials of the localities subgraph, by province (data/demo-officials.json there). */
const LOCAL_OFFICIALS: Record<string, string> = { '01': 'a1f0c6de-0001-4c1e-9a00-000000000001', '79': 'a1f0c6de-0001-4c1e-9a00-000000000003', '20': 'a1f0c6de-0001-4c1e-9a00-000000000004' };
const ASEAN = ['LA', 'KH', 'TH', 'SG', 'MY', 'ID', 'PH', 'BN', 'MM'];
const OTHERS = ['CN', 'JP', 'KR', 'US', 'FR', 'DE', 'GB', 'IT', 'CA', 'IN', 'AU', 'RU', 'AE', 'IL', 'NZ', 'CU', 'HU', 'CZ', 'BR', 'CL'];
const FIELDS = ['POLITICS_DIPLOMACY', 'ECONOMY_TRADE_INVESTMENT', 'SCIENCE_TECHNOLOGY_INNOVATION', 'DIGITAL_TRANSFORMATION', 'EDUCATION_TRAINING', 'ENERGY', 'SECURITY_DEFENCE', 'CONSTRUCTION_TRANSPORT', 'AGRICULTURE_ENVIRONMENT', 'HEALTH', 'LABOUR', 'CULTURE_SPORT_TOURISM', 'JUSTICE', 'PEOPLE_TO_PEOPLE'];
const LEVELS = ['NOT_STARTED', 'LIMITED', 'SUBSTANTIAL', 'COMPLETE'];

/** mulberry32: a small deterministic generator, so the register is the same on every start. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)], chance: (p: number) => next() < p };
}

const quarterOf = (date: string) => `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
const quarterStart = (q: string) => `${q.slice(0, 4)}-${String((Number(q.slice(6)) - 1) * 3 + 1).padStart(2, '0')}-01`;
/** A civil date and an hour in +07:00 as a UTC instant. */
const instant = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+07:00`);

async function insertAll<T extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<T>, rows: T[]) {
  for (let i = 0; i < rows.length; i += 200) await m.insert(entity, rows.slice(i, i + 200) as never);
}

/** Generates the register once (idempotent: nothing happens when its first code exists). `idFor` makes stable ids. */
export async function seedDemoRegister(db: DataSource, options: { idFor: (code: string) => string; now: Date; logger?: Logger }): Promise<number> {
  if (await db.getRepository(CommitmentEntity).exists({ where: { code: 'GEN-2021-0001' } })) return 0;
  const rnd = random(20212025);
  const today = instant(new Date(options.now.getTime() + 7 * 3600_000).toISOString().slice(0, 10), 0);
  const handWritten = new Map<string, number>();
  for (const c of demo.commitments) if (c.signedOn) handWritten.set(quarterOf(c.signedOn), (handWritten.get(quarterOf(c.signedOn)) ?? 0) + 1);

  const rows = {
    commitments: [] as CommitmentEntity[], partners: [] as CommitmentPartnerEntity[], fields: [] as CommitmentFieldEntity[], parties: [] as CommitmentPartyEntity[],
    programs: [] as ActionProgramEntity[], milestones: [] as MilestoneEntity[], results: [] as ResultEntity[], indicators: [] as IndicatorEntity[],
    periods: [] as IndicatorPeriodEntity[], reports: [] as ProgressReportEntity[], obstacles: [] as ObstacleEntity[], feedback: [] as FeedbackEntity[],
  };
  let serial = 0;
  for (const [quarter, target] of Object.entries(QUARTER_TARGETS)) {
    const year = quarter.slice(0, 4);
    const count = Math.max(0, target - (handWritten.get(quarter) ?? 0));
    const start = quarterStart(quarter);
    for (let i = 0; i < count; i++) {
      const code = `GEN-${year}-${String(++serial).padStart(4, '0')}`;
      const id = options.idFor(code);
      const signedOn = addDays(start, rnd.int(quarter.endsWith('Q1') ? 90 : 91));
      const signedAt = instant(signedOn, 8 + rnd.int(14)); // 08:00–21:00 +07:00
      if (signedAt > options.now) continue;
      const roll = rnd.next();
      const [leadType, leadId] = roll < 0.55 ? ['MINISTRY', rnd.pick(MINISTRIES)] : roll < 0.92 ? ['LOCALITY', rnd.pick(PROVINCES)] : ['LOCALITY', rnd.pick(BORDER_COMMUNES)];
      const level = leadType === 'MINISTRY' ? 'MINISTRY' : BORDER_COMMUNES.includes(leadId) ? 'COMMUNE_PEOPLES_COMMITTEE_BORDER' : 'PROVINCIAL_PEOPLES_COMMITTEE';
      const political = rnd.chance(0.08);
      const cancelled = rnd.chance(0.04);
      const sixClear = rnd.chance(0.45);
      rows.commitments.push(Object.assign(new CommitmentEntity(), {
        id, code, titleVi: `Thỏa thuận hợp tác mẫu ${code}`, titleEn: `Sample cooperation agreement ${code} (synthetic demo data)`, summary: null,
        instrumentClass: political ? 'POLITICAL_COMMITMENT' : 'INTERNATIONAL_AGREEMENT', documentType: political ? 'JOINT_STATEMENT_ITEM' : rnd.chance(0.5) ? 'MOU' : 'AGREEMENT',
        leadAgencyType: leadType, leadAgencyId: leadId, ownerAgency: `${leadType}:${leadId}`, signedOn, signedAt, legalStatus: rnd.chance(0.7) ? 'IN_FORCE' : 'SIGNED',
        implementationStatus: cancelled ? 'CANCELLED' : 'IMPLEMENTATION', searchText: code.toLowerCase(), plannedEnd: sixClear || rnd.chance(0.5) ? `${Number(year) + 3}-12-31` : null,
        decidedBy: 'demo-decider', signedBy: sixClear || rnd.chance(0.8) ? 'demo-decider' : 'demo-signer',
        capabilitySnapshot: political ? null : JSON.stringify({ maySign: true, signatoryLevel: level, ruleSetVersion: 'demo' }),
        copySentAt: political ? null : rnd.chance(0.85) ? instant(addDays(signedOn, 3 + rnd.int(20)), 10) : null,
        createdAt: signedAt, version: 1,
      }));
      rows.partners.push(Object.assign(new CommitmentPartnerEntity(), { commitmentId: id, partnerId: rnd.chance(0.35) ? rnd.pick(ASEAN) : rnd.pick(OTHERS) }));
      rows.fields.push(Object.assign(new CommitmentFieldEntity(), { commitmentId: id, field: rnd.pick(FIELDS) }));
      const owner = `${leadType}:${leadId}`;
      rows.parties.push(Object.assign(new CommitmentPartyEntity(), { commitmentId: id, agency: owner, role: 'LEAD', responsibleOfficialId: sixClear ? (LOCAL_OFFICIALS[leadId] ?? 'demo-official') : null, roleDescription: 'Chủ trì' }));
      if (political) continue;
      // Action plan: approved 0–200 days after signing (some never), two to four milestones.
      const lag = rnd.chance(0.15) ? null : rnd.int(rnd.chance(0.6) ? 45 : 200);
      const approvedOn = lag === null ? null : addDays(signedOn, lag);
      const approved = approvedOn !== null && instant(approvedOn, 9) <= today;
      const programId = options.idFor(`${code}/programme`);
      rows.programs.push(Object.assign(new ActionProgramEntity(), {
        id: programId, commitmentId: id, ownerAgency: owner, kind: 'LONG_TERM', year: Number(year), title: `Chương trình thực hiện ${code}`,
        status: approved ? 'APPROVED' : 'DRAFT', approvedBy: approved ? 'demo-approver' : null, approvedAt: approved ? instant(approvedOn!, 9) : null, createdAt: signedAt, version: 1,
      }));
      const milestones = 2 + rnd.int(3);
      for (let k = 0; k < milestones; k++) {
        const dueOn = addDays(signedOn, 60 + k * 90 + rnd.int(60));
        const due = instant(dueOn, 17);
        const outcome = rnd.next();
        const completedAt = due > today ? (outcome < 0.2 ? instant(addDays(dueOn, -10), 15) : null) : outcome < 0.55 ? instant(addDays(dueOn, -rnd.int(20)), 15) : outcome < 0.8 ? instant(addDays(dueOn, 1 + rnd.int(40)), 15) : null;
        rows.milestones.push(Object.assign(new MilestoneEntity(), {
          id: options.idFor(`${code}/m${k}`), commitmentId: id, programId, parentId: null, task: `Hoạt động ${k + 1} của ${code}`,
          responsibleOfficialId: sixClear ? (LOCAL_OFFICIALS[leadId] ?? 'demo-official') : rnd.chance(0.5) ? 'demo-official' : null, ownerAgency: owner, dueOn,
          deliverable: sixClear || rnd.chance(0.7) ? 'Báo cáo kết quả' : null, weight: rnd.chance(0.3) ? String(1 + rnd.int(3)) : null,
          actualStart: approvedOn && k === 0 && rnd.chance(0.5) ? addDays(approvedOn, rnd.int(10) - 5) : null,
          completedAt: completedAt && completedAt <= options.now ? completedAt : null, cancelledAt: null, createdAt: signedAt, version: 1,
        }));
      }
      if (sixClear || rnd.chance(0.4)) {
        const resultId = options.idFor(`${code}/result`);
        const indicatorId = options.idFor(`${code}/indicator`);
        rows.results.push(Object.assign(new ResultEntity(), { id: resultId, commitmentId: id, type: 'OUTPUT', title: 'Kết quả đầu ra', createdAt: signedAt, version: 1 }));
        rows.indicators.push(Object.assign(new IndicatorEntity(), { id: indicatorId, resultId, commitmentId: id, title: 'Số hoạt động', measure: 'UNIT', direction: 'ASCENDING', baselineValue: '0', baselineYear: Number(year), createdAt: signedAt, version: 1 }));
        rows.periods.push(Object.assign(new IndicatorPeriodEntity(), { id: options.idFor(`${code}/period`), indicatorId, commitmentId: id, periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, target: String(4 + rnd.int(8)), actual: Number(year) < 2025 ? String(rnd.int(10)) : null, version: 1 }));
      }
      // Progress reports: none for some (they go quiet), one or two for the others.
      const reports = rnd.int(3);
      for (let r = 0; r < reports; r++) {
        const periodEnd = addDays(signedOn, 90 * (r + 1));
        if (instant(periodEnd, 12) > today) break;
        rows.reports.push(Object.assign(new ProgressReportEntity(), {
          id: options.idFor(`${code}/report${r}`), commitmentId: id, periodStart: addDays(periodEnd, -89), periodEnd, achievements: 'Đã triển khai các hoạt động theo kế hoạch.',
          completionLevel: rnd.pick(LEVELS), deliveryConfidence: rnd.pick(['GREEN', 'AMBER_GREEN', 'AMBER', 'AMBER_RED', 'RED']), confidenceJustification: 'Đánh giá của cơ quan chủ trì.',
          submittedBy: 'demo-editor', submittedAt: instant(addDays(periodEnd, 5 + rnd.int(20)), 10), version: 1,
        }));
      }
      if (rnd.chance(0.2)) {
        const detected = instant(addDays(signedOn, 30 + rnd.int(300)), 10);
        if (detected <= options.now) {
          const resolvedAt = rnd.chance(0.6) ? instant(addDays(signedOn, 30 + rnd.int(300) + 20 + rnd.int(80)), 16) : null;
          const beyond = rnd.chance(0.3);
          rows.obstacles.push(Object.assign(new ObstacleEntity(), {
            id: options.idFor(`${code}/obstacle`), commitmentId: id, milestoneId: null, category: rnd.pick(['LEGAL', 'FINANCIAL', 'ADMINISTRATIVE', 'PARTNER', 'COORDINATION']),
            description: 'Vướng mắc trong triển khai (dữ liệu mẫu).', detectedAt: detected, detectedBy: 'demo-editor', severity: rnd.pick(['LOW', 'MEDIUM', 'HIGH']), beyondAuthority: beyond,
            escalatedTo: beyond && rnd.chance(0.5) ? 'MINISTRY:MOFA' : null, escalatedAt: null, resolvedAt: resolvedAt && resolvedAt > detected && resolvedAt <= options.now ? resolvedAt : null,
            resolution: null, createdAt: detected, version: 1,
          }));
        }
      }
      if (rnd.chance(0.12)) {
        const received = instant(addDays(signedOn, 20 + rnd.int(200)), 9);
        if (received <= options.now) {
          const resolvedAt = rnd.chance(0.6) ? instant(addDays(signedOn, 20 + rnd.int(200) + 5 + rnd.int(40)), 15) : null;
          rows.feedback.push(Object.assign(new FeedbackEntity(), {
            id: options.idFor(`${code}/feedback`), receiptHash: '0'.repeat(64), submitterKind: rnd.pick(['BUSINESS', 'CITIZEN', 'EXPERT', 'ASSOCIATION']), submitterName: null, contact: null,
            subject: `Góp ý về ${code}`, body: 'Dữ liệu mẫu.', commitmentId: id, localityId: leadType === 'LOCALITY' ? leadId : null, agency: owner,
            status: resolvedAt && resolvedAt > received && resolvedAt <= options.now ? 'RESOLVED' : 'RECEIVED', receivedAt: received,
            acknowledgedAt: instant(addDays(received.toISOString().slice(0, 10), 1 + rnd.int(5)), 10), resolvedAt: resolvedAt && resolvedAt > received && resolvedAt <= options.now ? resolvedAt : null, version: 1,
          }));
        }
      }
    }
  }
  await withTransaction(db, async (m) => {
    await insertAll(m, CommitmentEntity, rows.commitments);
    await insertAll(m, CommitmentPartnerEntity, rows.partners);
    await insertAll(m, CommitmentFieldEntity, rows.fields);
    await insertAll(m, CommitmentPartyEntity, rows.parties);
    await insertAll(m, ActionProgramEntity, rows.programs);
    await insertAll(m, MilestoneEntity, rows.milestones);
    await insertAll(m, ResultEntity, rows.results);
    await insertAll(m, IndicatorEntity, rows.indicators);
    await insertAll(m, IndicatorPeriodEntity, rows.periods);
    await insertAll(m, ProgressReportEntity, rows.reports);
    await insertAll(m, ObstacleEntity, rows.obstacles);
    await insertAll(m, FeedbackEntity, rows.feedback);
  });
  options.logger?.info({ commitments: rows.commitments.length, milestones: rows.milestones.length }, 'Synthetic demo register for the KPIs loaded');
  return rows.commitments.length;
}
