/**
 * The register's other record kinds (sheets.ts) in `importRegister` and in the export: each stored record seen as the
 * cells of its sheet (`valuesOf`), so a row is unchanged exactly when the export would write the same cells; each row
 * planned as create, update or unchanged against the record its natural key finds; references checked against the
 * rows of the same batch and the stored records (a row naming a refused row is refused too) and, for agencies and
 * officials, against the subgraphs that own them (through their API, never their tables).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { accordsError, badInput } from '@accords/errors';
import { isCentralOversight, requireAgencyRole, requireSignedIn, type AgencyRef, type Identity } from '@accords/auth';
import { legalDateOf, type BaseContext } from '@accords/subgraph-kit';
import { CommitmentEntity } from '../db/entities';
import { CommitmentPartyEntity, ConsultationEntity, FeasibilityAssessmentEntity } from '../db/lifecycle-entities';
import { ActionProgramEntity, FeedbackEntity, IndicatorEntity, IndicatorPeriodEntity, MilestoneEntity, ObstacleEntity, ResultEntity } from '../db/delivery-entities';
import { AGENCY_SUBGRAPH, AGENCY_TYPENAME, formatRef, parseAgencyKey, parseOwnerKey, type AgencyKind } from '../domain/agency';
import { workflowRulesOn } from '../domain/workflow-rules';
import type { Loaders } from '../loaders';
import { updateVersioned, type WriteScope } from '../services/write';
import { SIGNED_STATUSES, type RowProblem } from './columns';
import { SHEETS, SHEET_BY_ENUM, SHEET_BY_INPUT, cellText, commitmentCodeOf, naturalKeyOf, sheetCells, validateSheetRow, type SheetDef, type SheetInput, type SheetValues } from './sheets';

type Context = BaseContext<Loaders>;
type Calendar = Awaited<ReturnType<Loaders['calendar']['load']>>;

/** Ids (of one type) that the owning subgraph does not know, asked in one `_entities` call. */
export async function missingIds(ctx: Context, service: string, typename: string, ids: string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Set();
  const data = await ctx.peers.query<{ _entities: ({ id: string } | null)[] }>(
    service,
    `query Exists($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { id } } }`,
    { representations: unique.map((id) => ({ __typename: typename, id })) },
    { requestId: ctx.requestId, identity: ctx.identity },
  );
  return new Set(unique.filter((_, i) => !data._entities[i]));
}

/** The commitment a row belongs to, as this batch leaves it (a row of the Commitments sheet, or the stored record). */
export interface CommitmentTarget {
  id: string;
  code: string;
  /** Stored owner key, e.g. LOCALITY:20. */
  owner: string;
  /** Lead agency key, e.g. LOCALITY:20. */
  lead: string;
  instrumentClass: string;
  legalStatus: string;
  signedOn: string | null;
  /** Created by this batch, or its lead changes in this batch (its LEAD party is then written anew, with no official). */
  freshLead: boolean;
  copySentAt: Date | null;
  pmReportSentAt: Date | null;
}

/** Every stored record of some commitments, with the lookups their cells need (a milestone's programme, ...). */
export interface StoredRecords {
  parties: CommitmentPartyEntity[];
  assessments: FeasibilityAssessmentEntity[];
  consultations: ConsultationEntity[];
  programs: ActionProgramEntity[];
  milestones: MilestoneEntity[];
  results: ResultEntity[];
  indicators: IndicatorEntity[];
  periods: IndicatorPeriodEntity[];
  obstacles: ObstacleEntity[];
  feedback: FeedbackEntity[];
}

export async function loadRecords(manager: EntityManager, commitmentIds: string[]): Promise<StoredRecords> {
  const out: StoredRecords = { parties: [], assessments: [], consultations: [], programs: [], milestones: [], results: [], indicators: [], periods: [], obstacles: [], feedback: [] };
  for (let i = 0; i < commitmentIds.length; i += 500) {
    const ids = In(commitmentIds.slice(i, i + 500));
    const [parties, assessments, consultations, programs, milestones, results, indicators, periods, obstacles, feedback] = await Promise.all([
      manager.findBy(CommitmentPartyEntity, { commitmentId: ids }),
      manager.findBy(FeasibilityAssessmentEntity, { commitmentId: ids }),
      manager.findBy(ConsultationEntity, { commitmentId: ids }),
      manager.findBy(ActionProgramEntity, { commitmentId: ids }),
      manager.findBy(MilestoneEntity, { commitmentId: ids }),
      manager.findBy(ResultEntity, { commitmentId: ids }),
      manager.findBy(IndicatorEntity, { commitmentId: ids }),
      manager.findBy(IndicatorPeriodEntity, { commitmentId: ids }),
      manager.findBy(ObstacleEntity, { commitmentId: ids }),
      manager.findBy(FeedbackEntity, { commitmentId: ids }),
    ]);
    out.parties.push(...parties);
    out.assessments.push(...assessments);
    out.consultations.push(...consultations);
    out.programs.push(...programs);
    out.milestones.push(...milestones);
    out.results.push(...results);
    out.indicators.push(...indicators);
    out.periods.push(...periods);
    out.obstacles.push(...obstacles);
    out.feedback.push(...feedback);
  }
  return out;
}

/** A stored record as one sheet's typed cells (what the export writes; what a re-imported row is compared with). */
export interface StoredRow {
  def: SheetDef;
  commitmentId: string;
  values: SheetValues;
  entity: object;
  /** Versioned records' id; a party's is commitment|agency|role. */
  id: string;
}

const nul = <T>(v: T | undefined) => (v === undefined ? null : v);

/** Every stored record of these commitments as sheet rows (PostSigningCopies from the commitments themselves). */
export function storedRows(records: StoredRecords, commitments: Map<string, { code: string; copySentAt: Date | null; pmReportSentAt: Date | null }>): StoredRow[] {
  const codeOf = (id: string) => commitments.get(id)?.code ?? '';
  const programs = new Map(records.programs.map((p) => [p.id, p]));
  const milestones = new Map(records.milestones.map((m) => [m.id, m]));
  const results = new Map(records.results.map((r) => [r.id, r]));
  const indicators = new Map(records.indicators.map((i) => [i.id, i]));
  const rows: StoredRow[] = [];
  const push = (input: SheetInput, commitmentId: string, id: string, entity: object, values: SheetValues) =>
    rows.push({ def: SHEET_BY_INPUT.get(input)!, commitmentId, id, entity, values: { commitmentCode: codeOf(commitmentId), ...values } });
  for (const p of records.parties) push('parties', p.commitmentId, `${p.commitmentId}|${p.agency}|${p.role}`, p, { agency: p.agency, role: p.role, responsibleOfficial: p.responsibleOfficialId, roleDescription: p.roleDescription });
  for (const a of records.assessments) {
    push('feasibilityAssessments', a.commitmentId, a.id, a, {
      submittedAt: a.submittedAt, submittedBy: a.submittedBy, budgetAmount: a.budgetAmount, budgetCurrency: a.budgetCurrency, budgetSource: a.budgetSource, budgetStatus: a.budgetStatus,
      staffCount: a.staffCount, staffing: a.staffing, counterpartReadiness: a.counterpartReadiness, risks: a.risks, verdict: a.verdict, conditions: a.conditions, status: a.status,
      decidedBy: a.decidedBy, decidedAt: a.decidedAt, decisionNote: a.decisionNote,
    });
  }
  for (const c of records.consultations) {
    push('consultations', c.commitmentId, c.id, c, { consultee: c.consultee, sentOn: c.sentOn, dueOn: c.dueOn, repliedAt: c.repliedAt, opinion: c.opinion, comments: c.comments, documentRef: c.documentRef });
  }
  for (const [id, c] of commitments) {
    if (c.copySentAt || c.pmReportSentAt) rows.push({ def: SHEET_BY_INPUT.get('postSigningCopies')!, commitmentId: id, id, entity: c, values: { commitmentCode: c.code, copySentAt: c.copySentAt, pmReportSentAt: c.pmReportSentAt } });
  }
  for (const p of records.programs) {
    push('actionPrograms', p.commitmentId, p.id, p, { kind: p.kind, year: p.year, title: p.title, status: p.status, approvedAt: p.approvedAt, approvedBy: p.approvedBy, approvalDocument: p.approvalDocument, submittedToMofaAt: p.submittedToMofaAt });
  }
  for (const m of records.milestones) {
    const program = programs.get(m.programId);
    push('milestones', m.commitmentId, m.id, m, {
      programKind: program?.kind ?? null, programYear: nul(program?.year), task: m.task, parentTask: m.parentId ? nul(milestones.get(m.parentId)?.task) : null, ownerAgency: m.ownerAgency,
      responsibleOfficial: m.responsibleOfficialId, dueOn: m.dueOn, plannedStart: m.plannedStart, startedOn: m.actualStart, completedAt: m.completedAt, cancelledAt: m.cancelledAt,
      cancellationReason: m.cancellationReason, weight: m.weight, deliverable: m.deliverable, meansOfVerification: m.meansOfVerification,
    });
  }
  for (const r of records.results) push('results', r.commitmentId, r.id, r, { title: r.title, type: r.type, description: r.description });
  for (const i of records.indicators) {
    push('indicators', i.commitmentId, i.id, i, { resultTitle: nul(results.get(i.resultId)?.title), title: i.title, measure: i.measure, direction: i.direction, baselineValue: i.baselineValue, baselineYear: i.baselineYear });
  }
  for (const p of records.periods) {
    const indicator = indicators.get(p.indicatorId);
    push('indicatorPeriods', p.commitmentId, p.id, p, {
      resultTitle: indicator ? nul(results.get(indicator.resultId)?.title) : null, indicatorTitle: nul(indicator?.title), periodStart: p.periodStart, periodEnd: p.periodEnd, target: p.target, actual: p.actual,
    });
  }
  for (const o of records.obstacles) {
    push('obstacles', o.commitmentId, o.id, o, {
      detectedAt: o.detectedAt, category: o.category, severity: o.severity, description: o.description, detectedBy: o.detectedBy, beyondAuthority: !!o.beyondAuthority,
      milestoneTask: o.milestoneId ? nul(milestones.get(o.milestoneId)?.task) : null, escalatedTo: o.escalatedTo, escalatedAt: o.escalatedAt, resolvedAt: o.resolvedAt, resolution: o.resolution,
    });
  }
  for (const f of records.feedback) {
    if (!f.commitmentId) continue;
    push('feedback', f.commitmentId, f.id, f, {
      receivedAt: f.receivedAt, subject: f.subject, submitterKind: f.submitterKind, submitterName: f.submitterName, body: f.body, status: f.status,
      acknowledgedAt: f.acknowledgedAt, respondedAt: f.respondedAt, response: f.response, resolvedAt: f.resolvedAt, resolution: f.resolution,
    });
  }
  return rows;
}

/** Header-keyed cells of stored rows, sorted by commitment code and natural key: two exports of the same data are equal. */
export function exportCells(rows: StoredRow[]): Record<string, string>[] {
  const keyed = rows.map((r) => ({ sort: `${r.values.commitmentCode}\u0000${naturalKeyOf(r.def, r.values)}`, cells: sheetCells(r.def, r.values) }));
  return keyed.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0)).map((r) => r.cells);
}

const sameCells = (def: SheetDef, a: SheetValues, b: SheetValues) => def.columns.every((c) => cellText(a[c.key] ?? null) === cellText(b[c.key] ?? null));

/** One planned write. */
export interface RecordOp {
  def: SheetDef;
  action: 'CREATE' | 'UPDATE';
  id: string;
  target: CommitmentTarget;
  values: SheetValues;
  stored: StoredRow | null;
  /** Ids of the records it points at (programme, parent milestone, result, indicator, milestone). */
  refs: Record<string, string | null>;
}

export interface SheetCount {
  sheet: string;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
}

export interface RecordsPlan {
  problems: RowProblem[];
  ops: RecordOp[];
  counts: SheetCount[];
  /** Per commitment id: whether an approved feasibility assessment and a copy to MOFA are on record after the batch. */
  approvedAssessment: Set<string>;
  copies: Map<string, Date | null>;
}

type RowIn = Record<string, unknown> & { sheet?: string | null; row: number };

const refKey = (...parts: (string | number | null | undefined)[]) => JSON.stringify(parts.map((p) => (p === null || p === undefined ? '' : String(p).trim())));

/**
 * Plans the rows of every sheet but Commitments. `targets` are the commitments of the batch's accepted Commitments
 * rows; `refusedCodes` those of its refused rows (a row naming one is refused too). Throws FORBIDDEN when a row names
 * a commitment the caller's agency does not own.
 */
export async function planRecords(
  ctx: Context,
  actor: Identity,
  input: Partial<Record<SheetInput, readonly RowIn[] | null>>,
  targets: Map<string, CommitmentTarget>,
  refusedCodes: Map<string, { sheet: string; row: number }>,
): Promise<RecordsPlan> {
  const problems: RowProblem[] = [];
  const counts = new Map(SHEETS.map((s) => [s.name, { sheet: s.name, created: 0, updated: 0, unchanged: 0, refused: 0 }]));
  const refusedRows = new Set<string>();
  const refuse = (sheet: string, row: number, column: string | null, message: string) => {
    problems.push({ sheet, row, column, message });
    refusedRows.add(`${sheet}|${row}`);
  };

  // 1. Each row on its own.
  const rowsOf = new Map<SheetDef, { sheet: string; row: number; raw: RowIn; value: SheetValues | null; code: string }[]>();
  for (const def of SHEETS) {
    const list = [];
    for (const raw of input[def.input] ?? []) {
      const sheet = raw.sheet?.trim() || def.name;
      const checked = validateSheetRow(def, sheet, raw.row, raw);
      for (const p of checked.problems) refuse(p.sheet, p.row, p.column, p.message);
      list.push({ sheet, row: raw.row, raw, value: checked.value, code: commitmentCodeOf(raw) });
    }
    rowsOf.set(def, list);
  }
  const all = [...rowsOf.values()].flat();
  if (!all.length) return { problems, ops: [], counts: [...counts.values()], approvedAssessment: new Set(), copies: new Map() };

  // 2. The commitments the rows name: this batch's, else the stored ones.
  const wanted = [...new Set(all.map((r) => r.code).filter((c) => c && !targets.has(c) && !refusedCodes.has(c)))];
  const storedCommitments: CommitmentEntity[] = [];
  for (let i = 0; i < wanted.length; i += 500) storedCommitments.push(...(await ctx.db.manager.findBy(CommitmentEntity, { code: In(wanted.slice(i, i + 500)) })));
  const byCode = new Map(targets);
  for (const c of storedCommitments) {
    byCode.set(c.code, {
      id: c.id, code: c.code, owner: c.ownerAgency, lead: `${c.leadAgencyType}:${c.leadAgencyId}`, instrumentClass: c.instrumentClass, legalStatus: c.legalStatus, signedOn: c.signedOn,
      freshLead: false, copySentAt: c.copySentAt, pmReportSentAt: c.pmReportSentAt,
    });
  }
  for (const r of all) {
    const target = byCode.get(r.code);
    if (!target) continue;
    try {
      requireAgencyRole(actor, parseOwnerKey(target.owner), 'editor');
    } catch (error) {
      throw accordsError('FORBIDDEN', `${r.sheet} row ${r.row}: commitment ${r.code} belongs to ${target.owner}. ${(error as Error).message}`, { sheet: r.sheet, row: r.row, column: 'commitment_code' });
    }
  }

  // 3. What is stored for them, as sheet rows, by sheet and natural key.
  // (A commitment this batch creates has nothing stored: asking costs nothing.)
  const records = await loadRecords(ctx.db.manager, [...new Set(all.map((r) => byCode.get(r.code)?.id).filter((id): id is string => !!id))]);
  const byId = new Map([...byCode.values()].map((t) => [t.id, t]));
  const stored = storedRows(records, new Map([...byId].map(([id, t]) => [id, { code: t.code, copySentAt: t.copySentAt, pmReportSentAt: t.pmReportSentAt }])));
  const storedBy = new Map<string, StoredRow>();
  for (const s of stored) storedBy.set(`${s.def.name}|${s.commitmentId}|${naturalKeyOf(s.def, s.values)}`, s);

  // 4. Agencies and officials, each asked of the subgraph that owns it (one call per type).
  const calendar: Calendar = await ctx.loaders.calendar.load('all');
  const agencies = new Set<string>();
  const officials = { ministries: new Set<string>(), localities: new Set<string>() };
  const officialService = (agency: string) => AGENCY_SUBGRAPH[parseAgencyKey(agency).type as AgencyKind];
  for (const r of all) {
    const v = r.value;
    const target = byCode.get(r.code);
    if (!v || !target) continue;
    for (const key of ['agency', 'consultee', 'ownerAgency', 'escalatedTo']) if (typeof v[key] === 'string') agencies.add(v[key] as string);
    if (typeof v.responsibleOfficial === 'string') officials[officialService(String(v.agency ?? v.ownerAgency ?? target.lead))].add(v.responsibleOfficial);
  }
  const byType = (type: AgencyKind) => [...agencies].filter((a) => a.startsWith(`${type}:`)).map((a) => parseAgencyKey(a).id);
  const [missingMinistryOfficials, missingLocalOfficials, ...missingAgencies] = await Promise.all([
    missingIds(ctx, 'ministries', 'Official', [...officials.ministries]),
    missingIds(ctx, 'localities', 'LocalOfficial', [...officials.localities]),
    ...(['MINISTRY', 'MINISTRY_UNIT', 'LOCALITY', 'PROVINCIAL_DEPARTMENT'] as const).map(async (type) => [...(await missingIds(ctx, AGENCY_SUBGRAPH[type], AGENCY_TYPENAME[type], byType(type)))].map((id) => `${type}:${id}`)),
  ]);
  const unknownAgencies = new Set(missingAgencies.flat());

  // 5. Sheet by sheet, parents first: references to rows of this batch or stored records; then create/update/unchanged.
  const ops: RecordOp[] = [];
  /** Records a later row may point at: `${sheet}|${commitmentId}|${refKey}` -> id, or the refused row. */
  const known = new Map<string, { id: string } | { refused: { sheet: string; row: number } }>();
  for (const s of stored) {
    const v = s.values;
    if (s.def.input === 'actionPrograms') known.set(`ActionPrograms|${s.commitmentId}|${refKey(v.kind as string, v.year as number | null)}`, { id: s.id });
    if (s.def.input === 'milestones') known.set(`Milestones|${s.commitmentId}|${refKey(v.task as string)}`, { id: s.id });
    if (s.def.input === 'results') known.set(`Results|${s.commitmentId}|${refKey(v.title as string)}`, { id: s.id });
    if (s.def.input === 'indicators') known.set(`Indicators|${s.commitmentId}|${refKey(v.resultTitle as string, v.title as string)}`, { id: s.id });
  }
  /** The reference key a row offers to later rows (from its raw cells, so a refused row is found too). */
  const offers = (def: SheetDef, raw: RowIn): string | null => {
    const cell = (k: string) => (raw[k] === null || raw[k] === undefined ? null : String(raw[k]));
    if (def.input === 'actionPrograms') return refKey(cell('kind'), cell('year'));
    if (def.input === 'milestones') return refKey(cell('task'));
    if (def.input === 'results') return refKey(cell('title'));
    if (def.input === 'indicators') return refKey(cell('resultTitle'), cell('title'));
    return null;
  };
  const approvedAssessment = new Set(records.assessments.filter((a) => a.status === 'APPROVED').map((a) => a.commitmentId));
  const copies = new Map<string, Date | null>();

  for (const def of SHEETS) {
    const rows = rowsOf.get(def)!;
    const seenKeys = new Map<string, number>();
    // Milestones may name a parent further down the sheet: offer every milestone first, refuse in passes below.
    const pending: { r: (typeof rows)[number]; target: CommitmentTarget | null; offer: string | null }[] = [];
    for (const r of rows) {
      const target = byCode.get(r.code) ?? null;
      const offer = offers(def, r.raw);
      pending.push({ r, target, offer });
      if (!target || offer === null) continue;
      const key = `${def.name}|${target.id}|${offer}`;
      // A row of this batch stands for its key (a refused one makes the rows that point at it refused too).
      const storedId = r.value ? storedBy.get(`${def.name}|${target.id}|${naturalKeyOf(def, r.value)}`)?.id : undefined;
      known.set(key, refusedRows.has(`${r.sheet}|${r.row}`) ? { refused: { sheet: r.sheet, row: r.row } } : { id: storedId ?? randomUUID() });
    }
    const planned: { r: (typeof rows)[number]; target: CommitmentTarget; refs: Record<string, string | null>; values: SheetValues }[] = [];
    for (const { r, target, offer } of pending) {
      if (refusedRows.has(`${r.sheet}|${r.row}`)) continue;
      if (!r.value) continue;
      const v = { ...r.value };
      if (!target) {
        const refusedAt = refusedCodes.get(r.code);
        if (refusedAt) refuse(r.sheet, r.row, 'commitment_code', `Mã cam kết (cột commitment_code) "${r.code}": dòng này bị từ chối vì dòng của cam kết này (${refusedAt.sheet} dòng ${refusedAt.row}) bị từ chối`);
        else refuse(r.sheet, r.row, 'commitment_code', `Mã cam kết (cột commitment_code) "${r.code}": không có cam kết này trong trang Commitments hay trong hệ thống`);
        continue;
      }
      const natural = naturalKeyOf(def, v);
      const earlier = seenKeys.get(natural + target.id);
      if (earlier !== undefined) {
        refuse(r.sheet, r.row, def.naturalKey[0] ?? 'commitment_code', `Dòng trùng với dòng ${earlier} (cùng cam kết ${r.code} và ${def.naturalKey.length ? def.naturalKey.join(', ') : 'một dòng mỗi cam kết'})`);
        continue;
      }
      seenKeys.set(natural + target.id, r.row);
      const before = problems.length;
      const problem = (column: string, message: string) => refuse(r.sheet, r.row, column, message);
      /** A record this row points at, by the key it would offer: its id, or a refusal (dependent or unknown). */
      const pointAt = (sheet: string, column: string, key: string, what: string): string | null => {
        const hit = known.get(`${sheet}|${target.id}|${key}`);
        if (!hit) {
          problem(column, `${what} (cột ${column}): không có trong trang ${sheet} hay trong hệ thống cho cam kết ${r.code}`);
          return null;
        }
        if ('refused' in hit) {
          problem(column, `${what} (cột ${column}): dòng này bị từ chối vì dòng được tham chiếu (${hit.refused.sheet} dòng ${hit.refused.row}) bị từ chối`);
          return null;
        }
        return hit.id;
      };
      for (const key of ['agency', 'consultee', 'ownerAgency', 'escalatedTo']) {
        const header = def.columns.find((c) => c.key === key)?.header;
        if (header && typeof v[key] === 'string' && unknownAgencies.has(v[key] as string)) problem(header, `${def.columns.find((c) => c.key === key)!.label} (cột ${header}): không có ${v[key]} trong danh mục cơ quan`);
      }
      if (typeof v.responsibleOfficial === 'string') {
        const service = officialService(String(v.agency ?? v.ownerAgency ?? target.lead));
        if ((service === 'ministries' ? missingMinistryOfficials : missingLocalOfficials).has(v.responsibleOfficial)) {
          problem('responsible_official', `Cán bộ phụ trách (cột responsible_official): không có cán bộ mã ${v.responsibleOfficial} trong danh mục cán bộ (${service === 'ministries' ? 'Official, bộ ngành' : 'LocalOfficial, địa phương'})`);
        }
      }
      const refs: Record<string, string | null> = {};
      switch (def.input) {
        case 'parties':
          if (v.role === 'LEAD' && v.agency !== target.lead) problem('agency', `Cơ quan (cột agency) ${v.agency}: bên LEAD phải là cơ quan chủ trì của cam kết (${target.lead})`);
          break;
        case 'consultations':
          if (!v.dueOn) v.dueOn = calendar.addWorkingDays(v.sentOn as string, workflowRulesOn(v.sentOn as string).opinionWorkingDays);
          if (v.repliedAt && legalDateOf(v.repliedAt as Date) < (v.sentOn as string)) problem('replied_at', `Thời điểm trả lời (cột replied_at) trước ngày gửi ${v.sentOn}`);
          break;
        case 'postSigningCopies': {
          if (!target.signedOn) problem('commitment_code', `Cam kết ${r.code} chưa có ngày ký (cột signed_on trang Commitments): chỉ gửi bản sao sau khi ký`);
          for (const [key, header] of [['copySentAt', 'copy_sent_at'], ['pmReportSentAt', 'pm_report_sent_at']] as const) {
            if (target.signedOn && v[key] && legalDateOf(v[key] as Date) < target.signedOn) problem(header, `${header} trước ngày ký ${target.signedOn}`);
          }
          break;
        }
        case 'milestones':
          if (!v.ownerAgency) v.ownerAgency = target.lead;
          refs.programId = pointAt('ActionPrograms', 'program_kind', refKey(v.programKind as string, v.programYear as number | null), 'Chương trình');
          refs.parentId = v.parentTask ? pointAt('Milestones', 'parent_task', refKey(v.parentTask as string), 'Nhiệm vụ cha') : null;
          break;
        case 'indicators':
          refs.resultId = pointAt('Results', 'result_title', refKey(v.resultTitle as string), 'Kết quả');
          break;
        case 'indicatorPeriods':
          refs.indicatorId = pointAt('Indicators', 'indicator_title', refKey(v.resultTitle as string, v.indicatorTitle as string), 'Chỉ số');
          break;
        case 'obstacles':
          refs.milestoneId = v.milestoneTask ? pointAt('Milestones', 'milestone_task', refKey(v.milestoneTask as string), 'Mốc liên quan') : null;
          break;
        default:
          break;
      }
      if (problems.length !== before) {
        if (offer !== null) known.set(`${def.name}|${target.id}|${offer}`, { refused: { sheet: r.sheet, row: r.row } });
        continue;
      }
      planned.push({ r, target, refs, values: v });
    }
    // A milestone whose parent row was refused after the parent was offered: refuse until nothing changes.
    for (let changed = true; changed; ) {
      changed = false;
      for (const p of planned) {
        if (refusedRows.has(`${p.r.sheet}|${p.r.row}`) || def.input !== 'milestones' || !p.values.parentTask) continue;
        const hit = known.get(`Milestones|${p.target.id}|${refKey(p.values.parentTask as string)}`);
        if (hit && 'refused' in hit) {
          refuse(p.r.sheet, p.r.row, 'parent_task', `Nhiệm vụ cha (cột parent_task): dòng này bị từ chối vì dòng được tham chiếu (${hit.refused.sheet} dòng ${hit.refused.row}) bị từ chối`);
          known.set(`Milestones|${p.target.id}|${refKey(p.values.task as string)}`, { refused: { sheet: p.r.sheet, row: p.r.row } });
          changed = true;
        }
      }
    }
    const count = counts.get(def.name)!;
    for (const p of planned) {
      if (refusedRows.has(`${p.r.sheet}|${p.r.row}`)) continue;
      const { target, values } = p;
      const storedRow = storedBy.get(`${def.name}|${target.id}|${naturalKeyOf(def, values)}`) ?? null;
      const virtualLead = def.input === 'parties' && values.role === 'LEAD' && target.freshLead;
      const comparedWith = virtualLead ? { ...values, responsibleOfficial: null, roleDescription: null } : storedRow?.values;
      if (def.input === 'feasibilityAssessments' && values.status === 'APPROVED') approvedAssessment.add(target.id);
      if (def.input === 'feasibilityAssessments' && values.status !== 'APPROVED' && storedRow?.values.status === 'APPROVED') {
        if (!records.assessments.some((a) => a.commitmentId === target.id && a.status === 'APPROVED' && a.id !== storedRow.id)) approvedAssessment.delete(target.id);
      }
      if (def.input === 'postSigningCopies') copies.set(target.id, (values.copySentAt as Date | null) ?? null);
      if (comparedWith && sameCells(def, { ...comparedWith, commitmentCode: target.code }, values)) {
        count.unchanged++;
        continue;
      }
      const id = def.input === 'parties' ? `${target.id}|${values.agency}|${values.role}` : def.input === 'postSigningCopies' ? target.id : storedRow?.id ?? (known.get(`${def.name}|${target.id}|${offers(def, p.r.raw)}`) as { id: string } | undefined)?.id ?? randomUUID();
      const exists = !!storedRow || virtualLead || def.input === 'postSigningCopies';
      ops.push({ def, action: exists ? 'UPDATE' : 'CREATE', id, target, values, stored: storedRow, refs: p.refs });
      if (exists) count.updated++;
      else count.created++;
    }
  }
  for (const key of refusedRows) {
    const sheet = key.slice(0, key.lastIndexOf('|'));
    const def = SHEETS.find((s) => s.name === sheet || `${s.name}.csv` === sheet);
    if (def) counts.get(def.name)!.refused++;
  }
  return { problems, ops, counts: [...counts.values()], approvedAssessment, copies };
}

/** The entity columns a row sets (ids of referenced records resolved by the plan). */
function columnsOf(op: RecordOp, now: Date): Record<string, unknown> {
  const v = op.values;
  const t = op.target;
  switch (op.def.input) {
    case 'parties':
      return { responsibleOfficialId: v.responsibleOfficial, roleDescription: v.roleDescription };
    case 'feasibilityAssessments':
      return {
        submittedAt: v.submittedAt, submittedBy: v.submittedBy, budgetAmount: v.budgetAmount, budgetCurrency: v.budgetCurrency, budgetSource: v.budgetSource, budgetStatus: v.budgetStatus,
        staffCount: v.staffCount, staffing: v.staffing, counterpartReadiness: v.counterpartReadiness, risks: v.risks, verdict: v.verdict, conditions: v.conditions, status: v.status,
        decidedBy: v.decidedBy, decidedAt: v.decidedAt, decisionNote: v.decisionNote,
      };
    case 'consultations':
      return { consultee: v.consultee, sentOn: v.sentOn, dueOn: v.dueOn, dueWorkingDays: workflowRulesOn(v.sentOn as string).opinionWorkingDays, repliedAt: v.repliedAt, opinion: v.opinion, comments: v.comments, documentRef: v.documentRef };
    case 'postSigningCopies':
      return { copySentAt: v.copySentAt, pmReportSentAt: v.pmReportSentAt };
    case 'actionPrograms':
      return { kind: v.kind, year: v.year, title: v.title, status: v.status, approvedAt: v.approvedAt, approvedBy: v.approvedBy, approvalDocument: v.approvalDocument, submittedToMofaAt: v.submittedToMofaAt, ...(op.action === 'CREATE' ? { ownerAgency: t.owner, createdAt: now } : {}) };
    case 'milestones':
      return {
        programId: op.refs.programId, parentId: op.refs.parentId, task: v.task, ownerAgency: v.ownerAgency, responsibleOfficialId: v.responsibleOfficial, dueOn: v.dueOn, plannedStart: v.plannedStart,
        actualStart: v.startedOn, completedAt: v.completedAt, cancelledAt: v.cancelledAt, cancellationReason: v.cancellationReason, weight: v.weight, deliverable: v.deliverable,
        meansOfVerification: v.meansOfVerification, ...(op.action === 'CREATE' ? { createdAt: now } : {}),
      };
    case 'results':
      return { title: v.title, type: v.type, description: v.description, ...(op.action === 'CREATE' ? { createdAt: now } : {}) };
    case 'indicators':
      return { resultId: op.refs.resultId, title: v.title, measure: v.measure, direction: v.direction, baselineValue: v.baselineValue, baselineYear: v.baselineYear, ...(op.action === 'CREATE' ? { createdAt: now } : {}) };
    case 'indicatorPeriods':
      return { indicatorId: op.refs.indicatorId, periodStart: v.periodStart, periodEnd: v.periodEnd, target: v.target, actual: v.actual };
    case 'obstacles':
      return {
        milestoneId: op.refs.milestoneId, detectedAt: v.detectedAt, category: v.category, severity: v.severity, description: v.description, detectedBy: v.detectedBy, beyondAuthority: v.beyondAuthority ?? false,
        escalatedTo: v.escalatedTo, escalatedAt: v.escalatedAt, resolvedAt: v.resolvedAt, resolution: v.resolution, ...(op.action === 'CREATE' ? { createdAt: now } : {}),
      };
    case 'feedback': {
      const owner = parseOwnerKey(t.owner);
      return {
        receivedAt: v.receivedAt, subject: v.subject, submitterKind: v.submitterKind, submitterName: v.submitterName, body: v.body, status: v.status, acknowledgedAt: v.acknowledgedAt,
        respondedAt: v.respondedAt, response: v.response, resolvedAt: v.resolvedAt, resolution: v.resolution,
        ...(op.action === 'CREATE'
          ? {
              // No receipt exists for a record imported from a register: the hash is of a secret nobody holds.
              receiptHash: createHash('sha256').update(randomBytes(32)).digest('hex'), contact: null, agency: t.owner, localityId: owner.type === 'LOCALITY' ? owner.id : null,
              assignedAt: null, obstacleId: null,
            }
          : {}),
      };
    }
  }
}

const ENTITY = {
  feasibilityAssessments: FeasibilityAssessmentEntity,
  consultations: ConsultationEntity,
  actionPrograms: ActionProgramEntity,
  milestones: MilestoneEntity,
  results: ResultEntity,
  indicators: IndicatorEntity,
  indicatorPeriods: IndicatorPeriodEntity,
  obstacles: ObstacleEntity,
  feedback: FeedbackEntity,
} as const;

/** Writes the planned records in the import's transaction, with an audit entry each (after the Commitments rows). */
export async function writeRecords(scope: WriteScope, ops: RecordOp[], importedFrom: string): Promise<void> {
  const { manager, now } = scope;
  // New records go in multi-row INSERTs per table (200 rows each: the embedded engine bounds bound parameters).
  const inserts = new Map<unknown, object[]>();
  const insertLater = (entity: unknown, row: object) => (inserts.get(entity) ?? inserts.set(entity, []).get(entity)!).push(row);
  for (const op of ops) {
    const columns = columnsOf(op, now);
    const commitmentId = op.target.id;
    if (op.def.input === 'parties') {
      const where = { commitmentId, agency: op.values.agency as string, role: op.values.role as string };
      const before = op.stored ? (op.stored.entity as CommitmentPartyEntity) : op.action === 'UPDATE' ? { ...where, responsibleOfficialId: null, roleDescription: null } : null;
      if (op.action === 'CREATE') insertLater(CommitmentPartyEntity, { ...where, ...columns });
      else await manager.update(CommitmentPartyEntity, where, columns as never);
      scope.audit({ commitmentId, entityType: 'CommitmentParty', entityId: String(where.agency), action: op.action, before, after: { ...where, ...columns, importedFrom } });
      continue;
    }
    if (op.def.input === 'postSigningCopies') {
      const current = await manager.findOneByOrFail(CommitmentEntity, { id: commitmentId });
      await updateVersioned(scope, CommitmentEntity, 'Commitment', current, { ...columns, updatedAt: now } as never);
      scope.audit({ commitmentId, entityType: 'Commitment', entityId: commitmentId, action: 'UPDATE', before: current, after: { ...current, ...columns, importedFrom } });
      continue;
    }
    const entity = ENTITY[op.def.input];
    if (op.action === 'CREATE') {
      const row = { id: op.id, commitmentId, ...columns, version: 1 };
      insertLater(entity, row);
      scope.audit({ commitmentId, entityType: op.def.entityType, entityId: op.id, action: 'CREATE', before: null, after: { ...row, importedFrom } });
    } else {
      const before = op.stored!.entity as { id: string; version: number };
      await updateVersioned(scope, entity as never, op.def.entityType, before as never, columns as never);
      scope.audit({ commitmentId, entityType: op.def.entityType, entityId: op.id, action: 'UPDATE', before, after: { ...before, ...columns, importedFrom } });
    }
  }
  for (const [entity, rows] of inserts) for (let i = 0; i < rows.length; i += 200) await manager.insert(entity as never, rows.slice(i, i + 200) as never);
}

/**
 * The rule checks a historical record fails, judged on what the register holds after the import (not refused: stored
 * as findings). Only international agreements run the agreement workflow (Law 70/2020/QH14): a signed one with no
 * approved feasibility assessment fails V8 (counts against K4); one with no copy to MOFA, or a copy later than 15
 * days after signing (rolled to the next working day), fails V4 (counts against K8).
 */
export function findingsFor(
  c: { code: string; instrumentClass: string; legalStatus: string; signedOn: string | null },
  state: { approvedAssessment: boolean; copySentAt: Date | null },
  calendar: Calendar,
): { rule: string; message: string }[] {
  if (c.instrumentClass !== 'INTERNATIONAL_AGREEMENT' || !SIGNED_STATUSES.includes(c.legalStatus as never) || !c.signedOn) return [];
  const out: { rule: string; message: string }[] = [];
  if (!state.approvedAssessment) out.push({ rule: 'V8', message: `${c.code} was signed on ${c.signedOn} with no approved feasibility assessment on record (feasibility gate; counts against K4)` });
  if (!state.copySentAt) {
    out.push({ rule: 'V4', message: `${c.code}: no copy to the Ministry of Foreign Affairs within 15 days of signing is on record (Law 70/2020/QH14; counts against K8)` });
  } else {
    const dueOn = calendar.calendarDeadline(c.signedOn, workflowRulesOn(c.signedOn).postSigningCopyDays);
    const sentOn = legalDateOf(state.copySentAt);
    if (sentOn > dueOn) out.push({ rule: 'V4', message: `${c.code}: the copy to the Ministry of Foreign Affairs was sent on ${sentOn}, after it was due on ${dueOn} (Law 70/2020/QH14; counts against K8)` });
  }
  return out;
}

/** The owner of a stored owner key, for callers that hold only the key. */
export const ownerRef = (key: string): AgencyRef => parseOwnerKey(key);

/**
 * `registerRows`: one sheet's rows for some commitments (signed-in users; feedback only for central oversight and the
 * owning agency's users), in the column order of the sheet, sorted by commitment code and natural key.
 */
export async function registerRowsOf(ctx: Context, sheet: string, codes: readonly string[]): Promise<{ cells: { column: string; value: string }[] }[]> {
  const who = requireSignedIn(ctx.identity);
  const def = SHEET_BY_ENUM.get(sheet);
  if (!def) throw badInput(`sheet must be one of ${SHEETS.map((s) => s.enumValue).join(', ')}`, 'sheet');
  if (codes.length > 100) throw badInput(`codes has ${codes.length} codes; ask for at most 100 per call`, 'codes');
  const commitments = codes.length ? await ctx.db.manager.findBy(CommitmentEntity, { code: In([...new Set(codes)]) }) : [];
  const visible = def.input === 'feedback' && !isCentralOversight(who) ? commitments.filter((c) => who.agency && c.ownerAgency === formatRef(who.agency)) : commitments;
  const records = await loadRecords(ctx.db.manager, visible.map((c) => c.id));
  // A LEAD party with neither official nor role says no more than the commitment's lead_agency (every commitment
  // import writes one): it is not exported, so that commitments recorded without one export the same after a round trip.
  const bare = (r: StoredRow) => r.def.input === 'parties' && r.values.role === 'LEAD' && !r.values.responsibleOfficial && !r.values.roleDescription;
  const rows = storedRows(records, new Map(visible.map((c) => [c.id, { code: c.code, copySentAt: c.copySentAt, pmReportSentAt: c.pmReportSentAt }]))).filter((r) => r.def === def && !bare(r));
  return exportCells(rows).map((cells) => ({ cells: def.columns.map((c) => ({ column: c.header, value: cells[c.header] })) }));
}
