import { requireSignedIn } from '@accords/auth';
import { badInput } from '@accords/errors';
import { legalDateOf, pageRequest, toConnection, type BaseContext } from '@accords/subgraph-kit';
import type { CommitmentEntity } from '../db/entities';
import type { AuditEntryEntity, ConsultationEntity, FeasibilityAssessmentEntity, HighLevelActivityEntity, LegalEventEntity } from '../db/lifecycle-entities';
import { agencyReference, leadKeyOf } from '../domain/agency';
import { isPreSigning } from '../domain/legal-status';
import { signingViolations, type CapabilitySnapshot } from '../domain/signing-checks';
import { workflowRulesOn } from '../domain/workflow-rules';
import type { Loaders } from '../loaders';
import { fetchCapability } from '../services/capability';
import * as lifecycle from '../services/lifecycle';
import { fresh } from './fresh';

type Context = BaseContext<Loaders>;


const parse = <T>(json: string | null): T | null => (json ? (JSON.parse(json) as T) : null);

export const lifecycleResolvers = {
  Query: {
    highLevelActivity: async (_: unknown, args: { id: string }, ctx: Context) => {
      const activity = await ctx.loaders.activityById.load(args.id);
      if (!activity) throw badInput(`No high-level activity "${args.id}"`, 'id');
      return activity;
    },
    publicHolidays: async (_: unknown, args: { year: number }, ctx: Context) => {
      if (args.year < 2000 || args.year > 2100) throw badInput('year must be between 2000 and 2100', 'year');
      return ctx.loaders.repositories.lifecycle.holidays(args.year);
    },
  },
  Mutation: {
    createHighLevelActivity: (_: unknown, args: { input: lifecycle.ActivityInput }, ctx: Context) => lifecycle.createHighLevelActivity(args.input, ctx),
    proposeCommitment: (_: unknown, args: { input: lifecycle.ProposeInput }, ctx: Context) => lifecycle.proposeCommitment(args.input, ctx),
    updateCommitment: async (_: unknown, args: { id: string; version: number; input: Parameters<typeof lifecycle.updateCommitment>[2] }, ctx: Context) =>
      fresh(ctx, await lifecycle.updateCommitment(args.id, args.version, args.input, ctx)),
    submitFeasibilityAssessment: async (_: unknown, args: { commitmentId: string; version: number; input: lifecycle.AssessmentInput }, ctx: Context) =>
      fresh(ctx, await lifecycle.submitFeasibilityAssessment(args.commitmentId, args.version, args.input, ctx)),
    decideFeasibilityAssessment: async (_: unknown, args: { id: string; version: number; approve: boolean; decidedAt?: Date | null; note?: string | null }, ctx: Context) => {
      const a = await lifecycle.decideFeasibilityAssessment(args.id, args.version, args.approve, args.decidedAt, args.note, ctx);
      return fresh(ctx, a);
    },
    requestOpinions: async (_: unknown, args: { commitmentId: string; version: number; consultees: lifecycle.ProposeInput['leadAgency'][]; sentOn: string }, ctx: Context) =>
      fresh(ctx, await lifecycle.requestOpinions(args.commitmentId, args.version, args.consultees, args.sentOn, ctx)),
    recordOpinion: async (_: unknown, args: { consultationId: string; version: number; input: { opinion: string; repliedAt: Date; comments?: string | null; document?: string | null } }, ctx: Context) => {
      const c = await lifecycle.recordOpinion(args.consultationId, args.version, args.input, ctx);
      return fresh(ctx, c);
    },
    escalateToPrimeMinister: async (_: unknown, args: { commitmentId: string; version: number; sentOn: string; document?: string | null }, ctx: Context) =>
      fresh(ctx, await lifecycle.escalateToPrimeMinister(args.commitmentId, args.version, args.sentOn, args.document, ctx)),
    recordPrimeMinisterDecision: async (_: unknown, args: { commitmentId: string; version: number; decision: string; at: Date; document: string }, ctx: Context) =>
      fresh(ctx, await lifecycle.recordPrimeMinisterDecision(args.commitmentId, args.version, args.decision, args.at, args.document, ctx)),
    recordParentConsent: async (_: unknown, args: { commitmentId: string; version: number; at: Date; document: string }, ctx: Context) =>
      fresh(ctx, await lifecycle.recordParentConsent(args.commitmentId, args.version, args.at, args.document, ctx)),
    approveForSigning: async (_: unknown, args: { commitmentId: string; version: number; input: { decidedById: string; plannedSigningOn: string; at?: Date | null; document?: string | null } }, ctx: Context) =>
      fresh(ctx, await lifecycle.approveForSigning(args.commitmentId, args.version, args.input, ctx)),
    signCommitment: async (_: unknown, args: { commitmentId: string; version: number; input: Parameters<typeof lifecycle.signCommitment>[2] }, ctx: Context) =>
      fresh(ctx, await lifecycle.signCommitment(args.commitmentId, args.version, args.input, ctx)),
    recordPostSigningCopy: async (_: unknown, args: { commitmentId: string; version: number; sentAt: Date; reportToPrimeMinisterAt?: Date | null; document?: string | null }, ctx: Context) =>
      fresh(ctx, await lifecycle.recordPostSigningCopy(args.commitmentId, args.version, args.sentAt, args.reportToPrimeMinisterAt, args.document, ctx)),
    transitionCommitment: async (_: unknown, args: { commitmentId: string; version: number; to: Parameters<typeof lifecycle.transitionCommitment>[2]; at: Date; document?: string | null; note?: string | null }, ctx: Context) =>
      fresh(ctx, await lifecycle.transitionCommitment(args.commitmentId, args.version, args.to, args.at, args.document, args.note, ctx)),
  },
  Commitment: {
    languages: (c: CommitmentEntity) => (c.languages ? c.languages.split(',') : []),
    activity: (c: CommitmentEntity, _: unknown, ctx: Context) => (c.activityId ? ctx.loaders.activityById.load(c.activityId) : null),
    parties: async (c: CommitmentEntity, _: unknown, ctx: Context) => ctx.loaders.partiesOf.load(c.id),
    relations: async (c: CommitmentEntity, _: unknown, ctx: Context) => ctx.loaders.relationsOf.load(c.id),
    documents: (c: CommitmentEntity, _: unknown, ctx: Context) => ctx.loaders.documentsOf.load(c.id),
    signedById: (c: CommitmentEntity) => c.signedBy,
    decidedById: (c: CommitmentEntity) => c.decidedBy,
    signingCapability: (c: CommitmentEntity) => parse<CapabilitySnapshot>(c.capabilitySnapshot),
    consultations: (c: CommitmentEntity, _: unknown, ctx: Context) => ctx.loaders.consultationsOf.load(c.id),
    feasibilityAssessments: (c: CommitmentEntity, _: unknown, ctx: Context) => ctx.loaders.assessmentsOf.load(c.id),
    primeMinisterDecision: async (c: CommitmentEntity, _: unknown, ctx: Context) => {
      if (!c.pmEscalatedOn && !c.pmDecision) return null;
      const calendar = await ctx.loaders.calendar.load('all');
      const days = workflowRulesOn(c.pmEscalatedOn ?? legalDateOf(c.pmDecisionAt!)).primeMinisterWorkingDays;
      return { escalatedOn: c.pmEscalatedOn, dueOn: c.pmEscalatedOn ? calendar.addWorkingDays(c.pmEscalatedOn, days) : null, decision: c.pmDecision, at: c.pmDecisionAt, document: c.pmDecisionDocument };
    },
    postSigningCopy: async (c: CommitmentEntity, _: unknown, ctx: Context) => {
      if (!c.signedOn || c.instrumentClass !== 'INTERNATIONAL_AGREEMENT') return null;
      const calendar = await ctx.loaders.calendar.load('all');
      const dueOn = calendar.calendarDeadline(c.signedOn, workflowRulesOn(c.signedOn).postSigningCopyDays);
      return { dueOn, sentAt: c.copySentAt, reportToPrimeMinisterAt: c.pmReportSentAt, onTime: c.copySentAt ? legalDateOf(c.copySentAt) <= dueOn : null };
    },
    legalEvents: (c: CommitmentEntity, _: unknown, ctx: Context) => ctx.loaders.legalEventsOf.load(c.id),
    async signingReadiness(c: CommitmentEntity, args: { at?: Date | null }, ctx: Context) {
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
    async history(c: CommitmentEntity, args: { first?: number | null; after?: string | null }, ctx: Context) {
      requireSignedIn(ctx.identity);
      const page = pageRequest({ first: args.first ?? 50, after: args.after });
      const afterId = page.after ? Number(page.after[0]) : 0;
      const rows = await ctx.loaders.historyPage.load({ commitmentId: c.id, afterId, limit: page.limit + 1 });
      return toConnection(rows, page, (e) => [e.id]);
    },
  },
  CommitmentParty: {
    agency: (p: { agency: string }) => agencyReference(p.agency),
  },
  CommitmentRelation: {
    commitment: (r: { relatedId: string }, _: unknown, ctx: Context) => ctx.loaders.commitmentById.load(r.relatedId),
  },
  Consultation: {
    commitment: (c: ConsultationEntity, _: unknown, ctx: Context) => ctx.loaders.commitmentById.load(c.commitmentId),
    consultee: (c: ConsultationEntity) => agencyReference(c.consultee),
    document: (c: ConsultationEntity) => c.documentRef,
    overdue: (c: ConsultationEntity, _: unknown, ctx: Context) => (c.repliedAt ? legalDateOf(c.repliedAt) > c.dueOn : legalDateOf(ctx.clock.now()) > c.dueOn),
  },
  FeasibilityAssessment: {
    commitment: (a: FeasibilityAssessmentEntity, _: unknown, ctx: Context) => ctx.loaders.commitmentById.load(a.commitmentId),
  },
  HighLevelActivity: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.activityById.load(ref.id),
    title: (a: HighLevelActivityEntity) => a.titleVi,
    leaders: (a: HighLevelActivityEntity) => a.leaders.split('\n'),
    partners: (a: HighLevelActivityEntity) => a.partnerIds.split(',').map((id) => ({ __typename: 'Partner', id })),
    commitments: (a: HighLevelActivityEntity, _: unknown, ctx: Context) => ctx.loaders.commitmentsOfActivity.load(a.id),
  },
  LegalEvent: {
    from: (e: LegalEventEntity) => e.fromStatus,
    to: (e: LegalEventEntity) => e.toStatus,
    actor: (e: LegalEventEntity) => e.actorSubject,
    document: (e: LegalEventEntity) => e.documentRef,
  },
  AuditEntry: {
    actor: (e: AuditEntryEntity) => e.actorSubject,
  },
  PublicHoliday: {
    name: (h: { nameVi: string }) => h.nameVi,
  },
};
