import { requireSignedIn } from '@accords/auth';
import { badInput } from '@accords/errors';
import { legalDateOf, loadOrNotFound, pageRequest, toConnection } from '@accords/subgraph-kit';
import { agencyReference, leadKeyOf } from '../domain/agency';
import { isPreSigning, type LegalStatus } from '../domain/legal-status';
import { signingViolations, type CapabilitySnapshot } from '../domain/signing-checks';
import { workflowRulesOn } from '../domain/workflow-rules';
import type { PrimeMinisterDecisionKind, Resolvers } from '../generated/resolvers-types';
import { fetchCapability } from '../services/capability';
import * as lifecycle from '../services/lifecycle';
import { fresh } from './fresh';



const parse = <T>(json: string | null): T | null => (json ? (JSON.parse(json) as T) : null);

export const lifecycleResolvers: Resolvers = {
  Query: {
    highLevelActivity: async (_, args, ctx) => {
      const activity = await ctx.loaders.activityById.load(args.id);
      if (!activity) throw badInput(`No high-level activity "${args.id}"`, 'id');
      return activity;
    },
    publicHolidays: async (_, args, ctx) => {
      if (args.year < 2000 || args.year > 2100) throw badInput('year must be between 2000 and 2100', 'year');
      return ctx.loaders.repositories.lifecycle.holidays(args.year);
    },
  },
  Mutation: {
    createHighLevelActivity: (_, args, ctx) => lifecycle.createHighLevelActivity(args, ctx),
    proposeCommitment: (_, args, ctx) => lifecycle.proposeCommitment(args, ctx),
    updateCommitment: async (_, args, ctx) => fresh(ctx, await lifecycle.updateCommitment(args, ctx)),
    submitFeasibilityAssessment: async (_, args, ctx) => fresh(ctx, await lifecycle.submitFeasibilityAssessment(args, ctx)),
    decideFeasibilityAssessment: async (_, args, ctx) => fresh(ctx, await lifecycle.decideFeasibilityAssessment(args, ctx)),
    requestOpinions: async (_, args, ctx) => fresh(ctx, await lifecycle.requestOpinions(args, ctx)),
    recordOpinion: async (_, args, ctx) => fresh(ctx, await lifecycle.recordOpinion(args, ctx)),
    escalateToPrimeMinister: async (_, args, ctx) => fresh(ctx, await lifecycle.escalateToPrimeMinister(args, ctx)),
    recordPrimeMinisterDecision: async (_, args, ctx) => fresh(ctx, await lifecycle.recordPrimeMinisterDecision(args, ctx)),
    recordParentConsent: async (_, args, ctx) => fresh(ctx, await lifecycle.recordParentConsent(args, ctx)),
    approveForSigning: async (_, args, ctx) => fresh(ctx, await lifecycle.approveForSigning(args, ctx)),
    signCommitment: async (_, args, ctx) => fresh(ctx, await lifecycle.signCommitment(args, ctx)),
    recordPostSigningCopy: async (_, args, ctx) => fresh(ctx, await lifecycle.recordPostSigningCopy(args, ctx)),
    transitionCommitment: async (_, args, ctx) => fresh(ctx, await lifecycle.transitionCommitment(args, ctx)),
  },
  Commitment: {
    languages: (c) => (c.languages ? c.languages.split(',') : []),
    activity: (c, _, ctx) => (c.activityId ? ctx.loaders.activityById.load(c.activityId) : null),
    parties: async (c, _, ctx) => ctx.loaders.partiesOf.load(c.id),
    relations: async (c, _, ctx) => ctx.loaders.relationsOf.load(c.id),
    documents: (c, _, ctx) => ctx.loaders.documentsOf.load(c.id),
    signedById: (c) => c.signedBy,
    decidedById: (c) => c.decidedBy,
    signingCapability: (c) => parse<CapabilitySnapshot>(c.capabilitySnapshot),
    consultations: (c, _, ctx) => ctx.loaders.consultationsOf.load(c.id),
    feasibilityAssessments: (c, _, ctx) => ctx.loaders.assessmentsOf.load(c.id),
    primeMinisterDecision: async (c, _, ctx) => {
      if (!c.pmEscalatedOn && !c.pmDecision) return null;
      const calendar = await ctx.loaders.calendar.load('all');
      const days = workflowRulesOn(c.pmEscalatedOn ?? legalDateOf(c.pmDecisionAt!)).primeMinisterWorkingDays;
      return { escalatedOn: c.pmEscalatedOn, dueOn: c.pmEscalatedOn ? calendar.addWorkingDays(c.pmEscalatedOn, days) : null, decision: c.pmDecision as PrimeMinisterDecisionKind | null, at: c.pmDecisionAt, document: c.pmDecisionDocument };
    },
    postSigningCopy: async (c, _, ctx) => {
      if (!c.signedOn || c.instrumentClass !== 'INTERNATIONAL_AGREEMENT') return null;
      const calendar = await ctx.loaders.calendar.load('all');
      const dueOn = calendar.calendarDeadline(c.signedOn, workflowRulesOn(c.signedOn).postSigningCopyDays);
      return { dueOn, sentAt: c.copySentAt, reportToPrimeMinisterAt: c.pmReportSentAt, onTime: c.copySentAt ? legalDateOf(c.copySentAt) <= dueOn : null };
    },
    legalEvents: (c, _, ctx) => ctx.loaders.legalEventsOf.load(c.id),
    async signingReadiness(c, args, ctx) {
      const at = args.at ?? ctx.clock.now();
      const rules = workflowRulesOn(legalDateOf(at));
      if (!isPreSigning(c.legalStatus)) {
        return { ready: false, unmet: [{ rule: 'LIFECYCLE', message: `${c.code} is ${c.legalStatus}: signing readiness applies before signing` }], ruleSetVersion: rules.version, signingRuleSetVersion: null };
      }
      const capability = c.instrumentClass === 'INTERNATIONAL_AGREEMENT' ? await fetchCapability(ctx, leadKeyOf(c), legalDateOf(at)) : null;
      const [fields, consultations, assessments] = await Promise.all([ctx.loaders.fieldsOf.load(c.id), ctx.loaders.consultationsOf.load(c.id), ctx.loaders.assessmentsOf.load(c.id)]);
      const unmet = signingViolations(
        { instrumentClass: c.instrumentClass, fields: fields.map((f) => f.field), parentConsentAt: c.parentConsentAt, pmDecision: c.pmDecision, pmDecisionAt: c.pmDecisionAt, consultations, assessments, capability },
        rules,
        at,
      );
      return { ready: unmet.length === 0, unmet, ruleSetVersion: rules.version, signingRuleSetVersion: capability?.ruleSetVersion ?? null };
    },
    async history(c, args, ctx) {
      requireSignedIn(ctx.identity);
      const page = pageRequest({ first: args.first ?? 50, after: args.after });
      const afterId = page.after ? Number(page.after[0]) : 0;
      const rows = await ctx.loaders.historyPage.load({ commitmentId: c.id, afterId, limit: page.limit + 1 });
      return toConnection(rows, page, (e) => [e.id]);
    },
  },
  CommitmentParty: {
    agency: (p) => agencyReference(p.agency),
  },
  CommitmentRelation: {
    commitment: (r, _, ctx) => loadOrNotFound(ctx.loaders.commitmentById, 'Commitment', r.relatedId),
  },
  Consultation: {
    commitment: (c, _, ctx) => loadOrNotFound(ctx.loaders.commitmentById, 'Commitment', c.commitmentId),
    consultee: (c) => agencyReference(c.consultee),
    document: (c) => c.documentRef,
    overdue: (c, _, ctx) => (c.repliedAt ? legalDateOf(c.repliedAt) > c.dueOn : legalDateOf(ctx.clock.now()) > c.dueOn),
  },
  FeasibilityAssessment: {
    commitment: (a, _, ctx) => loadOrNotFound(ctx.loaders.commitmentById, 'Commitment', a.commitmentId),
  },
  HighLevelActivity: {
    __resolveReference: (ref, ctx) => ctx.loaders.activityById.load(ref.id),
    title: (a) => a.titleVi,
    leaders: (a) => a.leaders.split('\n'),
    partners: (a) => a.partnerIds.split(',').map((id) => ({ __typename: 'Partner', id })),
    commitments: (a, _, ctx) => ctx.loaders.commitmentsOfActivity.load(a.id),
  },
  LegalEvent: {
    // The columns hold the status names the transition table writes (domain/legal-status.ts).
    from: (e) => e.fromStatus as LegalStatus | null,
    to: (e) => e.toStatus as LegalStatus,
    actor: (e) => e.actorSubject,
    document: (e) => e.documentRef,
  },
  AuditEntry: {
    actor: (e) => e.actorSubject,
  },
  PublicHoliday: {
    name: (h) => h.nameVi,
  },
};
