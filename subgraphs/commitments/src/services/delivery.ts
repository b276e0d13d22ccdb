import { randomUUID } from 'node:crypto';
import type DataLoader from 'dataloader';
import { IsNull, Not, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import { accordsError, badInput, conflict, failedPrecondition, notFound } from '@accords/errors';
import { isCentralOversight, requireAgencyRole, requireSignedIn, type Identity } from '@accords/auth';
import { legalDateOf, toLegalTime, type BaseContext } from '@accords/subgraph-kit';
import type { CommitmentEntity } from '../db/entities';
import { CommitmentPartyEntity } from '../db/lifecycle-entities';
import {
  ActionProgramEntity,
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
} from '../db/delivery-entities';
import { AGENCY_SUBGRAPH, AGENCY_TYPENAME, agencyKey, formatRef, leadKeyOf, ownerOfCommitment, parseOwnerKey, type AgencyInput } from '../domain/agency';
import { resolveOwner } from './owner';
import { newReceipt, validFeedback } from '../domain/feedback';
import { isPreSigning } from '../domain/legal-status';
import * as check from '../domain/validate';
import { workflowRulesNow } from '../domain/workflow-rules';
import type { Loaders } from '../loaders';
import type {
  MilestoneUpdateInput,
  IndicatorUpdateInput,
  ProgressReportUpdateInput,
  ResultUpdateInput,
  MutationAcknowledgeFeedbackArgs,
  MutationAddIndicatorArgs,
  MutationAddMilestoneArgs,
  MutationAddResultArgs,
  MutationApproveActionProgramArgs,
  MutationAssignFeedbackArgs,
  MutationCancelMilestoneArgs,
  MutationCompleteMilestoneArgs,
  MutationCompleteReviewDecisionArgs,
  MutationCreateActionProgramArgs,
  MutationEscalateObstacleArgs,
  MutationLinkFeedbackToObstacleArgs,
  MutationRecordActionProgramSubmissionArgs,
  MutationRecordReviewArgs,
  MutationRemoveIndicatorPeriodArgs,
  MutationReportObstacleArgs,
  MutationResolveFeedbackArgs,
  MutationResolveObstacleArgs,
  MutationRespondToFeedbackArgs,
  MutationSetIndicatorPeriodArgs,
  MutationSubmitFeedbackArgs,
  MutationSubmitProgressReportArgs,
  MutationUpdateActionProgramArgs,
  MutationUpdateIndicatorArgs,
  MutationUpdateMilestoneArgs,
  MutationUpdateProgressReportArgs,
  MutationUpdateResultArgs,
} from '../generated/resolvers-types';
import { assertExist } from './capability';
import { ownerGuard } from './lifecycle';
import { WriteScope, auditedWrite, deleteVersioned, expectVersion, lockCommitment, updateVersioned, writeOnCommitment, type Versioned } from './write';

type Context = BaseContext<Loaders>;
type Role = 'editor' | 'approver';

const ownerKeyOf = (c: CommitmentEntity) => c.ownerAgency;
const rulesVersion = (ctx: Pick<Context, 'clock'>) => workflowRulesNow(ctx.clock.now()).version;
const { notInFuture } = check;

/** An action plan follows the signing (DESIGN section 5): nothing to deliver before, nothing after withdrawal. */
function requireSigned(c: CommitmentEntity, step: string, ctx: Pick<Context, 'clock'>): void {
  if (isPreSigning(c.legalStatus) || c.legalStatus === 'WITHDRAWN') {
    throw failedPrecondition([{ rule: 'LIFECYCLE', message: `${step} needs a signed commitment; ${c.code} is ${c.legalStatus}` }], rulesVersion(ctx));
  }
}

async function insertRecord<T extends ObjectLiteral & { id: string }>(scope: WriteScope, entity: EntityTarget<T>, entityType: string, commitmentId: string | null, row: T, audited: ObjectLiteral = row): Promise<T> {
  await scope.manager.insert(entity, row);
  scope.audit({ commitmentId, entityType, entityId: row.id, action: 'CREATE', before: null, after: audited });
  return row;
}

/** Saves changes under the version read (the version column increments) and audits the difference. */
async function updateRecord<T extends Versioned>(scope: WriteScope, entity: EntityTarget<T>, entityType: string, commitmentId: string | null, before: T, changes: Partial<T>): Promise<T> {
  await updateVersioned(scope, entity, entityType, before, changes);
  const after = Object.assign(Object.create(Object.getPrototypeOf(before)) as T, before, changes, { version: before.version + 1 });
  scope.audit({ commitmentId, entityType, entityId: before.id, action: 'UPDATE', before, after });
  return after;
}

interface RecordKind<T extends Versioned & { commitmentId: string }> {
  name: string;
  entity: EntityTarget<T>;
  loader: (ctx: Context) => DataLoader<string, T | null>;
}

const PROGRAM: RecordKind<ActionProgramEntity> = { name: 'ActionProgram', entity: ActionProgramEntity, loader: (ctx) => ctx.loaders.delivery.programById };
const MILESTONE: RecordKind<MilestoneEntity> = { name: 'Milestone', entity: MilestoneEntity, loader: (ctx) => ctx.loaders.delivery.milestoneById };
const OBSTACLE: RecordKind<ObstacleEntity> = { name: 'Obstacle', entity: ObstacleEntity, loader: (ctx) => ctx.loaders.delivery.obstacleById };
const REPORT: RecordKind<ProgressReportEntity> = { name: 'ProgressReport', entity: ProgressReportEntity, loader: (ctx) => ctx.loaders.delivery.reportById };
const INDICATOR: RecordKind<IndicatorEntity> = { name: 'Indicator', entity: IndicatorEntity, loader: (ctx) => ctx.loaders.delivery.indicatorById };
const RESULT: RecordKind<ResultEntity> = { name: 'Result', entity: ResultEntity, loader: (ctx) => ctx.loaders.delivery.resultById };
const PERIOD: RecordKind<IndicatorPeriodEntity> = { name: 'IndicatorPeriod', entity: IndicatorPeriodEntity, loader: (ctx) => ctx.loaders.delivery.periodById };

async function commitmentOf<T extends Versioned & { commitmentId: string }>(ctx: Context, kind: RecordKind<T>, id: string): Promise<string> {
  const found = await kind.loader(ctx).load(id);
  if (!found) throw notFound(kind.name, id);
  return found.commitmentId;
}

/**
 * Works on one delivery record under its commitment's write rules: the owner's `role`, the commitment row locked, the
 * record re-read in the transaction (NOT_FOUND when it went meanwhile) and held to the version the caller read.
 */
async function onRecord<T extends Versioned & { commitmentId: string }, R>(
  ctx: Context,
  kind: RecordKind<T>,
  id: string,
  version: number,
  role: Role,
  work: (before: T, scope: WriteScope, c: CommitmentEntity) => Promise<R>,
): Promise<R> {
  const commitmentId = await commitmentOf(ctx, kind, id);
  return writeOnCommitment(ctx, commitmentId, ownerGuard(role), async (scope, c) => {
    const before = await scope.manager.findOneBy(kind.entity, { id } as unknown as FindOptionsWhere<T>);
    if (!before) throw notFound(kind.name, id);
    expectVersion(kind.name, id, before.version, version);
    return work(before, scope, c);
  });
}

/** Changes one delivery record (see `onRecord`) and audits the difference. */
function editRecord<T extends Versioned & { commitmentId: string }>(
  ctx: Context,
  kind: RecordKind<T>,
  id: string,
  version: number,
  role: Role,
  change: (before: T, scope: WriteScope, c: CommitmentEntity) => Partial<T> | Promise<Partial<T>>,
): Promise<T> {
  return onRecord(ctx, kind, id, version, role, async (before, scope, c) => updateRecord(scope, kind.entity, kind.name, c.id, before, await change(before, scope, c)));
}

// ---- Action programmes and milestones ----


function checkYear(kind: string, year: number | null | undefined): number | null {
  if (year !== null && year !== undefined && (!Number.isInteger(year) || year < 2000 || year > 2100)) throw badInput(`year must be between 2000 and 2100 (got ${year})`, 'year');
  if (kind === 'ANNUAL' && (year === null || year === undefined)) throw badInput('year is required for an annual programme', 'year');
  return year ?? null;
}

export function createActionProgram({ commitmentId, input }: MutationCreateActionProgramArgs, ctx: Context): Promise<ActionProgramEntity> {
  const year = checkYear(input.kind, input.year);
  const title = check.text(input.title, 'title', 500, true)!;
  return writeOnCommitment(ctx, commitmentId, ownerGuard('editor'), async (scope, c) => {
    requireSigned(c, 'An action programme', ctx);
    const row = Object.assign(new ActionProgramEntity(), {
      id: randomUUID(), commitmentId: c.id, ownerAgency: ownerKeyOf(c), kind: input.kind, year, title, status: 'DRAFT',
      approvedBy: null, approvedAt: null, approvalDocument: null, submittedToMofaAt: null, createdAt: scope.now, version: 1,
    });
    return insertRecord(scope, ActionProgramEntity, 'ActionProgram', c.id, row);
  });
}

export function updateActionProgram({ id, version, input }: MutationUpdateActionProgramArgs, ctx: Context): Promise<ActionProgramEntity> {
  return editRecord(ctx, PROGRAM, id, version, 'editor', (p) => {
    const changes: Partial<ActionProgramEntity> = {};
    if (input.title !== undefined && input.title !== null) changes.title = check.text(input.title, 'title', 500, true)!;
    if (input.kind || input.year !== undefined) {
      changes.kind = input.kind ?? p.kind;
      changes.year = checkYear(changes.kind, input.year === undefined ? p.year : input.year);
    }
    if (p.status === 'APPROVED' && (changes.kind !== undefined || changes.year !== undefined)) {
      throw failedPrecondition([{ rule: 'LIFECYCLE', message: `Programme "${p.title}" is approved; its kind and year are fixed` }], rulesVersion(ctx));
    }
    return changes;
  });
}

/** Approval of the programme by the agency's leadership (approver role); six-clear "task" counts approved programmes. */
export function approveActionProgram({ id, version, approvedAt, document }: MutationApproveActionProgramArgs, ctx: Context): Promise<ActionProgramEntity> {
  notInFuture(approvedAt, 'approvedAt', ctx.clock.now());
  return editRecord(ctx, PROGRAM, id, version, 'approver', (p, scope) => {
    if (p.status === 'APPROVED') throw failedPrecondition([{ rule: 'LIFECYCLE', message: `Programme "${p.title}" was already approved on ${p.approvedAt ? toLegalTime(p.approvedAt) : 'an unrecorded date'}` }], rulesVersion(ctx));
    return { status: 'APPROVED', approvedBy: scope.actor.subject, approvedAt: approvedAt ?? scope.now, approvalDocument: check.text(document, 'document', 300) };
  });
}

/** V7: when the plan went to the Ministry of Foreign Affairs (due 15 November of the year before). */
export function recordProgramSubmission({ id, version, submittedAt }: MutationRecordActionProgramSubmissionArgs, ctx: Context): Promise<ActionProgramEntity> {
  notInFuture(submittedAt, 'submittedAt', ctx.clock.now());
  return editRecord(ctx, PROGRAM, id, version, 'editor', () => ({ submittedToMofaAt: submittedAt }));
}


/** The columns a milestone input sets (adding also requires task and dueOn); a field left out is not changed. */
function milestoneColumns(input: MilestoneUpdateInput): Partial<MilestoneEntity> {
  const columns: Partial<MilestoneEntity> = {};
  if (input.task !== undefined) columns.task = check.text(input.task, 'task', 500, true)!;
  if (input.responsibleOfficialId !== undefined) columns.responsibleOfficialId = check.text(input.responsibleOfficialId, 'responsibleOfficialId', 40);
  if (input.deliverable !== undefined) columns.deliverable = check.text(input.deliverable, 'deliverable', 500);
  if (input.meansOfVerification !== undefined) columns.meansOfVerification = check.text(input.meansOfVerification, 'meansOfVerification', 500);
  if (input.weight !== undefined) {
    if (input.weight !== null && !(Number(input.weight) > 0 && Number(input.weight) <= 1_000_000)) throw badInput(`weight must be more than 0 and at most 1000000 (got ${input.weight}); leave it out for an unweighted milestone`, 'weight');
    columns.weight = input.weight === null ? null : Number(input.weight).toFixed(2);
  }
  if (input.dueOn !== undefined) columns.dueOn = input.dueOn;
  if (input.plannedStart !== undefined) columns.plannedStart = input.plannedStart;
  if (input.actualStart !== undefined) columns.actualStart = input.actualStart;
  return columns;
}

/** The milestone's agency must take part in the commitment (the lead or another party). */
async function partyAgency(scope: WriteScope, c: CommitmentEntity, agency: AgencyInput | null | undefined): Promise<string> {
  const lead = leadKeyOf(c);
  if (!agency) return lead;
  const key = agencyKey(agency, 'ownerAgency');
  if (key !== lead && !(await scope.manager.countBy(CommitmentPartyEntity, { commitmentId: c.id, agency: key }))) {
    throw badInput(`ownerAgency: ${key} is not a party to ${c.code}; add it as a coordinating or implementing party first`, 'ownerAgency');
  }
  return key;
}

export function addMilestone({ programId, input }: MutationAddMilestoneArgs, ctx: Context): Promise<MilestoneEntity> {
  const columns = milestoneColumns(input);
  check.dateRange(input.plannedStart, input.dueOn, 'plannedStart', 'dueOn');
  return (async () => {
    const commitmentId = await commitmentOf(ctx, PROGRAM, programId);
    return writeOnCommitment(ctx, commitmentId, ownerGuard('editor'), async (scope, c) => {
      requireSigned(c, 'A milestone', ctx);
      if (input.parentId) {
        const parent = await scope.manager.findOneBy(MilestoneEntity, { id: input.parentId });
        if (!parent || parent.programId !== programId) throw badInput(`parentId: no milestone "${input.parentId}" in this programme`, 'parentId');
      }
      const row = Object.assign(new MilestoneEntity(), {
        id: randomUUID(), commitmentId: c.id, programId, parentId: input.parentId ?? null, responsibleOfficialId: null, dueOn: null, deliverable: null,
        meansOfVerification: null, weight: null, plannedStart: null, actualStart: null, ...columns, ownerAgency: await partyAgency(scope, c, input.ownerAgency),
        completedAt: null, cancelledAt: null, cancellationReason: null, createdAt: scope.now, version: 1,
      });
      return insertRecord(scope, MilestoneEntity, 'Milestone', c.id, row);
    });
  })();
}

export function updateMilestone({ id, version, input }: MutationUpdateMilestoneArgs, ctx: Context): Promise<MilestoneEntity> {
  const columns = milestoneColumns(input);
  return editRecord(ctx, MILESTONE, id, version, 'editor', async (m, scope, c) => {
    // A due date is a fixed date (DESIGN section 6): set once, never moved, so that on-time rates mean something.
    if (columns.dueOn !== undefined && m.dueOn !== null && columns.dueOn !== m.dueOn) {
      throw failedPrecondition([{ rule: 'FIXED_DUE_DATE', message: `Milestone "${m.task}" is due on ${m.dueOn}; a due date is never moved. Cancel it (with the reason) and add a new milestone instead` }], rulesVersion(ctx));
    }
    check.dateRange(columns.plannedStart ?? m.plannedStart, columns.dueOn ?? m.dueOn, 'plannedStart', 'dueOn');
    if (input.ownerAgency) columns.ownerAgency = await partyAgency(scope, c, input.ownerAgency);
    return columns;
  });
}

export function completeMilestone({ id, version, completedAt, actualStart }: MutationCompleteMilestoneArgs, ctx: Context): Promise<MilestoneEntity> {
  notInFuture(completedAt, 'completedAt', ctx.clock.now());
  return editRecord(ctx, MILESTONE, id, version, 'editor', (m) => {
    if (m.completedAt || m.cancelledAt) throw failedPrecondition([{ rule: 'LIFECYCLE', message: `Milestone "${m.task}" is already ${m.completedAt ? 'completed' : 'cancelled'}` }], rulesVersion(ctx));
    const start = actualStart ?? m.actualStart;
    if (start && start > legalDateOf(completedAt)) throw badInput(`actualStart (${start}) is after completedAt`, 'actualStart');
    return { completedAt, actualStart: start };
  });
}

export function cancelMilestone({ id, version, reason, at }: MutationCancelMilestoneArgs, ctx: Context): Promise<MilestoneEntity> {
  notInFuture(at, 'at', ctx.clock.now());
  const why = check.text(reason, 'reason', 500, true);
  return editRecord(ctx, MILESTONE, id, version, 'editor', (m, scope) => {
    if (m.completedAt || m.cancelledAt) throw failedPrecondition([{ rule: 'LIFECYCLE', message: `Milestone "${m.task}" is already ${m.completedAt ? 'completed' : 'cancelled'}` }], rulesVersion(ctx));
    return { cancelledAt: at ?? scope.now, cancellationReason: why };
  });
}

// ---- Results and indicators (IATI) ----


/** The columns a result input sets: a field left out is not changed; title may not be emptied. */
function resultColumns(input: ResultUpdateInput): Partial<ResultEntity> {
  const columns: Partial<ResultEntity> = {};
  if (input.type) columns.type = input.type;
  if (input.title !== undefined) columns.title = check.text(input.title, 'title', 500, true)!;
  if (input.description !== undefined) columns.description = check.text(input.description, 'description', 10_000);
  return columns;
}

export function addResult({ commitmentId, input }: MutationAddResultArgs, ctx: Context): Promise<ResultEntity> {
  const columns = resultColumns(input);
  return writeOnCommitment(ctx, commitmentId, ownerGuard('editor'), async (scope, c) => {
    const row = Object.assign(new ResultEntity(), { id: randomUUID(), commitmentId: c.id, description: null, ...columns, createdAt: scope.now, version: 1 });
    return insertRecord(scope, ResultEntity, 'Result', c.id, row);
  });
}

export function updateResult({ id, version, input }: MutationUpdateResultArgs, ctx: Context): Promise<ResultEntity> {
  const columns = resultColumns(input);
  return editRecord(ctx, RESULT, id, version, 'editor', () => columns);
}


/** The columns an indicator input sets: a field left out is not changed; title may not be emptied. */
function indicatorColumns(input: IndicatorUpdateInput): Partial<IndicatorEntity> {
  const columns: Partial<IndicatorEntity> = {};
  if (input.title !== undefined) columns.title = check.text(input.title, 'title', 500, true)!;
  if (input.measure) columns.measure = input.measure;
  if (input.direction) columns.direction = input.direction;
  if (input.baselineValue !== undefined) columns.baselineValue = input.baselineValue;
  if (input.baselineYear !== undefined) {
    if (input.baselineYear !== null && (input.baselineYear < 1990 || input.baselineYear > 2100)) throw badInput(`baselineYear must be between 1990 and 2100 (got ${input.baselineYear})`, 'baselineYear');
    columns.baselineYear = input.baselineYear;
  }
  return columns;
}

export async function addIndicator({ resultId, input }: MutationAddIndicatorArgs, ctx: Context): Promise<IndicatorEntity> {
  const columns = indicatorColumns(input);
  const commitmentId = await commitmentOf(ctx, RESULT, resultId);
  return writeOnCommitment(ctx, commitmentId, ownerGuard('editor'), async (scope, c) => {
    const row = Object.assign(new IndicatorEntity(), { id: randomUUID(), resultId, commitmentId: c.id, baselineValue: null, baselineYear: null, ...columns, createdAt: scope.now, version: 1 });
    return insertRecord(scope, IndicatorEntity, 'Indicator', c.id, row);
  });
}

/**
 * Changes an indicator. Its direction is fixed once an actual is reported: K14 inverts attainment for descending
 * indicators, so a flip would silently turn every reported period's attainment around.
 */
export function updateIndicator({ id, version, input }: MutationUpdateIndicatorArgs, ctx: Context): Promise<IndicatorEntity> {
  const columns = indicatorColumns(input);
  return editRecord(ctx, INDICATOR, id, version, 'editor', async (i, scope) => {
    if (columns.direction && columns.direction !== i.direction) {
      const reported = await scope.manager.countBy(IndicatorPeriodEntity, { indicatorId: i.id, actual: Not(IsNull()) });
      if (reported) {
        throw failedPrecondition(
          [{ rule: 'FIXED_DIRECTION', message: `Indicator "${i.title}" has an actual reported for ${reported} period(s); changing its direction from ${i.direction} to ${columns.direction} would invert the attainment already reported (K14). Add a new indicator instead` }],
          rulesVersion(ctx),
        );
      }
    }
    return columns;
  });
}

/** Sets the target and actual of one period; an existing period is changed only under the version read. */
export async function setIndicatorPeriod({ indicatorId, input, version }: MutationSetIndicatorPeriodArgs, ctx: Context): Promise<IndicatorPeriodEntity> {
  check.dateRange(input.periodStart, input.periodEnd, 'periodStart', 'periodEnd');
  const commitmentId = await commitmentOf(ctx, INDICATOR, indicatorId);
  return writeOnCommitment(ctx, commitmentId, ownerGuard('editor'), async (scope, c) => {
    const existing = await scope.manager.findOneBy(IndicatorPeriodEntity, { indicatorId, periodStart: input.periodStart });
    const values = { periodEnd: input.periodEnd, target: input.target ?? null, actual: input.actual ?? null };
    if (!existing) {
      const row = Object.assign(new IndicatorPeriodEntity(), { id: randomUUID(), indicatorId, commitmentId: c.id, periodStart: input.periodStart, ...values, version: 1 });
      return insertRecord(scope, IndicatorPeriodEntity, 'IndicatorPeriod', c.id, row);
    }
    if (version === null || version === undefined) throw conflict(`The period from ${input.periodStart} already has a target/actual (version ${existing.version}); send that version to change it`, { currentVersion: existing.version });
    expectVersion('IndicatorPeriod', existing.id, existing.version, version);
    return updateRecord(scope, IndicatorPeriodEntity, 'IndicatorPeriod', c.id, existing, values);
  });
}

/** Removes one period (target and actual) of an indicator, audited with what it held; returns the indicator. */
export function removeIndicatorPeriod({ id, version }: MutationRemoveIndicatorPeriodArgs, ctx: Context): Promise<IndicatorEntity> {
  return onRecord(ctx, PERIOD, id, version, 'editor', async (before, scope, c) => {
    await deleteVersioned(scope, IndicatorPeriodEntity, 'IndicatorPeriod', before);
    scope.audit({ commitmentId: c.id, entityType: 'IndicatorPeriod', entityId: before.id, action: 'DELETE', before, after: null });
    return scope.manager.findOneByOrFail(IndicatorEntity, { id: before.indicatorId });
  });
}

// ---- Progress reports ----


function reportColumns(input: ProgressReportUpdateInput): Partial<ProgressReportEntity> {
  const columns: Partial<ProgressReportEntity> = {};
  if (input.achievements !== undefined) columns.achievements = check.text(input.achievements, 'achievements', 20_000, true)!;
  if (input.challenges !== undefined) columns.challenges = check.text(input.challenges, 'challenges', 20_000);
  if (input.recommendations !== undefined) columns.recommendations = check.text(input.recommendations, 'recommendations', 20_000);
  if (input.completionLevel) columns.completionLevel = input.completionLevel;
  if (input.deliveryConfidence) columns.deliveryConfidence = input.deliveryConfidence;
  // A confidence rating without its reasons says nothing a reviewer can check (DESIGN section 4).
  if (input.confidenceJustification !== undefined) columns.confidenceJustification = check.text(input.confidenceJustification, 'confidenceJustification', 5000, true)!;
  return columns;
}

export function submitProgressReport({ commitmentId, input }: MutationSubmitProgressReportArgs, ctx: Context): Promise<ProgressReportEntity> {
  check.dateRange(input.periodStart, input.periodEnd, 'periodStart', 'periodEnd');
  const columns = reportColumns(input);
  return writeOnCommitment(ctx, commitmentId, ownerGuard('editor'), async (scope, c) => {
    requireSigned(c, 'A progress report', ctx);
    const existing = await scope.manager.findOneBy(ProgressReportEntity, { commitmentId: c.id, periodStart: input.periodStart, periodEnd: input.periodEnd });
    if (existing) throw conflict(`${c.code} already has a report for ${input.periodStart} to ${input.periodEnd}; change it with updateProgressReport (version ${existing.version})`, { currentVersion: existing.version });
    const row = Object.assign(new ProgressReportEntity(), {
      id: randomUUID(), commitmentId: c.id, periodStart: input.periodStart, periodEnd: input.periodEnd, challenges: null, recommendations: null,
      ...columns, submittedBy: scope.actor.subject, submittedAt: scope.now, version: 1,
    });
    return insertRecord(scope, ProgressReportEntity, 'ProgressReport', c.id, row);
  });
}

export function updateProgressReport({ id, version, input }: MutationUpdateProgressReportArgs, ctx: Context): Promise<ProgressReportEntity> {
  const columns = reportColumns(input);
  return editRecord(ctx, REPORT, id, version, 'editor', () => columns);
}

// ---- Obstacles ----


export function reportObstacle({ commitmentId, input }: MutationReportObstacleArgs, ctx: Context): Promise<ObstacleEntity> {
  notInFuture(input.detectedAt, 'detectedAt', ctx.clock.now());
  const description = check.text(input.description, 'description', 10_000, true)!;
  const detectedBy = check.text(input.detectedBy, 'detectedBy', 200);
  return writeOnCommitment(ctx, commitmentId, ownerGuard('editor'), async (scope, c) => {
    requireSigned(c, 'An obstacle', ctx);
    if (input.milestoneId) {
      const milestone = await scope.manager.findOneBy(MilestoneEntity, { id: input.milestoneId });
      if (!milestone || milestone.commitmentId !== c.id) throw badInput(`milestoneId: no milestone "${input.milestoneId}" in ${c.code}`, 'milestoneId');
    }
    const row = Object.assign(new ObstacleEntity(), {
      id: randomUUID(), commitmentId: c.id, milestoneId: input.milestoneId ?? null, category: input.category, description, severity: input.severity,
      detectedAt: input.detectedAt ?? scope.now, detectedBy: detectedBy ?? scope.actor.name ?? scope.actor.subject, beyondAuthority: input.beyondAuthority ?? false,
      escalatedTo: null, escalatedAt: null, resolvedAt: null, resolution: null, createdAt: scope.now, version: 1,
    });
    return insertRecord(scope, ObstacleEntity, 'Obstacle', c.id, row);
  });
}

const requireOpen = (o: ObstacleEntity, ctx: Pick<Context, 'clock'>) => {
  if (o.resolvedAt) throw failedPrecondition([{ rule: 'LIFECYCLE', message: `The obstacle was resolved on ${toLegalTime(o.resolvedAt)}` }], rulesVersion(ctx));
};

/** An obstacle beyond the agency's authority goes up (to the ministry, the province, the Prime Minister's office). */
export function escalateObstacle({ id, version, to, at }: MutationEscalateObstacleArgs, ctx: Context): Promise<ObstacleEntity> {
  notInFuture(at, 'at', ctx.clock.now());
  const escalatedTo = agencyKey(to, 'to');
  return editRecord(ctx, OBSTACLE, id, version, 'editor', (o, scope) => {
    requireOpen(o, ctx);
    return { beyondAuthority: true, escalatedTo, escalatedAt: at ?? scope.now };
  });
}

export function resolveObstacle({ id, version, resolution, at }: MutationResolveObstacleArgs, ctx: Context): Promise<ObstacleEntity> {
  notInFuture(at, 'at', ctx.clock.now());
  const text = check.text(resolution, 'resolution', 10_000, true);
  return editRecord(ctx, OBSTACLE, id, version, 'editor', (o, scope) => {
    requireOpen(o, ctx);
    const resolvedAt = at ?? scope.now;
    if (resolvedAt < o.detectedAt) throw badInput('at is before the obstacle was detected', 'at');
    return { resolvedAt, resolution: text };
  });
}

// ---- Feedback ----

/** The public have no token; their writes are audited under this subject. */
const PUBLIC: Identity = { subject: 'public', agency: null, roles: [] };


export async function submitFeedback({ input }: MutationSubmitFeedbackArgs, ctx: Context): Promise<{ id: string; receipt: string; receivedAt: Date }> {
  const valid = validFeedback(input);
  let agency: string | null = null;
  let localityId = valid.localityId;
  if (valid.commitmentId) {
    const c = await ctx.loaders.commitmentById.load(valid.commitmentId);
    if (!c) throw badInput(`commitmentId: no commitment "${valid.commitmentId}"`, 'commitmentId');
    const owner = ownerOfCommitment(c);
    agency = formatRef(owner);
    if (!localityId && owner.type === 'LOCALITY') localityId = owner.id;
  }
  if (valid.localityId) await assertExist(ctx, 'localities', 'Locality', [valid.localityId], 'localityId');
  agency ??= localityId ? `LOCALITY:${localityId}` : null;
  const id = randomUUID();
  const { receipt, receiptHash } = newReceipt(id);
  const row = Object.assign(new FeedbackEntity(), {
    id, receiptHash, submitterKind: valid.submitterKind, submitterName: valid.submitterName, contact: valid.contact, subject: valid.subject, body: valid.body,
    commitmentId: valid.commitmentId, localityId, agency, status: 'RECEIVED', receivedAt: ctx.clock.now(), acknowledgedAt: null, assignedAt: agency ? ctx.clock.now() : null,
    obstacleId: null, response: null, respondedAt: null, resolvedAt: null, resolution: null, version: 1,
  });
  const { receiptHash: _secret, ...audited } = row;
  await auditedWrite(ctx, ctx.identity ?? PUBLIC, (scope) => insertRecord(scope, FeedbackEntity, 'Feedback', row.commitmentId, row, audited));
  return { id, receipt, receivedAt: row.receivedAt };
}

/** Who may read a feedback item: central oversight, the agency answering it, and the locality it is about. */
export function canReadFeedback(f: FeedbackEntity, identity: Identity | null): boolean {
  if (!identity?.agency) return false;
  if (isCentralOversight(identity)) return true;
  const mine = formatRef(identity.agency);
  return f.agency === mine || (identity.agency.type === 'LOCALITY' && f.localityId === identity.agency.id);
}

/** The agency answering it acts on it; central oversight triages what nobody answers yet. */
function feedbackGuard(f: FeedbackEntity, actor: Identity): void {
  if (f.agency) {
    // Feedback is assigned to an owner (a ministry or a locality), stored as such.
    requireAgencyRole(actor, parseOwnerKey(f.agency), 'editor');
    return;
  }
  if (!isCentralOversight(actor) || !actor.agency) throw accordsError('FORBIDDEN', 'This feedback is not assigned to an agency yet; the Ministry of Foreign Affairs or the Government Office assigns it first');
  requireAgencyRole(actor, actor.agency, 'editor');
}

/**
 * Changes a feedback item: under its commitment's lock when it is about one (the audit line then shows on the
 * commitment's history), in a transaction of its own otherwise.
 */
async function editFeedback(
  ctx: Context,
  id: string,
  version: number,
  guard: (f: FeedbackEntity, actor: Identity) => void,
  change: (f: FeedbackEntity, scope: WriteScope) => Partial<FeedbackEntity> | Promise<Partial<FeedbackEntity>>,
): Promise<FeedbackEntity> {
  const found = await ctx.loaders.delivery.feedbackById.load(id);
  if (!found) throw notFound('Feedback', id);
  const work = async (scope: WriteScope) => {
    const before = await scope.manager.findOneByOrFail(FeedbackEntity, { id });
    guard(before, scope.actor);
    expectVersion('Feedback', id, before.version, version);
    return updateRecord(scope, FeedbackEntity, 'Feedback', before.commitmentId, before, await change(before, scope));
  };
  if (found.commitmentId) return writeOnCommitment(ctx, found.commitmentId, () => undefined, (scope) => work(scope));
  return auditedWrite(ctx, requireSignedIn(ctx.identity), work);
}

const FEEDBACK_ORDER = ['RECEIVED', 'ACKNOWLEDGED', 'RESPONDED', 'RESOLVED'];
const advance = (f: FeedbackEntity, to: string) => (FEEDBACK_ORDER.indexOf(f.status) < FEEDBACK_ORDER.indexOf(to) ? to : f.status);
const refuseResolved = (f: FeedbackEntity, ctx: Pick<Context, 'clock'>) => {
  if (f.status === 'RESOLVED') throw failedPrecondition([{ rule: 'LIFECYCLE', message: `The feedback was resolved on ${f.resolvedAt ? toLegalTime(f.resolvedAt) : 'an unrecorded date'}` }], rulesVersion(ctx));
};

export function acknowledgeFeedback({ id, version }: MutationAcknowledgeFeedbackArgs, ctx: Context): Promise<FeedbackEntity> {
  return editFeedback(ctx, id, version, feedbackGuard, (f, scope) => {
    if (f.acknowledgedAt) throw failedPrecondition([{ rule: 'LIFECYCLE', message: `The feedback was acknowledged on ${toLegalTime(f.acknowledgedAt)}` }], rulesVersion(ctx));
    return { acknowledgedAt: scope.now, status: advance(f, 'ACKNOWLEDGED') };
  });
}

export async function assignFeedback({ id, version, agency: to }: MutationAssignFeedbackArgs, ctx: Context): Promise<FeedbackEntity> {
  agencyKey(to, 'agency');
  await assertExist(ctx, AGENCY_SUBGRAPH[to.type], AGENCY_TYPENAME[to.type], [to.id], 'agency');
  const agency = formatRef(await resolveOwner(ctx, to));
  const guard = (f: FeedbackEntity, actor: Identity) => (isCentralOversight(actor) && actor.agency ? requireAgencyRole(actor, actor.agency, 'editor') : feedbackGuard(f, actor));
  return editFeedback(ctx, id, version, guard, (f, scope) => {
    refuseResolved(f, ctx);
    return { agency, assignedAt: scope.now };
  });
}

export async function linkFeedbackToObstacle({ id, version, obstacleId }: MutationLinkFeedbackToObstacleArgs, ctx: Context): Promise<FeedbackEntity> {
  const obstacle = await ctx.loaders.delivery.obstacleById.load(obstacleId);
  if (!obstacle) throw badInput(`obstacleId: no obstacle "${obstacleId}"`, 'obstacleId');
  const obstacleOwner = await ctx.loaders.commitmentById.load(obstacle.commitmentId);
  return editFeedback(ctx, id, version, feedbackGuard, (f) => {
    if (f.commitmentId && f.commitmentId !== obstacle.commitmentId) throw badInput('obstacleId: the obstacle belongs to another commitment than the feedback', 'obstacleId');
    if (obstacleOwner && f.agency !== ownerKeyOf(obstacleOwner)) throw badInput("obstacleId: link feedback only to an obstacle of a commitment your agency owns", 'obstacleId');
    return { obstacleId };
  });
}

export function respondToFeedback({ id, version, response }: MutationRespondToFeedbackArgs, ctx: Context): Promise<FeedbackEntity> {
  const text = check.text(response, 'response', 10_000, true);
  return editFeedback(ctx, id, version, feedbackGuard, (f, scope) => {
    refuseResolved(f, ctx);
    return { response: text, respondedAt: scope.now, acknowledgedAt: f.acknowledgedAt ?? scope.now, status: advance(f, 'RESPONDED') };
  });
}

export function resolveFeedback({ id, version, resolution }: MutationResolveFeedbackArgs, ctx: Context): Promise<FeedbackEntity> {
  const text = check.text(resolution, 'resolution', 10_000, true);
  return editFeedback(ctx, id, version, feedbackGuard, (f, scope) => {
    refuseResolved(f, ctx);
    return { resolution: text, resolvedAt: scope.now, acknowledgedAt: f.acknowledgedAt ?? scope.now, status: 'RESOLVED' };
  });
}

// ---- Reviews ----


/**
 * Records a stocktake with its per-commitment entries and decisions in one transaction. An agency reviews the
 * commitments it owns; central oversight may review any. The commitments are locked in id order (no deadlock between
 * two reviews).
 */
export async function recordReview({ input }: MutationRecordReviewArgs, ctx: Context): Promise<ReviewEntity> {
  const actor = requireSignedIn(ctx.identity);
  if (!actor.agency) throw accordsError('FORBIDDEN', 'Only a user of an agency may record a review');
  requireAgencyRole(actor, actor.agency, 'editor');
  notInFuture(input.heldAt, 'heldAt', ctx.clock.now());
  check.dateRange(input.periodStart, input.periodEnd, 'periodStart', 'periodEnd');
  const entries = check.list(input.entries ?? [], 'entries', { max: 500 });
  if (new Set(entries.map((e) => e.commitmentId)).size !== entries.length) throw badInput('entries: a commitment appears twice', 'entries');
  const decisions = check.list(input.decisions ?? [], 'decisions', { max: 100 });
  const owner = formatRef(actor.agency);
  const central = isCentralOversight(actor);
  return auditedWrite(ctx, actor, async (scope) => {
    const review = Object.assign(new ReviewEntity(), {
      id: randomUUID(), kind: input.kind, ownerAgency: owner, periodStart: input.periodStart, periodEnd: input.periodEnd,
      scope: check.text(input.scope, 'scope', 500, true)!, chair: check.text(input.chair, 'chair', 200, true)!, heldAt: input.heldAt,
      achievements: check.text(input.achievements, 'achievements', 20_000), shortcomings: check.text(input.shortcomings, 'shortcomings', 20_000), createdAt: scope.now, version: 1,
    });
    await insertRecord(scope, ReviewEntity, 'Review', null, review);
    for (const e of [...entries].sort((a, b) => (a.commitmentId < b.commitmentId ? -1 : 1))) {
      const c = await lockCommitment(scope.manager, e.commitmentId);
      if (!central && ownerKeyOf(c) !== owner) throw accordsError('FORBIDDEN', `entries: ${c.code} belongs to ${ownerKeyOf(c)}; an agency reviews only its own commitments`, { owner: ownerKeyOf(c) });
      const entry = Object.assign(new ReviewEntryEntity(), {
        reviewId: review.id, commitmentId: c.id, completionLevel: e.completionLevel, deliveryConfidence: e.deliveryConfidence,
        confidenceJustification: check.text(e.confidenceJustification, 'entries.confidenceJustification', 5000, true)!, note: check.text(e.note, 'entries.note', 5000), recordedAt: scope.now, version: 1,
      });
      await scope.manager.insert(ReviewEntryEntity, entry);
      scope.audit({ commitmentId: c.id, entityType: 'ReviewEntry', entityId: review.id, action: 'CREATE', before: null, after: entry });
    }
    for (const d of decisions) {
      const row = Object.assign(new ReviewDecisionEntity(), {
        id: randomUUID(), reviewId: review.id, decision: check.text(d.decision, 'decisions.decision', 5000, true)!, assigneeAgency: agencyKey(d.assignee, 'decisions.assignee'),
        assigneeOfficialId: check.text(d.assigneeOfficialId, 'decisions.assigneeOfficialId', 40), dueOn: d.dueOn, doneAt: null, version: 1,
      });
      await insertRecord(scope, ReviewDecisionEntity, 'ReviewDecision', null, row);
    }
    return review;
  });
}

/** The agency a decision was given to reports it carried it out (K21 follow-through). */
export async function completeReviewDecision({ id, version, doneAt }: MutationCompleteReviewDecisionArgs, ctx: Context): Promise<ReviewDecisionEntity> {
  notInFuture(doneAt, 'doneAt', ctx.clock.now());
  const found = await ctx.loaders.delivery.decisionById.load(id);
  if (!found) throw notFound('ReviewDecision', id);
  requireAgencyRole(ctx.identity, await resolveOwner(ctx, found.assigneeAgency), 'editor');
  return auditedWrite(ctx, requireSignedIn(ctx.identity), async (scope) => {
    const before = await scope.manager.findOneByOrFail(ReviewDecisionEntity, { id });
    expectVersion('ReviewDecision', id, before.version, version);
    if (before.doneAt) throw failedPrecondition([{ rule: 'LIFECYCLE', message: `The decision was already carried out on ${toLegalTime(before.doneAt)}` }], rulesVersion(ctx));
    return updateRecord(scope, ReviewDecisionEntity, 'ReviewDecision', null, before, { doneAt });
  });
}
