import { accordsError, badInput, notFound } from '@accords/errors';
import { isCentralOversight, requireSignedIn } from '@accords/auth';
import { legalDateOf, loadOrNotFound, pageRequest, toConnection } from '@accords/subgraph-kit';
import { daysBetween } from '@accords/rules';
import type { ActionProgramEntity, MilestoneEntity } from '../db/delivery-entities';
import { agencyReference, formatRef, parseAgencyKey } from '../domain/agency';
import { receiptId, receiptMatches } from '../domain/feedback';
import { milestoneStatus, rollUp } from '../domain/milestone-status';
import { sixClear } from '../domain/six-clear';
import type { CapabilitySnapshot } from '../domain/signing-checks';
import type { CommitmentMilestonesArgs, CommitmentProgressArgs, MinistryActionProgramsArgs, MinistryReviewsArgs, OfficialAssignedMilestonesArgs, Resolvers } from '../generated/resolvers-types';
import type { Context, EntityReference } from './mappers';
import { workflowRulesOn } from '../domain/workflow-rules';
import * as delivery from '../services/delivery';
import { fresh } from './fresh';


async function annualPlanDueOn(p: ActionProgramEntity, ctx: Context): Promise<string | null> {
  if (p.kind !== 'ANNUAL' || !p.year) return null;
  const previousYear = p.year - 1;
  const deadline = `${previousYear}-${workflowRulesOn(`${previousYear}-01-01`).annualPlanDeadline}`;
  return (await ctx.loaders.calendar.load('all')).fixedDeadline(deadline);
}
/** The `asOf` argument of the derived delivery fields. */
type AsOf = CommitmentProgressArgs;
/** The `status` and `asOf` arguments of milestone lists. */
type StatusFilter = CommitmentMilestonesArgs;

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

const assignedMilestones = (parent: EntityReference, args: OfficialAssignedMilestonesArgs, ctx: Context) => ctx.loaders.delivery.milestonesOfOfficial.load(parent.id).then((rows) => withStatus(rows, args, ctx));
const programsOfOwner = (type: 'MINISTRY' | 'LOCALITY') => (parent: EntityReference, args: MinistryActionProgramsArgs, ctx: Context) =>
  ctx.loaders.delivery.programsOfOwner.load({ owner: `${type}:${parent.id}`, year: args.year ?? null });
/** The commitment a delivery row belongs to (any row with a commitmentId). */
const commitmentOfRow = <P extends { commitmentId: string }>(row: P, _args: unknown, ctx: Context) => loadOrNotFound(ctx.loaders.commitmentById, 'Commitment', row.commitmentId);
/** Reviews with an entry on a commitment the agency leads or a decision given to it; signed-in users only. */
const reviewsOfAgency = (type: 'MINISTRY' | 'LOCALITY') => async (parent: EntityReference, args: MinistryReviewsArgs, ctx: Context) => {
  requireSignedIn(ctx.identity);
  const { limit } = pageRequest({ first: args.first });
  return (await ctx.loaders.delivery.reviewsOfAgency.load({ type, id: parent.id, kind: args.kind ?? null, limit })).map((r) => r.review);
};


export const deliveryResolvers: Resolvers = {
  Query: {
    async feedback(_, args, ctx) {
      requireFeedbackReader(ctx, null);
      const who = ctx.identity!;
      const audience = isCentralOversight(who) ? ({ all: true } as const) : { all: false as const, agency: formatRef(who.agency!), localityId: who.agency!.type === 'LOCALITY' ? who.agency!.id : null };
      const page = pageRequest(args);
      const { repository } = ctx.loaders.delivery;
      const rows = await repository.feedbackPage(audience, args.status ?? null, page);
      return { ...toConnection(rows, page, (f) => [f.receivedAt.toISOString(), f.id]), totalCount: () => repository.feedbackCount(audience, args.status ?? null) };
    },
    async feedbackByReceipt(_, args, ctx) {
      const id = receiptId(args.receipt);
      if (!id) throw badInput('receipt is not a feedback receipt; use the one given when the feedback was submitted', 'receipt');
      const row = await ctx.loaders.delivery.feedbackById.load(id);
      return row && receiptMatches(args.receipt, row.receiptHash) ? row : null;
    },
    // Reviews are the Government's internal stocktakes: signed-in users only, like the review lists.
    review: (_, args, ctx) => {
      requireSignedIn(ctx.identity);
      return loadOrNotFound(ctx.loaders.delivery.reviewById, 'Review', args.id);
    },
    async reviews(_, args, ctx) {
      requireSignedIn(ctx.identity);
      if (args.periodFrom && args.periodTo && args.periodFrom > args.periodTo) throw badInput(`periodFrom (${args.periodFrom}) is after periodTo (${args.periodTo})`, 'periodFrom');
      const page = pageRequest(args);
      const rows = await ctx.loaders.delivery.repository.reviewPage(args, page);
      return toConnection(rows, page, (r) => [r.heldAt.toISOString(), r.id]);
    },
  },
  Mutation: {
    createActionProgram: async (_, args, ctx) => fresh(ctx, await delivery.createActionProgram(args, ctx)),
    updateActionProgram: async (_, args, ctx) => fresh(ctx, await delivery.updateActionProgram(args, ctx)),
    approveActionProgram: async (_, args, ctx) => fresh(ctx, await delivery.approveActionProgram(args, ctx)),
    recordActionProgramSubmission: async (_, args, ctx) => fresh(ctx, await delivery.recordProgramSubmission(args, ctx)),
    addMilestone: async (_, args, ctx) => fresh(ctx, await delivery.addMilestone(args, ctx)),
    updateMilestone: async (_, args, ctx) => fresh(ctx, await delivery.updateMilestone(args, ctx)),
    completeMilestone: async (_, args, ctx) => fresh(ctx, await delivery.completeMilestone(args, ctx)),
    cancelMilestone: async (_, args, ctx) => fresh(ctx, await delivery.cancelMilestone(args, ctx)),
    addResult: async (_, args, ctx) => fresh(ctx, await delivery.addResult(args, ctx)),
    updateResult: async (_, args, ctx) => fresh(ctx, await delivery.updateResult(args, ctx)),
    addIndicator: async (_, args, ctx) => fresh(ctx, await delivery.addIndicator(args, ctx)),
    updateIndicator: async (_, args, ctx) => fresh(ctx, await delivery.updateIndicator(args, ctx)),
    setIndicatorPeriod: async (_, args, ctx) => fresh(ctx, await delivery.setIndicatorPeriod(args, ctx)),
    removeIndicatorPeriod: async (_, args, ctx) => fresh(ctx, await delivery.removeIndicatorPeriod(args, ctx)),
    submitProgressReport: async (_, args, ctx) => fresh(ctx, await delivery.submitProgressReport(args, ctx)),
    updateProgressReport: async (_, args, ctx) => fresh(ctx, await delivery.updateProgressReport(args, ctx)),
    reportObstacle: async (_, args, ctx) => fresh(ctx, await delivery.reportObstacle(args, ctx)),
    escalateObstacle: async (_, args, ctx) => fresh(ctx, await delivery.escalateObstacle(args, ctx)),
    resolveObstacle: async (_, args, ctx) => fresh(ctx, await delivery.resolveObstacle(args, ctx)),
    submitFeedback: (_, args, ctx) => delivery.submitFeedback(args, ctx),
    acknowledgeFeedback: async (_, args, ctx) => fresh(ctx, await delivery.acknowledgeFeedback(args, ctx)),
    assignFeedback: async (_, args, ctx) => fresh(ctx, await delivery.assignFeedback(args, ctx)),
    linkFeedbackToObstacle: async (_, args, ctx) => fresh(ctx, await delivery.linkFeedbackToObstacle(args, ctx)),
    respondToFeedback: async (_, args, ctx) => fresh(ctx, await delivery.respondToFeedback(args, ctx)),
    resolveFeedback: async (_, args, ctx) => fresh(ctx, await delivery.resolveFeedback(args, ctx)),
    recordReview: async (_, args, ctx) => fresh(ctx, await delivery.recordReview(args, ctx)),
    completeReviewDecision: async (_, args, ctx) => fresh(ctx, await delivery.completeReviewDecision(args, ctx)),
  },
  Commitment: {
    actionPrograms: (c, _, ctx) => ctx.loaders.delivery.programsOf.load(c.id),
    milestones: async (c, args, ctx) => withStatus(await ctx.loaders.delivery.milestonesOf.load(c.id), args, ctx),
    progress: async (c, args, ctx) => rollUp(await ctx.loaders.delivery.milestonesOf.load(c.id), asOfDate(args, ctx)),
    async sixClear(c, args, ctx) {
      const d = ctx.loaders.delivery;
      const [parties, programs, milestones, periods] = await Promise.all([ctx.loaders.partiesOf.load(c.id), d.programsOf.load(c.id), d.milestonesOf.load(c.id), d.periodsOf.load(c.id)]);
      const capability = c.capabilitySnapshot ? (JSON.parse(c.capabilitySnapshot) as CapabilitySnapshot) : null;
      return sixClear({ commitment: { ...c, capability }, parties, programs, milestones, targets: periods.filter((p) => p.target !== null).length }, asOfDate(args, ctx));
    },
    results: (c, _, ctx) => ctx.loaders.delivery.resultsOf.load(c.id),
    progressReports: (c, _, ctx) => ctx.loaders.delivery.reportsOf.load(c.id),
    obstacles: async (c, args, ctx) => {
      const rows = await ctx.loaders.delivery.obstaclesOf.load(c.id);
      return typeof args.open === 'boolean' ? rows.filter((o) => (o.resolvedAt === null) === args.open) : rows;
    },
    reviewEntries: (c, _, ctx) => {
      requireSignedIn(ctx.identity);
      return ctx.loaders.delivery.reviewEntriesOf.load(c.id);
    },
  },
  Ministry: {
    actionPrograms: programsOfOwner('MINISTRY'),
    async consultationsPending(m, args, ctx) {
      const [pending, calendar] = await Promise.all([ctx.loaders.delivery.pendingOpinionsOf.load(`MINISTRY:${m.id}`), ctx.loaders.calendar.load('all')]);
      const asOf = asOfDate(args, ctx);
      return pending.map((consultation) => ({ consultation, daysLeft: calendar.workingDaysBetween(asOf, consultation.dueOn) }));
    },
    reviews: reviewsOfAgency('MINISTRY'),
  },
  Locality: {
    actionPrograms: programsOfOwner('LOCALITY'),
    async feedback(l, args, ctx) {
      requireFeedbackReader(ctx, l.id);
      const { limit } = pageRequest({ first: args.first });
      return ctx.loaders.delivery.recentFeedbackOf.load({ localityId: l.id, status: args.status ?? null, limit });
    },
    reviews: reviewsOfAgency('LOCALITY'),
  },
  Official: { assignedMilestones },
  LocalOfficial: { assignedMilestones },
  ResponsibleOfficial: {
    __resolveType: (o) => o.__typename ?? null,
  },
  ActionProgram: {
    commitment: commitmentOfRow,
    ownerAgency: (p) => agencyReference(p.ownerAgency),
    milestones: async (p, _, ctx) => (await ctx.loaders.delivery.milestonesOf.load(p.commitmentId)).filter((m) => m.programId === p.id),
    // V7: the annual plan for year Y reaches MOFA by 15 November of Y-1 (a deadline on a day off moves to the next working day).
    submissionDueOn: async (p, _, ctx) => annualPlanDueOn(p, ctx),
    submittedOnTime: async (p, _, ctx) => {
      const due = await annualPlanDueOn(p, ctx);
      return due && p.submittedToMofaAt ? legalDateOf(p.submittedToMofaAt) <= due : null;
    },
  },
  Milestone: {
    commitment: commitmentOfRow,
    program: (m, _, ctx) => loadOrNotFound(ctx.loaders.delivery.programById, 'ActionProgram', m.programId),
    parent: (m, _, ctx) => (m.parentId ? ctx.loaders.delivery.milestoneById.load(m.parentId) : null),
    ownerAgency: (m) => agencyReference(m.ownerAgency),
    // The official belongs to the milestone's agency: a central body's Official or a locality's LocalOfficial.
    responsibleOfficial: (m) => {
      if (!m.responsibleOfficialId) return null;
      const kind = parseAgencyKey(m.ownerAgency).type;
      return { __typename: kind === 'MINISTRY' || kind === 'MINISTRY_UNIT' ? ('Official' as const) : ('LocalOfficial' as const), id: m.responsibleOfficialId };
    },
    status: (m, args, ctx) => milestoneStatus(m, asOfDate(args, ctx)),
    daysOverdue: (m, args, ctx) => {
      const asOf = asOfDate(args, ctx);
      return milestoneStatus(m, asOf) === 'OPEN_OVERDUE' ? daysBetween(m.dueOn!, asOf) : null;
    },
    progress: async (m, args, ctx) => {
      const asOf = asOfDate(args, ctx);
      const status = milestoneStatus(m, asOf);
      if (status === 'DONE_ON_TIME' || status === 'DONE_LATE') return 1;
      return rollUp(await ctx.loaders.delivery.milestonesOf.load(m.commitmentId), asOf, m.id)?.ratio ?? null;
    },
  },
  Result: {
    indicators: async (r, _, ctx) => (await ctx.loaders.delivery.indicatorsOf.load(r.commitmentId)).filter((i) => i.resultId === r.id),
  },
  Indicator: {
    periods: async (i, _, ctx) => (await ctx.loaders.delivery.periodsOf.load(i.commitmentId)).filter((p) => p.indicatorId === i.id),
  },
  ProgressReport: { commitment: commitmentOfRow },
  Obstacle: {
    commitment: commitmentOfRow,
    milestone: (o, _, ctx) => (o.milestoneId ? ctx.loaders.delivery.milestoneById.load(o.milestoneId) : null),
    escalatedTo: (o) => (o.escalatedTo ? agencyReference(o.escalatedTo) : null),
  },
  Feedback: {
    commitment: (f, _, ctx) => (f.commitmentId ? ctx.loaders.commitmentById.load(f.commitmentId) : null),
    locality: (f) => (f.localityId ? { __typename: 'Locality', id: f.localityId } : null),
    agency: (f) => (f.agency ? agencyReference(f.agency) : null),
    obstacle: (f, _, ctx) => (f.obstacleId ? ctx.loaders.delivery.obstacleById.load(f.obstacleId) : null),
  },
  Review: {
    ownerAgency: (r) => agencyReference(r.ownerAgency),
    entries: (r, _, ctx) => ctx.loaders.delivery.entriesOfReview.load(r.id),
    decisions: (r, _, ctx) => ctx.loaders.delivery.decisionsOfReview.load(r.id),
  },
  ReviewEntry: {
    review: async (e, _, ctx) => {
      const review = await ctx.loaders.delivery.reviewById.load(e.reviewId);
      if (!review) throw notFound('Review', e.reviewId);
      return review;
    },
    commitment: commitmentOfRow,
  },
  ReviewDecision: {
    assignee: (d) => agencyReference(d.assigneeAgency),
  },
};
