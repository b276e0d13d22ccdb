import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { accordsError, badInput, failedPrecondition, notFound, type RuleViolation } from '@accords/errors';
import { requireAgencyRole, requireSignedIn, type Identity } from '@accords/auth';
import { foldForSearch } from '@accords/db';
import { legalDateOf, toLegalTime, type BaseContext } from '@accords/subgraph-kit';
import type { WorkingCalendar } from '@accords/rules';
import { CommitmentEntity, CommitmentFieldEntity, CommitmentPartnerEntity } from '../db/entities';
import {
  CommitmentDocumentEntity,
  CommitmentPartyEntity,
  CommitmentRelationEntity,
  ConsultationEntity,
  FeasibilityAssessmentEntity,
  HighLevelActivityEntity,
  LegalEventEntity,
} from '../db/lifecycle-entities';
import { agencyKey, formatRef, leadKeyOf, ownerOfCommitment, type AgencyInput } from '../domain/agency';
import { resolveOwner } from './owner';
import { PLAIN_TARGETS, canMove, isPreSigning, type LegalStatus } from '../domain/legal-status';
import { agreementWorkflowApplies, signingViolations, type CapabilitySnapshot, type SigningFacts } from '../domain/signing-checks';
import * as check from '../domain/validate';
import { workflowRulesNow, workflowRulesOn, type WorkflowRules } from '../domain/workflow-rules';
import type { Loaders } from '../loaders';
import type {
  FeasibilityAssessmentInput,
  HighLevelActivityInput,
  MutationApproveForSigningArgs,
  MutationCreateHighLevelActivityArgs,
  MutationDecideFeasibilityAssessmentArgs,
  MutationEscalateToPrimeMinisterArgs,
  MutationProposeCommitmentArgs,
  MutationRecordOpinionArgs,
  MutationRecordParentConsentArgs,
  MutationRecordPostSigningCopyArgs,
  MutationRecordPrimeMinisterDecisionArgs,
  MutationRequestOpinionsArgs,
  MutationSignCommitmentArgs,
  MutationSubmitFeasibilityAssessmentArgs,
  MutationTransitionCommitmentArgs,
  MutationUpdateCommitmentArgs,
  ProposeCommitmentInput,
  UpdateCommitmentInput,
} from '../generated/resolvers-types';
import { assertExist, delegationViolations, fetchCapability } from './capability';
import { WriteScope, auditedWrite, expectVersion, saveCommitment, updateVersioned, writeOnCommitment } from './write';

type Context = BaseContext<Loaders>;


/** What proposing and updating a commitment share: the editable content, as the SDL declares it. */
type ContentInput = UpdateCommitmentInput;

export type ProposeInput = ProposeCommitmentInput;

/** "Today" and the rules in force, both read from the request's clock (fixed under tests), never the machine's. */
const today = (ctx: Pick<Context, 'clock'>) => legalDateOf(ctx.clock.now());
const rulesNow = (ctx: Pick<Context, 'clock'>) => workflowRulesNow(ctx.clock.now());

export const ownerGuard = (role: 'editor' | 'approver') => (c: CommitmentEntity, actor: Identity) => {
  requireAgencyRole(actor, ownerOfCommitment(c), role);
};

function lifecycle(c: CommitmentEntity, step: string, allowed: readonly string[]): RuleViolation[] {
  return allowed.includes(c.legalStatus) ? [] : [{ rule: 'LIFECYCLE', message: `${step} needs the commitment to be ${allowed.join(' or ')}; ${c.code} is ${c.legalStatus}` }];
}

function refuseIf(violations: RuleViolation[], rules: WorkflowRules, capability?: CapabilitySnapshot | null): void {
  if (!violations.length) return;
  const version = capability ? `${rules.version} (signing rule set ${capability.ruleSetVersion})` : rules.version;
  throw failedPrecondition(violations, version);
}

/** V5/V6 on what is proposed: out-of-scope kinds and State obligations outside a treaty are refused. */
function instrumentClassOf(kind: string, createsStateObligations: boolean, rules: WorkflowRules): string {
  const outOfScope = rules.outOfScopeKinds[kind];
  if (outOfScope) refuseIf([{ rule: 'V6', message: `${kind.replace(/_/g, ' ').toLowerCase()} is out of scope: ${outOfScope}` }], rules);
  if (kind === 'INTERNATIONAL_AGREEMENT' && createsStateObligations) {
    refuseIf([{ rule: 'V5', message: 'An instrument that creates obligations for the State must be concluded as a treaty (Law on Treaties 2016), not as an international agreement of an agency (Law 70/2020/QH14 art. 2)' }], rules);
  }
  return kind;
}

/** A move of a commitment's legal status: where to, when it happened, the columns it sets, and its document and note. */
interface Transition {
  to: LegalStatus;
  occurredAt: Date;
  changes?: Partial<CommitmentEntity>;
  document?: string | null;
  note?: string | null;
}

async function recordTransition(scope: WriteScope, c: CommitmentEntity, { to, occurredAt, changes = {}, document, note }: Transition): Promise<CommitmentEntity> {
  const after = await saveCommitment(scope, c, { ...changes, legalStatus: to }, 'TRANSITION');
  const event = Object.assign(new LegalEventEntity(), {
    commitmentId: c.id,
    fromStatus: c.legalStatus,
    toStatus: to,
    occurredAt,
    recordedAt: scope.now,
    actorSubject: scope.actor.subject,
    actorAgency: scope.actor.agency ? formatRef(scope.actor.agency) : null,
    documentRef: check.text(document, 'document', 300),
    note: check.text(note, 'note', 2000),
  });
  await scope.manager.insert(LegalEventEntity, event);
  return after;
}

/** The agencies and partners a write names: each must exist in the subgraph that owns it. */
interface References {
  leadAgency?: AgencyInput;
  partnerIds?: readonly string[] | null;
  parties?: readonly { agency: AgencyInput }[] | null;
}

/** Checks references held by other subgraphs before anything is written. */
async function assertReferences(ctx: Context, input: References): Promise<void> {
  const agencies = [...(input.leadAgency ? [input.leadAgency] : []), ...(input.parties ?? []).map((p) => p.agency)];
  const byType = (type: string) => agencies.filter((a) => a.type === type).map((a) => a.id);
  await Promise.all([
    input.partnerIds ? assertExist(ctx, 'partners', 'Partner', input.partnerIds, 'partnerIds') : undefined,
    assertExist(ctx, 'ministries', 'Ministry', byType('MINISTRY'), 'agency'),
    assertExist(ctx, 'ministries', 'MinistryUnit', byType('MINISTRY_UNIT'), 'agency'),
    assertExist(ctx, 'localities', 'Locality', byType('LOCALITY'), 'agency'),
    assertExist(ctx, 'localities', 'ProvincialDepartment', byType('PROVINCIAL_DEPARTMENT'), 'agency'),
  ]);
}

/** Replaces child lists given in the input, auditing each list as one change. */
async function writeContentLists(scope: WriteScope, c: CommitmentEntity, input: ContentInput, leadKey: string, leadOfficial: string | null | undefined, isNew: boolean) {
  const m = scope.manager;
  const audit = (entityType: string, before: unknown, after: unknown) =>
    scope.audit({ commitmentId: c.id, entityType, entityId: c.id, action: isNew ? 'CREATE' : 'UPDATE', before: isNew ? null : { items: before }, after: { items: after } });
  if (input.partnerIds) {
    const partnerIds = check.list(input.partnerIds, 'partnerIds', { min: 1 });
    const before = isNew ? [] : (await m.findBy(CommitmentPartnerEntity, { commitmentId: c.id })).map((p) => p.partnerId).sort();
    await m.delete(CommitmentPartnerEntity, { commitmentId: c.id });
    await m.insert(CommitmentPartnerEntity, partnerIds.map((partnerId) => ({ commitmentId: c.id, partnerId })));
    audit('CommitmentPartners', before, [...partnerIds].sort());
  }
  if (input.fields) {
    const fields = check.list(input.fields, 'fields', { min: 1, max: 14 });
    const before = isNew ? [] : (await m.findBy(CommitmentFieldEntity, { commitmentId: c.id })).map((f) => f.field).sort();
    await m.delete(CommitmentFieldEntity, { commitmentId: c.id });
    await m.insert(CommitmentFieldEntity, fields.map((field) => ({ commitmentId: c.id, field })));
    audit('CommitmentFields', before, [...fields].sort());
  }
  if (input.parties || isNew) {
    const given = (input.parties ?? []).map((p) => ({
      commitmentId: c.id,
      agency: agencyKey(p.agency, 'parties.agency'),
      role: p.role,
      responsibleOfficialId: check.text(p.responsibleOfficialId, 'parties.responsibleOfficialId', 40),
      roleDescription: check.text(p.roleDescription, 'parties.roleDescription', 500),
    }));
    if (given.some((p) => p.role === 'LEAD' && p.agency !== leadKey)) throw badInput(`parties: the LEAD is the lead agency ${leadKey}; give other agencies another role`, 'parties');
    const existingLead = isNew ? undefined : await m.findOneBy(CommitmentPartyEntity, { commitmentId: c.id, role: 'LEAD' });
    const lead = given.find((p) => p.role === 'LEAD') ?? { commitmentId: c.id, agency: leadKey, role: 'LEAD', responsibleOfficialId: leadOfficial ?? existingLead?.responsibleOfficialId ?? null, roleDescription: existingLead?.roleDescription ?? null };
    const parties = check.list([lead, ...given.filter((p) => p.role !== 'LEAD')].map((p) => ({ ...p })), 'parties', { max: 30 });
    const before = isNew ? [] : await m.findBy(CommitmentPartyEntity, { commitmentId: c.id });
    await m.delete(CommitmentPartyEntity, { commitmentId: c.id });
    await m.insert(CommitmentPartyEntity, parties);
    audit('CommitmentParties', before.map((p) => ({ ...p })), parties);
  }
  if (input.relations) {
    const relations = check.list(input.relations, 'relations', { max: 20 }).map((r) => ({ commitmentId: c.id, relatedId: r.commitmentId, kind: r.kind }));
    if (relations.some((r) => r.relatedId === c.id)) throw badInput('relations: a commitment cannot relate to itself', 'relations');
    const found = relations.length ? await m.countBy(CommitmentEntity, { id: In(relations.map((r) => r.relatedId)) }) : 0;
    if (found !== new Set(relations.map((r) => r.relatedId)).size) throw badInput('relations: a related commitment does not exist', 'relations');
    const before = isNew ? [] : await m.findBy(CommitmentRelationEntity, { commitmentId: c.id });
    await m.delete(CommitmentRelationEntity, { commitmentId: c.id });
    if (relations.length) await m.insert(CommitmentRelationEntity, relations);
    audit('CommitmentRelations', before.map((r) => ({ ...r })), relations);
  }
  if (input.documents) {
    const documents = check.list(input.documents, 'documents', { max: 50 }).map((d) =>
      Object.assign(new CommitmentDocumentEntity(), { id: randomUUID(), commitmentId: c.id, kind: d.kind, title: check.text(d.title, 'documents.title', 300, true), url: check.url(d.url, 'documents.url'), addedAt: scope.now }),
    );
    const before = isNew ? [] : await m.findBy(CommitmentDocumentEntity, { commitmentId: c.id });
    await m.delete(CommitmentDocumentEntity, { commitmentId: c.id });
    if (documents.length) await m.insert(CommitmentDocumentEntity, documents);
    audit('CommitmentDocuments', before.map((d) => ({ kind: d.kind, title: d.title, url: d.url })), documents.map((d) => ({ kind: d.kind, title: d.title, url: d.url })));
  }
}

function contentColumns(input: ContentInput): Partial<CommitmentEntity> {
  const out: Partial<CommitmentEntity> = {};
  if (input.title !== undefined && input.title !== null) out.titleVi = check.text(input.title, 'title', 500, true)!;
  if (input.titleEn !== undefined) out.titleEn = check.text(input.titleEn, 'titleEn', 500);
  if (input.summary !== undefined) out.summary = check.text(input.summary, 'summary', 20_000);
  if (input.summaryEn !== undefined) out.summaryEn = check.text(input.summaryEn, 'summaryEn', 20_000);
  if (input.cooperationContent !== undefined) out.cooperationContent = check.text(input.cooperationContent, 'cooperationContent', 20_000);
  if (input.languages) out.languages = check.languages(input.languages);
  if (input.signingPlace !== undefined) out.signingPlace = check.text(input.signingPlace, 'signingPlace', 200);
  for (const f of ['plannedStart', 'plannedEnd', 'actualStart', 'actualEnd', 'activityRole', 'implementationStatus'] as const) if (input[f] !== undefined) out[f] = input[f] as never;
  if (input.activityId !== undefined) out.activityId = input.activityId;
  return out;
}

async function assertActivity(ctx: Context, activityId: string | null | undefined) {
  if (activityId && !(await ctx.loaders.activityById.load(activityId))) throw badInput(`activityId: no high-level activity "${activityId}"`, 'activityId');
}

export async function proposeCommitment({ input }: MutationProposeCommitmentArgs, ctx: Context): Promise<CommitmentEntity> {
  const leadKey = agencyKey(input.leadAgency, 'leadAgency');
  agencyKey(input.leadAgency, 'leadAgency');
  const owner = await resolveOwner(ctx, input.leadAgency);
  const actor = requireAgencyRole(ctx.identity, owner, 'editor');
  const rules = rulesNow(ctx);
  const instrumentClass = instrumentClassOf(input.kind, input.createsStateObligations ?? false, rules);
  const code = check.commitmentCode(input.code, owner.id);
  const columns = contentColumns(input);
  check.dateRange(input.plannedStart, input.plannedEnd, 'plannedStart', 'plannedEnd');
  if (input.inheritedFrom !== undefined && input.inheritedFrom !== null && !/^(MINISTRY|MINISTRY_UNIT|LOCALITY|PROVINCIAL_DEPARTMENT):[A-Za-z0-9-]{1,24}$/.test(input.inheritedFrom)) {
    throw badInput('inheritedFrom must be AGENCY_TYPE:id, e.g. LOCALITY:11111 for an abolished district', 'inheritedFrom');
  }
  await assertActivity(ctx, input.activityId);
  await assertReferences(ctx, input);
  const commitment = Object.assign(new CommitmentEntity(), {
    id: randomUUID(),
    code,
    titleVi: columns.titleVi!,
    titleEn: columns.titleEn ?? null,
    summary: columns.summary ?? null,
    summaryEn: columns.summaryEn ?? null,
    cooperationContent: columns.cooperationContent ?? null,
    instrumentClass,
    documentType: input.documentType,
    leadAgencyType: input.leadAgency.type,
    leadAgencyId: input.leadAgency.id,
    ownerAgency: formatRef(owner),
    legalStatus: 'DRAFT',
    implementationStatus: 'PIPELINE',
    languages: columns.languages ?? 'vi',
    plannedStart: input.plannedStart ?? null,
    plannedEnd: input.plannedEnd ?? null,
    activityId: input.activityId ?? null,
    activityRole: input.activityId ? (input.activityRole ?? 'SIGNED_AT') : null,
    inheritedFrom: input.inheritedFrom ?? null,
    createdAt: ctx.clock.now(),
    version: 1,
  });
  commitment.searchText = foldForSearch(`${code} ${commitment.titleVi} ${commitment.titleEn ?? ''}`);
  await auditedWrite(ctx, actor, async (scope) => {
    const { manager } = scope;
    await manager.insert(CommitmentEntity, commitment);
    scope.audit({ commitmentId: commitment.id, entityType: 'Commitment', entityId: commitment.id, action: 'CREATE', before: null, after: commitment });
    await writeContentLists(scope, commitment, input, leadKey, input.leadResponsibleOfficialId, true);
    await manager.insert(LegalEventEntity, Object.assign(new LegalEventEntity(), {
      commitmentId: commitment.id, fromStatus: null, toStatus: 'DRAFT', occurredAt: scope.now, recordedAt: scope.now,
      actorSubject: actor.subject, actorAgency: actor.agency ? formatRef(actor.agency) : null, documentRef: null, note: 'Proposed',
    }));
    await scope.flush();
  });
  return commitment;
}

/** What was signed: after signing these change only through an amendment (status AMENDED). */
const SIGNED_CONTENT: (keyof ContentInput)[] = ['title', 'titleEn', 'cooperationContent', 'partnerIds', 'fields', 'languages', 'signingPlace', 'activityId', 'activityRole'];

export async function updateCommitment({ id, version, input }: MutationUpdateCommitmentArgs, ctx: Context): Promise<CommitmentEntity> {
  const columns = contentColumns(input);
  await assertActivity(ctx, input.activityId);
  await assertReferences(ctx, input);
  return writeOnCommitment(ctx, id, ownerGuard('editor'), async (scope, c) => {
    expectVersion('Commitment', c.code, c.version, version);
    const frozen = SIGNED_CONTENT.filter((f) => input[f] !== undefined);
    if (frozen.length && !isPreSigning(c.legalStatus) && c.legalStatus !== 'AMENDED') {
      throw failedPrecondition(
        [{ rule: 'LIFECYCLE', message: `${c.code} is ${c.legalStatus}: ${frozen.join(', ')} are what was signed and change only through an amendment (transitionCommitment to AMENDED, with its document)` }],
        rulesNow(ctx).version,
      );
    }
    check.dateRange(columns.plannedStart ?? c.plannedStart, columns.plannedEnd ?? c.plannedEnd, 'plannedStart', 'plannedEnd');
    check.dateRange(columns.actualStart ?? c.actualStart, columns.actualEnd ?? c.actualEnd, 'actualStart', 'actualEnd');
    if (columns.titleVi || columns.titleEn !== undefined) columns.searchText = foldForSearch(`${c.code} ${columns.titleVi ?? c.titleVi} ${columns.titleEn ?? c.titleEn ?? ''}`);
    const after = await saveCommitment(scope, c, columns);
    await writeContentLists(scope, c, input, leadKeyOf(c), undefined, false);
    return after;
  });
}

export type AssessmentInput = FeasibilityAssessmentInput;

export async function submitFeasibilityAssessment({ commitmentId, version, input }: MutationSubmitFeasibilityAssessmentArgs, ctx: Context): Promise<FeasibilityAssessmentEntity> {
  if (input.budgetCurrency && !/^[A-Z]{3}$/.test(input.budgetCurrency)) throw badInput('budgetCurrency must be an ISO 4217 code such as VND or USD', 'budgetCurrency');
  if (input.budgetAmount && !input.budgetCurrency) throw badInput('budgetCurrency is required with budgetAmount', 'budgetCurrency');
  if (input.budgetAmount && Number(input.budgetAmount) < 0) throw badInput('budgetAmount must not be negative', 'budgetAmount');
  if (input.staffCount !== undefined && input.staffCount !== null && (input.staffCount < 0 || input.staffCount > 100_000)) throw badInput('staffCount must be between 0 and 100000', 'staffCount');
  if (input.verdict === 'CONDITIONAL' && !input.conditions?.trim()) throw badInput('conditions: a CONDITIONAL verdict must state its conditions', 'conditions');
  const rules = rulesNow(ctx);
  return writeOnCommitment(ctx, commitmentId, ownerGuard('editor'), async (scope, c) => {
    expectVersion('Commitment', c.code, c.version, version);
    refuseIf([...agreementWorkflowApplies(c.instrumentClass), ...lifecycle(c, 'Submitting a feasibility assessment', ['DRAFT', 'FEASIBILITY_REVIEW', 'CONSULTING', 'AWAITING_DECISION', 'ESCALATED_TO_PM'])], rules);
    const assessment = Object.assign(new FeasibilityAssessmentEntity(), {
      id: randomUUID(),
      commitmentId: c.id,
      budgetAmount: input.budgetAmount ?? null,
      budgetCurrency: input.budgetCurrency ?? null,
      budgetSource: input.budgetSource ?? null,
      budgetStatus: input.budgetStatus,
      staffCount: input.staffCount ?? null,
      staffing: check.text(input.staffing, 'staffing', 5000),
      counterpartReadiness: input.counterpartReadiness,
      risks: check.text(input.risks, 'risks', 10_000),
      verdict: input.verdict,
      conditions: check.text(input.conditions, 'conditions', 5000),
      status: 'SUBMITTED',
      submittedBy: scope.actor.subject,
      submittedAt: scope.now,
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
      version: 1,
    });
    await scope.manager.insert(FeasibilityAssessmentEntity, assessment);
    scope.audit({ commitmentId: c.id, entityType: 'FeasibilityAssessment', entityId: assessment.id, action: 'CREATE', before: null, after: assessment });
    if (c.legalStatus === 'DRAFT') await recordTransition(scope, c, { to: 'FEASIBILITY_REVIEW', occurredAt: scope.now, note: 'Feasibility assessment submitted' });
    else await saveCommitment(scope, c, {});
    return assessment;
  });
}

export async function decideFeasibilityAssessment({ id, version, approve, decidedAt, note }: MutationDecideFeasibilityAssessmentArgs, ctx: Context): Promise<FeasibilityAssessmentEntity> {
  check.notInFuture(decidedAt, 'decidedAt', ctx.clock.now());
  const found = await ctx.loaders.assessmentById.load(id);
  if (!found) throw notFound('FeasibilityAssessment', id);
  return writeOnCommitment(ctx, found.commitmentId, ownerGuard('approver'), async (scope, c) => {
    const before = await scope.manager.findOneByOrFail(FeasibilityAssessmentEntity, { id });
    expectVersion('FeasibilityAssessment', id, before.version, version);
    if (before.status !== 'SUBMITTED') throw failedPrecondition([{ rule: 'LIFECYCLE', message: `The assessment was already ${before.status.toLowerCase()}; submit a new one` }], rulesNow(ctx).version);
    if (approve && before.verdict === 'NOT_FEASIBLE') {
      throw failedPrecondition([{ rule: 'V8', message: 'An assessment whose verdict is NOT_FEASIBLE cannot be approved as passing the gate; reject it, or submit a revised assessment' }], rulesNow(ctx).version);
    }
    const changes = { status: approve ? 'APPROVED' : 'REJECTED', decidedBy: scope.actor.subject, decidedAt: decidedAt ?? scope.now, decisionNote: check.text(note, 'note', 5000) };
    await updateVersioned(scope, FeasibilityAssessmentEntity, 'FeasibilityAssessment', before, changes);
    const after = Object.assign(new FeasibilityAssessmentEntity(), before, changes, { version: version + 1 });
    scope.audit({ commitmentId: c.id, entityType: 'FeasibilityAssessment', entityId: id, action: 'UPDATE', before, after });
    return after;
  });
}

async function calendar(ctx: Context): Promise<WorkingCalendar> {
  return ctx.loaders.calendar.load('all');
}

export async function requestOpinions({ commitmentId, version, consultees, sentOn }: MutationRequestOpinionsArgs, ctx: Context): Promise<CommitmentEntity> {
  const keys = check.list(consultees, 'consultees', { min: 1, max: 30 }).map((a) => agencyKey(a, 'consultees'));
  const days = rulesNow(ctx).opinionWorkingDays;
  const cal = await calendar(ctx);
  if (sentOn > today(ctx)) throw badInput(`sentOn (${sentOn}) is in the future`, 'sentOn');
  await assertReferences(ctx, { parties: consultees.map((agency) => ({ agency })) });
  return writeOnCommitment(ctx, commitmentId, ownerGuard('editor'), async (scope, c) => {
    expectVersion('Commitment', c.code, c.version, version);
    const rules = rulesNow(ctx);
    refuseIf([...agreementWorkflowApplies(c.instrumentClass), ...lifecycle(c, 'Requesting opinions', ['DRAFT', 'FEASIBILITY_REVIEW', 'CONSULTING'])], rules);
    if (c.instrumentClass !== 'INTERNATIONAL_AGREEMENT') throw failedPrecondition([{ rule: 'V2', message: 'Written opinions are requested for international agreements; a political commitment needs none' }], rules.version);
    const existing = await scope.manager.findBy(ConsultationEntity, { commitmentId: c.id });
    const lead = leadKeyOf(c);
    for (const key of keys) {
      if (key === lead) throw badInput(`consultees: ${key} leads this commitment and cannot be consulted on it`, 'consultees');
      if (existing.some((e) => e.consultee === key)) throw badInput(`consultees: ${key} was already consulted on ${c.code}`, 'consultees');
    }
    const rows = keys.map((consultee) =>
      Object.assign(new ConsultationEntity(), { id: randomUUID(), commitmentId: c.id, consultee, sentOn, dueWorkingDays: days, dueOn: cal.addWorkingDays(sentOn, days), repliedAt: null, opinion: null, comments: null, documentRef: null, version: 1 }),
    );
    await scope.manager.insert(ConsultationEntity, rows);
    for (const row of rows) scope.audit({ commitmentId: c.id, entityType: 'Consultation', entityId: row.id, action: 'CREATE', before: null, after: row });
    if (c.legalStatus !== 'CONSULTING') return recordTransition(scope, c, { to: 'CONSULTING', occurredAt: scope.now, note: `Opinions requested from ${keys.join(', ')}` });
    return saveCommitment(scope, c, {});
  });
}

export async function recordOpinion({ consultationId, version, input }: MutationRecordOpinionArgs, ctx: Context): Promise<ConsultationEntity> {
  const found = await ctx.loaders.consultationById.load(consultationId);
  if (!found) throw notFound('Consultation', consultationId);
  check.notInFuture(input.repliedAt, 'repliedAt', ctx.clock.now());
  if (input.opinion === 'DISAGREE' && !input.comments?.trim()) throw badInput('comments: a disagreement must give its reasons', 'comments');
  const consulteeOwner = await resolveOwner(ctx, found.consultee);
  return writeOnCommitment(ctx, found.commitmentId, (_c, actor) => requireAgencyRole(actor, consulteeOwner, 'editor'), async (scope, c) => {
    const before = await scope.manager.findOneByOrFail(ConsultationEntity, { id: consultationId });
    expectVersion('Consultation', consultationId, before.version, version);
    const rules = rulesNow(ctx);
    refuseIf(lifecycle(c, 'Recording an opinion', ['CONSULTING']), rules);
    if (before.repliedAt) throw failedPrecondition([{ rule: 'LIFECYCLE', message: `${before.consultee} already gave its opinion on ${toLegalTime(before.repliedAt)}` }], rules.version);
    if (legalDateOf(input.repliedAt) < before.sentOn) throw badInput(`repliedAt is before the request was sent (${before.sentOn})`, 'repliedAt');
    const changes = { opinion: input.opinion, repliedAt: input.repliedAt, comments: check.text(input.comments, 'comments', 10_000), documentRef: check.text(input.document, 'document', 300) };
    await updateVersioned(scope, ConsultationEntity, 'Consultation', before, changes);
    const after = Object.assign(new ConsultationEntity(), before, changes, { version: version + 1 });
    scope.audit({ commitmentId: c.id, entityType: 'Consultation', entityId: consultationId, action: 'UPDATE', before, after });
    const all = await scope.manager.findBy(ConsultationEntity, { commitmentId: c.id });
    if (all.every((x) => x.id === consultationId || x.repliedAt !== null)) {
      await recordTransition(scope, c, { to: 'AWAITING_DECISION', occurredAt: input.repliedAt, note: 'All requested opinions received' });
    }
    return after;
  });
}

export async function escalateToPrimeMinister({ commitmentId, version, sentOn, document }: MutationEscalateToPrimeMinisterArgs, ctx: Context): Promise<CommitmentEntity> {
  return writeOnCommitment(ctx, commitmentId, ownerGuard('editor'), async (scope, c) => {
    expectVersion('Commitment', c.code, c.version, version);
    const rules = rulesNow(ctx);
    const disagreeing = await scope.manager.countBy(ConsultationEntity, { commitmentId: c.id, opinion: 'DISAGREE' });
    refuseIf(
      [
        ...lifecycle(c, 'Escalating to the Prime Minister', ['AWAITING_DECISION']),
        ...(disagreeing ? [] : [{ rule: 'V2', message: 'No consulted agency disagreed, so there is nothing to refer to the Prime Minister' }]),
      ],
      rules,
    );
    return recordTransition(scope, c, { to: 'ESCALATED_TO_PM', occurredAt: scope.now, changes: { pmEscalatedOn: sentOn }, document, note: 'Disagreement referred to the Prime Minister' });
  });
}

const GOVERNMENT_OFFICE = { type: 'MINISTRY' as const, id: 'GO' };

export async function recordPrimeMinisterDecision({ commitmentId, version, decision, at, document }: MutationRecordPrimeMinisterDecisionArgs, ctx: Context): Promise<CommitmentEntity> {
  return writeOnCommitment(ctx, commitmentId, (_c, actor) => requireAgencyRole(actor, GOVERNMENT_OFFICE, 'editor'), async (scope, c) => {
    expectVersion('Commitment', c.code, c.version, version);
    refuseIf(lifecycle(c, "Recording the Prime Minister's decision", ['ESCALATED_TO_PM']), rulesNow(ctx));
    const changes = { pmDecision: decision, pmDecisionAt: at, pmDecisionDocument: check.text(document, 'document', 300, true) };
    return decision === 'CONSENT'
      ? recordTransition(scope, c, { to: 'AWAITING_DECISION', occurredAt: at, changes, document, note: 'The Prime Minister consented' })
      : recordTransition(scope, c, { to: 'WITHDRAWN', occurredAt: at, changes, document, note: 'The Prime Minister refused consent' });
  });
}

export async function recordParentConsent({ commitmentId, version, at, document }: MutationRecordParentConsentArgs, ctx: Context): Promise<CommitmentEntity> {
  const current = await ctx.loaders.commitmentById.load(commitmentId);
  if (!current) throw notFound('Commitment', commitmentId);
  const capability = await fetchCapability(ctx, leadKeyOf(current), today(ctx));
  const parent = capability.parentAgency ? await resolveOwner(ctx, capability.parentAgency) : null;
  return writeOnCommitment(
    ctx,
    commitmentId,
    (_c, actor) => {
      if (!parent || !capability.priorConsent) throw failedPrecondition([{ rule: 'V1', message: `${capability.name} needs no prior consent to sign (signing rule set ${capability.ruleSetVersion})` }], rulesNow(ctx).version);
      requireAgencyRole(actor, parent, 'approver');
    },
    async (scope, c) => {
      expectVersion('Commitment', c.code, c.version, version);
      refuseIf(lifecycle(c, 'Recording prior consent', ['DRAFT', 'FEASIBILITY_REVIEW', 'CONSULTING', 'AWAITING_DECISION', 'ESCALATED_TO_PM', 'APPROVED_TO_SIGN']), rulesNow(ctx));
      return saveCommitment(scope, c, { parentConsentAt: at, parentConsentDocument: check.text(document, 'document', 300, true) });
    },
  );
}

/** Everything the signing rules look at, read inside the transaction. */
async function signingFacts(scope: WriteScope, c: CommitmentEntity, capability: CapabilitySnapshot | null): Promise<SigningFacts> {
  const [fields, consultations, assessments] = await Promise.all([
    scope.manager.findBy(CommitmentFieldEntity, { commitmentId: c.id }),
    scope.manager.findBy(ConsultationEntity, { commitmentId: c.id }),
    scope.manager.findBy(FeasibilityAssessmentEntity, { commitmentId: c.id }),
  ]);
  return {
    instrumentClass: c.instrumentClass,
    fields: fields.map((f) => f.field),
    parentConsentAt: c.parentConsentAt,
    pmDecision: c.pmDecision,
    pmDecisionAt: c.pmDecisionAt,
    consultations,
    assessments,
    capability,
  };
}

const needsCapability = (c: CommitmentEntity) => c.instrumentClass === 'INTERNATIONAL_AGREEMENT';

export async function approveForSigning({ commitmentId, version, input }: MutationApproveForSigningArgs, ctx: Context): Promise<CommitmentEntity> {
  check.notInFuture(input.at, 'at', ctx.clock.now());
  const current = await ctx.loaders.commitmentById.load(commitmentId);
  if (!current) throw notFound('Commitment', commitmentId);
  const capability = needsCapability(current) ? await fetchCapability(ctx, leadKeyOf(current), input.plannedSigningOn) : null;
  return writeOnCommitment(ctx, commitmentId, ownerGuard('approver'), async (scope, c) => {
    expectVersion('Commitment', c.code, c.version, version);
    const rules = rulesNow(ctx);
    const facts = await signingFacts(scope, c, capability);
    const at = input.at ?? scope.now;
    refuseIf([...lifecycle(c, 'Approval to sign', ['AWAITING_DECISION']), ...signingViolations(facts, rules, at)], rules, capability);
    return recordTransition(scope, c, { to: 'APPROVED_TO_SIGN', occurredAt: at, changes: { decidedBy: check.text(input.decidedById, 'decidedById', 40, true) }, document: input.document, note: `Signing planned on ${input.plannedSigningOn}` });
  });
}

export async function signCommitment({ commitmentId, version, input }: MutationSignCommitmentArgs, ctx: Context): Promise<CommitmentEntity> {
  const current = await ctx.loaders.commitmentById.load(commitmentId);
  if (!current) throw notFound('Commitment', commitmentId);
  check.notInFuture(input.signedAt, 'signedAt', ctx.clock.now());
  const signedOn = legalDateOf(input.signedAt);
  // V1 is judged on the signing date and the answer is kept: the unit may merge or be renamed later.
  const capability = needsCapability(current) ? await fetchCapability(ctx, leadKeyOf(current), signedOn) : null;
  const decider = current.decidedBy ?? input.decidedById ?? input.signedById;
  const delegation = input.signerDelegationId && input.signedById !== decider
    ? await delegationViolations(ctx, { leadType: current.leadAgencyType, delegationId: input.signerDelegationId, signedById: input.signedById, decidedById: decider, signedOn })
    : [];
  return writeOnCommitment(ctx, commitmentId, ownerGuard('approver'), async (scope, c) => {
    expectVersion('Commitment', c.code, c.version, version);
    const rules = workflowRulesOn(signedOn);
    const facts = await signingFacts(scope, c, capability);
    const from = c.instrumentClass === 'POLITICAL_COMMITMENT' ? ['DRAFT', 'FEASIBILITY_REVIEW'] : ['APPROVED_TO_SIGN'];
    const violations = [...lifecycle(c, 'Signing', from), ...signingViolations(facts, rules, input.signedAt)];
    // An agreement's decider is recorded at approval; a political commitment is announced without one, so the
    // signer may name the leader who decided (by default the signer).
    const decidedBy = c.decidedBy ?? check.text(input.decidedById, 'decidedById', 40) ?? input.signedById;
    if (input.signedById !== decidedBy && !input.signerDelegationId) {
      violations.push({ rule: 'V1', message: `${input.signedById} is not the official who decided to sign (${decidedBy}); a signer other than the decider must hold a delegation (signerDelegationId)` });
    }
    if (c.decidedBy === current.decidedBy) violations.push(...delegation);
    else violations.push({ rule: 'LIFECYCLE', message: 'The decision to sign changed while signing was being recorded; retry' });
    refuseIf(violations, rules, capability);
    return recordTransition(scope, c, {
      to: 'SIGNED',
      occurredAt: input.signedAt,
      changes: {
        signedAt: input.signedAt,
        signedOn,
        signingPlace: check.text(input.signingPlace, 'signingPlace', 200, true),
        signedBy: check.text(input.signedById, 'signedById', 40, true),
        signerDelegationId: check.text(input.signerDelegationId, 'signerDelegationId', 40),
        decidedBy,
        capabilitySnapshot: capability ? JSON.stringify(capability) : null,
        ruleSetVersion: rules.version,
        leadAgencyNameAtSigning: capability?.name ?? null,
      },
      document: input.document,
      note: 'Signed',
    });
  });
}

export async function recordPostSigningCopy({ commitmentId, version, sentAt, reportToPrimeMinisterAt: reportAt, document }: MutationRecordPostSigningCopyArgs, ctx: Context): Promise<CommitmentEntity> {
  check.notInFuture(sentAt, 'sentAt', ctx.clock.now());
  check.notInFuture(reportAt, 'reportToPrimeMinisterAt', ctx.clock.now());
  return writeOnCommitment(ctx, commitmentId, ownerGuard('editor'), async (scope, c) => {
    expectVersion('Commitment', c.code, c.version, version);
    const rules = rulesNow(ctx);
    if (!c.signedAt) refuseIf([{ rule: 'V4', message: `${c.code} is not signed; the copy to MOFA follows the signing` }], rules);
    if (sentAt < c.signedAt!) throw badInput(`sentAt is before the signing (${toLegalTime(c.signedAt!)})`, 'sentAt');
    const after = await saveCommitment(scope, c, { copySentAt: sentAt, pmReportSentAt: reportAt ?? c.pmReportSentAt });
    scope.audit({ commitmentId: c.id, entityType: 'PostSigningCopy', entityId: c.id, action: 'CREATE', before: null, after: { sentAt, reportAt: reportAt ?? null, document: check.text(document, 'document', 300) } });
    return after;
  });
}

export async function transitionCommitment({ commitmentId, version, to, at, document, note }: MutationTransitionCommitmentArgs, ctx: Context): Promise<CommitmentEntity> {
  if (!PLAIN_TARGETS.includes(to)) {
    throw badInput(`${to} is reached through its own mutation (${to === 'SIGNED' ? 'signCommitment' : to === 'APPROVED_TO_SIGN' ? 'approveForSigning' : 'the consultation steps'}), not transitionCommitment`, 'to');
  }
  check.notInFuture(at, 'at', ctx.clock.now());
  return writeOnCommitment(ctx, commitmentId, ownerGuard('approver'), async (scope, c) => {
    expectVersion('Commitment', c.code, c.version, version);
    if (!canMove(c.legalStatus, to)) {
      throw failedPrecondition([{ rule: 'LIFECYCLE', message: `${c.code} cannot go from ${c.legalStatus} to ${to}` }], rulesNow(ctx).version);
    }
    const changes: Partial<CommitmentEntity> = {};
    if (to === 'SUSPENDED') changes.implementationStatus = 'SUSPENDED';
    if (to === 'WITHDRAWN' && isPreSigning(c.legalStatus)) changes.implementationStatus = 'CANCELLED';
    return recordTransition(scope, c, { to, occurredAt: at, changes, document, note });
  });
}

export type ActivityInput = HighLevelActivityInput;

export async function createHighLevelActivity({ input }: MutationCreateHighLevelActivityArgs, ctx: Context): Promise<HighLevelActivityEntity> {
  const actor = requireSignedIn(ctx.identity);
  if (!actor.agency) throw accordsError('FORBIDDEN', 'Only a user of an agency may record a high-level activity');
  requireAgencyRole(actor, actor.agency, 'editor');
  check.dateRange(input.startsOn, input.endsOn, 'startsOn', 'endsOn');
  const leaders = check.list(input.leaders, 'leaders', { min: 1, max: 30 }).map((l) => check.text(l, 'leaders', 200, true)!);
  const partnerIds = check.list(input.partnerIds, 'partnerIds', { min: 1 });
  await assertExist(ctx, 'partners', 'Partner', partnerIds, 'partnerIds');
  const activity = Object.assign(new HighLevelActivityEntity(), {
    id: randomUUID(),
    kind: input.kind,
    titleVi: check.text(input.title, 'title', 500, true)!,
    titleEn: check.text(input.titleEn, 'titleEn', 500),
    startsOn: input.startsOn,
    endsOn: input.endsOn ?? null,
    place: check.text(input.place, 'place', 200, true)!,
    leaders: leaders.join('\n'),
    partnerIds: partnerIds.join(','),
    ownerAgency: formatRef(actor.agency),
    createdAt: ctx.clock.now(),
    version: 1,
  });
  await auditedWrite(ctx, actor, async (scope) => {
    await scope.manager.insert(HighLevelActivityEntity, activity);
    scope.audit({ commitmentId: null, entityType: 'HighLevelActivity', entityId: activity.id, action: 'CREATE', before: null, after: activity });
    await scope.flush();
  });
  return activity;
}

