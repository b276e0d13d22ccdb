import { accordsError, badInput, notFound } from '@accords/errors';
import { isCentralOversight, requireSignedIn } from '@accords/auth';
import { legalDateOf, loadOrNotFound, pageRequest, toConnection, type BaseContext, type ConnectionArgs } from '@accords/subgraph-kit';
import { daysBetween } from '@accords/rules';
import type { CommitmentEntity } from '../db/entities';
import type { ActionProgramEntity, FeedbackEntity, IndicatorEntity, MilestoneEntity, ObstacleEntity, ResultEntity, ReviewDecisionEntity, ReviewEntity, ReviewEntryEntity } from '../db/delivery-entities';
import { agencyReference, formatRef, parseAgencyKey } from '../domain/agency';
import { receiptId, receiptMatches } from '../domain/feedback';
import { milestoneStatus, rollUp, type MilestoneStatus } from '../domain/milestone-status';
import { sixClear } from '../domain/six-clear';
import type { CapabilitySnapshot } from '../domain/signing-checks';
import type { Loaders } from '../loaders';
import { workflowRulesOn } from '../domain/workflow-rules';
import type { ReviewFilter } from '../repositories/delivery';
import * as delivery from '../services/delivery';
import { fresh } from './fresh';

type Context = BaseContext<Loaders>;

async function annualPlanDueOn(p: ActionProgramEntity, ctx: Context): Promise<string | null> {
  if (p.kind !== 'ANNUAL' || !p.year) return null;
  const previousYear = p.year - 1;
  const deadline = `${previousYear}-${workflowRulesOn(`${previousYear}-01-01`).annualPlanDeadline}`;
  return (await ctx.loaders.calendar.load('all')).fixedDeadline(deadline);
}
type AsOf = { asOf?: string | null };
type StatusFilter = AsOf & { status?: MilestoneStatus | null };

/** The as-of date of a derived field: given, or today in +07:00. An injectable clock for reports and tests. */
const asOfDate = (args: AsOf, ctx: Pick<Context, 'clock'>) => args.asOf ?? legalDateOf(ctx.clock.now());

const withStatus = (milestones: MilestoneEntity[], args: StatusFilter, ctx: Pick<Context, 'clock'>) => {
  const asOf = asOfDate(args, ctx);
  return args.status ? milestones.filter((m) => milestoneStatus(m, asOf) === args.status) : milestones;
};


/** Feedback lists: signed-in users of the locality (or the agency answering) and central oversight only. */
function requireFeedbackReader(ctx: Context, localityId: string | null): void {
  const who = requireSignedIn(ctx.identity);
  if (isCentralOversight(who)) return;
  if (localityId !== null && !(who.agency?.type === 'LOCALITY' && who.agency.id === localityId)) {
    throw accordsError('FORBIDDEN', `Feedback about LOCALITY:${localityId} is read by that locality and by central oversight; you act for ${who.agency ? formatRef(who.agency) : 'no agency'}.`);
  }
  if (!who.agency) throw accordsError('FORBIDDEN', 'Only users of an agency read feedback.');
}

const assignedMilestones = (parent: { id: string }, args: StatusFilter, ctx: Context) => ctx.loaders.delivery.milestonesOfOfficial.load(parent.id).then((rows) => withStatus(rows, args, ctx));
const programsOfOwner = (type: 'MINISTRY' | 'LOCALITY') => (parent: { id: string }, args: { year?: number | null }, ctx: Context) =>
  ctx.loaders.delivery.programsOfOwner.load({ owner: `${type}:${parent.id}`, year: args.year ?? null });
const commitmentOfRow = (row: { commitmentId: string }, _: unknown, ctx: Context) => ctx.loaders.commitmentById.load(row.commitmentId);
/** Reviews with an entry on a commitment the agency leads or a decision given to it; signed-in users only. */
const reviewsOfAgency = (type: 'MINISTRY' | 'LOCALITY') => async (parent: { id: string }, args: { kind?: string | null; first?: number | null }, ctx: Context) => {
  requireSignedIn(ctx.identity);
  const { limit } = pageRequest({ first: args.first });
  return (await ctx.loaders.delivery.reviewsOfAgency.load({ type, id: parent.id, kind: args.kind ?? null, limit })).map((r) => r.review);
};

type Args<T> = { id: string; version: number } & T;

export const deliveryResolvers = {
  Query: {
    async feedback(_: unknown, args: ConnectionArgs & { status?: string | null }, ctx: Context) {
      requireFeedbackReader(ctx, null);
      const who = ctx.identity!;
      const audience = isCentralOversight(who) ? ({ all: true } as const) : { all: false as const, agency: formatRef(who.agency!), localityId: who.agency!.type === 'LOCALITY' ? who.agency!.id : null };
      const page = pageRequest(args);
      const { repository } = ctx.loaders.delivery;
      const rows = await repository.feedbackPage(audience, args.status ?? null, page);
      return { ...toConnection(rows, page, (f) => [f.receivedAt.toISOString(), f.id]), totalCount: () => repository.feedbackCount(audience, args.status ?? null) };
    },
    async feedbackByReceipt(_: unknown, args: { receipt: string }, ctx: Context) {
      const id = receiptId(args.receipt);
      if (!id) throw badInput('receipt is not a feedback receipt; use the one given when the feedback was submitted', 'receipt');
      const row = await ctx.loaders.delivery.feedbackById.load(id);
      return row && receiptMatches(args.receipt, row.receiptHash) ? row : null;
    },
    // Reviews are the Government's internal stocktakes: signed-in users only, like the review lists.
    review: (_: unknown, args: { id: string }, ctx: Context) => {
      requireSignedIn(ctx.identity);
      return loadOrNotFound(ctx.loaders.delivery.reviewById, 'Review', args.id);
    },
    async reviews(_: unknown, args: ConnectionArgs & ReviewFilter, ctx: Context) {
      requireSignedIn(ctx.identity);
      if (args.periodFrom && args.periodTo && args.periodFrom > args.periodTo) throw badInput(`periodFrom (${args.periodFrom}) is after periodTo (${args.periodTo})`, 'periodFrom');
      const page = pageRequest(args);
      const rows = await ctx.loaders.delivery.repository.reviewPage(args, page);
      return toConnection(rows, page, (r) => [r.heldAt.toISOString(), r.id]);
    },
  },
  Mutation: {
    createActionProgram: async (_: unknown, a: { commitmentId: string; input: delivery.ProgramInput }, ctx: Context) => fresh(ctx, await delivery.createActionProgram(a.commitmentId, a.input, ctx)),
    updateActionProgram: async (_: unknown, a: Args<{ input: Partial<delivery.ProgramInput> }>, ctx: Context) => fresh(ctx, await delivery.updateActionProgram(a.id, a.version, a.input, ctx)),
    approveActionProgram: async (_: unknown, a: Args<{ approvedAt?: Date | null; document?: string | null }>, ctx: Context) =>
      fresh(ctx, await delivery.approveActionProgram(a.id, a.version, a.approvedAt, a.document, ctx)),
    recordActionProgramSubmission: async (_: unknown, a: Args<{ submittedAt: Date }>, ctx: Context) => fresh(ctx, await delivery.recordProgramSubmission(a.id, a.version, a.submittedAt, ctx)),
    addMilestone: async (_: unknown, a: { programId: string; input: delivery.MilestoneInput & { task: string } }, ctx: Context) => fresh(ctx, await delivery.addMilestone(a.programId, a.input, ctx)),
    updateMilestone: async (_: unknown, a: Args<{ input: delivery.MilestoneInput }>, ctx: Context) => fresh(ctx, await delivery.updateMilestone(a.id, a.version, a.input, ctx)),
    completeMilestone: async (_: unknown, a: Args<{ completedAt: Date; actualStart?: string | null }>, ctx: Context) =>
      fresh(ctx, await delivery.completeMilestone(a.id, a.version, a.completedAt, a.actualStart, ctx)),
    cancelMilestone: async (_: unknown, a: Args<{ reason: string; at?: Date | null }>, ctx: Context) => fresh(ctx, await delivery.cancelMilestone(a.id, a.version, a.reason, a.at, ctx)),
    addResult: async (_: unknown, a: { commitmentId: string; input: delivery.ResultInput }, ctx: Context) => fresh(ctx, await delivery.addResult(a.commitmentId, a.input, ctx)),
    updateResult: async (_: unknown, a: Args<{ input: Partial<delivery.ResultInput> }>, ctx: Context) => fresh(ctx, await delivery.updateResult(a.id, a.version, a.input, ctx)),
    addIndicator: async (_: unknown, a: { resultId: string; input: delivery.IndicatorInput }, ctx: Context) => fresh(ctx, await delivery.addIndicator(a.resultId, a.input, ctx)),
    updateIndicator: async (_: unknown, a: Args<{ input: Partial<delivery.IndicatorInput> }>, ctx: Context) => fresh(ctx, await delivery.updateIndicator(a.id, a.version, a.input, ctx)),
    setIndicatorPeriod: async (_: unknown, a: { indicatorId: string; input: Parameters<typeof delivery.setIndicatorPeriod>[1]; version?: number | null }, ctx: Context) =>
      fresh(ctx, await delivery.setIndicatorPeriod(a.indicatorId, a.input, a.version, ctx)),
    removeIndicatorPeriod: async (_: unknown, a: Args<object>, ctx: Context) => fresh(ctx, await delivery.removeIndicatorPeriod(a.id, a.version, ctx)),
    submitProgressReport: async (_: unknown, a: { commitmentId: string; input: delivery.ProgressReportInput }, ctx: Context) => fresh(ctx, await delivery.submitProgressReport(a.commitmentId, a.input, ctx)),
    updateProgressReport: async (_: unknown, a: Args<{ input: Partial<delivery.ProgressReportInput> }>, ctx: Context) => fresh(ctx, await delivery.updateProgressReport(a.id, a.version, a.input, ctx)),
    reportObstacle: async (_: unknown, a: { commitmentId: string; input: delivery.ObstacleInput }, ctx: Context) => fresh(ctx, await delivery.reportObstacle(a.commitmentId, a.input, ctx)),
    escalateObstacle: async (_: unknown, a: Args<{ to: Parameters<typeof delivery.escalateObstacle>[2]; at?: Date | null }>, ctx: Context) =>
      fresh(ctx, await delivery.escalateObstacle(a.id, a.version, a.to, a.at, ctx)),
    resolveObstacle: async (_: unknown, a: Args<{ resolution: string; at?: Date | null }>, ctx: Context) => fresh(ctx, await delivery.resolveObstacle(a.id, a.version, a.resolution, a.at, ctx)),
    submitFeedback: (_: unknown, a: { input: Parameters<typeof delivery.submitFeedback>[0] }, ctx: Context) => delivery.submitFeedback(a.input, ctx),
    acknowledgeFeedback: async (_: unknown, a: Args<object>, ctx: Context) => fresh(ctx, await delivery.acknowledgeFeedback(a.id, a.version, ctx)),
    assignFeedback: async (_: unknown, a: Args<{ agency: Parameters<typeof delivery.assignFeedback>[2] }>, ctx: Context) => fresh(ctx, await delivery.assignFeedback(a.id, a.version, a.agency, ctx)),
    linkFeedbackToObstacle: async (_: unknown, a: Args<{ obstacleId: string }>, ctx: Context) => fresh(ctx, await delivery.linkFeedbackToObstacle(a.id, a.version, a.obstacleId, ctx)),
    respondToFeedback: async (_: unknown, a: Args<{ response: string }>, ctx: Context) => fresh(ctx, await delivery.respondToFeedback(a.id, a.version, a.response, ctx)),
    resolveFeedback: async (_: unknown, a: Args<{ resolution: string }>, ctx: Context) => fresh(ctx, await delivery.resolveFeedback(a.id, a.version, a.resolution, ctx)),
    recordReview: async (_: unknown, a: { input: delivery.ReviewInput }, ctx: Context) => fresh(ctx, await delivery.recordReview(a.input, ctx)),
    completeReviewDecision: async (_: unknown, a: Args<{ doneAt: Date }>, ctx: Context) => fresh(ctx, await delivery.completeReviewDecision(a.id, a.version, a.doneAt, ctx)),
  },
  Commitment: {
    actionPrograms: (c: CommitmentEntity, _: unknown, ctx: Context) => ctx.loaders.delivery.programsOf.load(c.id),
    milestones: async (c: CommitmentEntity, args: StatusFilter, ctx: Context) => withStatus(await ctx.loaders.delivery.milestonesOf.load(c.id), args, ctx),
    progress: async (c: CommitmentEntity, args: AsOf, ctx: Context) => rollUp(await ctx.loaders.delivery.milestonesOf.load(c.id), asOfDate(args, ctx)),
    async sixClear(c: CommitmentEntity, args: AsOf, ctx: Context) {
      const d = ctx.loaders.delivery;
      const [parties, programs, milestones, periods] = await Promise.all([ctx.loaders.partiesOf.load(c.id), d.programsOf.load(c.id), d.milestonesOf.load(c.id), d.periodsOf.load(c.id)]);
      const capability = c.capabilitySnapshot ? (JSON.parse(c.capabilitySnapshot) as CapabilitySnapshot) : null;
      return sixClear({ commitment: { ...c, capability }, parties, programs, milestones, targets: periods.filter((p) => p.target !== null).length }, asOfDate(args, ctx));
    },
    results: (c: CommitmentEntity, _: unknown, ctx: Context) => ctx.loaders.delivery.resultsOf.load(c.id),
    progressReports: (c: CommitmentEntity, _: unknown, ctx: Context) => ctx.loaders.delivery.reportsOf.load(c.id),
    obstacles: async (c: CommitmentEntity, args: { open?: boolean | null }, ctx: Context) => {
      const rows = await ctx.loaders.delivery.obstaclesOf.load(c.id);
      return typeof args.open === 'boolean' ? rows.filter((o) => (o.resolvedAt === null) === args.open) : rows;
    },
    reviewEntries: (c: CommitmentEntity, _: unknown, ctx: Context) => {
      requireSignedIn(ctx.identity);
      return ctx.loaders.delivery.reviewEntriesOf.load(c.id);
    },
  },
  Ministry: {
    actionPrograms: programsOfOwner('MINISTRY'),
    async consultationsPending(m: { id: string }, args: AsOf, ctx: Context) {
      const [pending, calendar] = await Promise.all([ctx.loaders.delivery.pendingOpinionsOf.load(`MINISTRY:${m.id}`), ctx.loaders.calendar.load('all')]);
      const asOf = asOfDate(args, ctx);
      return pending.map((consultation) => ({ consultation, daysLeft: calendar.workingDaysBetween(asOf, consultation.dueOn) }));
    },
    reviews: reviewsOfAgency('MINISTRY'),
  },
  Locality: {
    actionPrograms: programsOfOwner('LOCALITY'),
    async feedback(l: { id: string }, args: { status?: string | null; first?: number | null }, ctx: Context) {
      requireFeedbackReader(ctx, l.id);
      const { limit } = pageRequest({ first: args.first });
      return ctx.loaders.delivery.recentFeedbackOf.load({ localityId: l.id, status: args.status ?? null, limit });
    },
    reviews: reviewsOfAgency('LOCALITY'),
  },
  Official: { assignedMilestones },
  LocalOfficial: { assignedMilestones },
  ResponsibleOfficial: {
    __resolveType: (o: { __typename: string }) => o.__typename,
  },
  ActionProgram: {
    commitment: commitmentOfRow,
    ownerAgency: (p: ActionProgramEntity) => agencyReference(p.ownerAgency),
    milestones: async (p: ActionProgramEntity, _: unknown, ctx: Context) => (await ctx.loaders.delivery.milestonesOf.load(p.commitmentId)).filter((m) => m.programId === p.id),
    // V7: the annual plan for year Y reaches MOFA by 15 November of Y-1 (a deadline on a day off moves to the next working day).
    submissionDueOn: async (p: ActionProgramEntity, _: unknown, ctx: Context) => annualPlanDueOn(p, ctx),
    submittedOnTime: async (p: ActionProgramEntity, _: unknown, ctx: Context) => {
      const due = await annualPlanDueOn(p, ctx);
      return due && p.submittedToMofaAt ? legalDateOf(p.submittedToMofaAt) <= due : null;
    },
  },
  Milestone: {
    commitment: commitmentOfRow,
    program: (m: MilestoneEntity, _: unknown, ctx: Context) => ctx.loaders.delivery.programById.load(m.programId),
    parent: (m: MilestoneEntity, _: unknown, ctx: Context) => (m.parentId ? ctx.loaders.delivery.milestoneById.load(m.parentId) : null),
    ownerAgency: (m: MilestoneEntity) => agencyReference(m.ownerAgency),
    // The official belongs to the milestone's agency: a central body's Official or a locality's LocalOfficial.
    responsibleOfficial: (m: MilestoneEntity) => {
      if (!m.responsibleOfficialId) return null;
      const kind = parseAgencyKey(m.ownerAgency).type;
      return { __typename: kind === 'MINISTRY' || kind === 'MINISTRY_UNIT' ? 'Official' : 'LocalOfficial', id: m.responsibleOfficialId };
    },
    status: (m: MilestoneEntity, args: AsOf, ctx: Context) => milestoneStatus(m, asOfDate(args, ctx)),
    daysOverdue: (m: MilestoneEntity, args: AsOf, ctx: Context) => {
      const asOf = asOfDate(args, ctx);
      return milestoneStatus(m, asOf) === 'OPEN_OVERDUE' ? daysBetween(m.dueOn!, asOf) : null;
    },
    progress: async (m: MilestoneEntity, args: AsOf, ctx: Context) => {
      const asOf = asOfDate(args, ctx);
      const status = milestoneStatus(m, asOf);
      if (status === 'DONE_ON_TIME' || status === 'DONE_LATE') return 1;
      return rollUp(await ctx.loaders.delivery.milestonesOf.load(m.commitmentId), asOf, m.id)?.ratio ?? null;
    },
  },
  Result: {
    indicators: async (r: ResultEntity, _: unknown, ctx: Context) => (await ctx.loaders.delivery.indicatorsOf.load(r.commitmentId)).filter((i) => i.resultId === r.id),
  },
  Indicator: {
    periods: async (i: IndicatorEntity, _: unknown, ctx: Context) => (await ctx.loaders.delivery.periodsOf.load(i.commitmentId)).filter((p) => p.indicatorId === i.id),
  },
  ProgressReport: { commitment: commitmentOfRow },
  Obstacle: {
    commitment: commitmentOfRow,
    milestone: (o: ObstacleEntity, _: unknown, ctx: Context) => (o.milestoneId ? ctx.loaders.delivery.milestoneById.load(o.milestoneId) : null),
    escalatedTo: (o: ObstacleEntity) => (o.escalatedTo ? agencyReference(o.escalatedTo) : null),
  },
  Feedback: {
    commitment: (f: FeedbackEntity, _: unknown, ctx: Context) => (f.commitmentId ? ctx.loaders.commitmentById.load(f.commitmentId) : null),
    locality: (f: FeedbackEntity) => (f.localityId ? { __typename: 'Locality', id: f.localityId } : null),
    agency: (f: FeedbackEntity) => (f.agency ? agencyReference(f.agency) : null),
    obstacle: (f: FeedbackEntity, _: unknown, ctx: Context) => (f.obstacleId ? ctx.loaders.delivery.obstacleById.load(f.obstacleId) : null),
  },
  Review: {
    ownerAgency: (r: ReviewEntity) => agencyReference(r.ownerAgency),
    entries: (r: ReviewEntity, _: unknown, ctx: Context) => ctx.loaders.delivery.entriesOfReview.load(r.id),
    decisions: (r: ReviewEntity, _: unknown, ctx: Context) => ctx.loaders.delivery.decisionsOfReview.load(r.id),
  },
  ReviewEntry: {
    review: async (e: ReviewEntryEntity, _: unknown, ctx: Context) => {
      const review = await ctx.loaders.delivery.reviewById.load(e.reviewId);
      if (!review) throw notFound('Review', e.reviewId);
      return review;
    },
    commitment: commitmentOfRow,
  },
  ReviewDecision: {
    assignee: (d: ReviewDecisionEntity) => agencyReference(d.assigneeAgency),
  },
};
