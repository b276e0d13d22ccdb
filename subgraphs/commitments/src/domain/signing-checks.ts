import type { RuleViolation } from '@accords/errors';
import type { SigningCapability } from '@accords/rules';
import { toLegalTime } from '@accords/subgraph-kit';
import { requiredConsultees, satisfiesToken, type WorkflowRules } from './workflow-rules';

/** What the owning subgraph (ministries or localities) answered about the signatory, kept as a snapshot. */
export interface CapabilitySnapshot extends SigningCapability {
  /** The signatory as AGENCY_TYPE:id, and its name on that date. */
  agency: string;
  name: string;
  /** The agency whose head gives the prior consent (the province of a commune, the ministry of a unit). */
  parentAgency: string | null;
}

export interface ConsultationFacts {
  consultee: string;
  repliedAt: Date | null;
  opinion: string | null;
}

export interface AssessmentFacts {
  status: string;
  verdict: string;
  decidedAt: Date | null;
}

export interface SigningFacts {
  instrumentClass: string;
  fields: readonly string[];
  parentConsentAt: Date | null;
  pmDecision: string | null;
  pmDecisionAt: Date | null;
  consultations: readonly ConsultationFacts[];
  assessments: readonly AssessmentFacts[];
  /** Null for instruments V1 does not apply to (political commitments). */
  capability: CapabilitySnapshot | null;
}

/** Instants in messages are shown in the legal time zone, as everywhere at the edges. */
const iso = (d: Date) => toLegalTime(d);

/** V8: an approved feasible (or conditional) assessment dated before `at`. */
export function feasibilityGate(facts: SigningFacts, at: Date): RuleViolation[] {
  const passed = facts.assessments.some((a) => a.status === 'APPROVED' && (a.verdict === 'FEASIBLE' || a.verdict === 'CONDITIONAL') && a.decidedAt !== null && a.decidedAt <= at);
  if (passed) return [];
  const pending = facts.assessments.some((a) => a.status === 'SUBMITTED');
  const why = facts.assessments.length === 0 ? 'no feasibility assessment was submitted' : pending ? 'the feasibility assessment is not yet approved' : 'no feasibility assessment with a feasible or conditional verdict was approved';
  return [{ rule: 'V8', message: `Feasibility gate: ${why}; an approved assessment of budget, staffing, counterpart readiness and risks must precede signing (${iso(at)})` }];
}

/** V1: the signatory may sign on that date, and a required prior consent was given before `at`. */
export function signatoryCompetence(facts: SigningFacts, at: Date): RuleViolation[] {
  const c = facts.capability;
  if (!c) return [];
  if (!c.maySign) return [{ rule: 'V1', message: `${c.name} may not conclude an international agreement on ${c.asOf}: ${c.reason ?? 'no signing power'} (signing rule set ${c.ruleSetVersion})` }];
  if (c.priorConsent && (!facts.parentConsentAt || facts.parentConsentAt > at)) {
    return [{ rule: 'V1', message: `${c.name} signs only with the prior written consent of the ${c.priorConsent.toLowerCase().replace(/_/g, ' ')}${c.parentAgency ? ` (${c.parentAgency})` : ''}; none is recorded before ${iso(at)} (signing rule set ${c.ruleSetVersion})` }];
  }
  return [];
}

/** V2: every required opinion exists and was given before `at`; a disagreement needs the Prime Minister's consent. */
export function consultationsComplete(facts: SigningFacts, rules: WorkflowRules, at: Date): RuleViolation[] {
  if (!facts.capability) return [];
  const violations: RuleViolation[] = [];
  const required = requiredConsultees(rules, facts.capability.consultees, facts.fields);
  const missing = required.filter((token) => !facts.consultations.some((c) => satisfiesToken(rules, token, c.consultee)));
  if (missing.length) violations.push({ rule: 'V2', message: `No opinion was requested from: ${missing.join(', ')}` });
  const unanswered = facts.consultations.filter((c) => !c.repliedAt || c.repliedAt > at).map((c) => c.consultee);
  if (unanswered.length) violations.push({ rule: 'V2', message: `Opinions not yet given before ${iso(at)} by: ${unanswered.join(', ')}` });
  const disagreeing = facts.consultations.filter((c) => c.opinion === 'DISAGREE' && c.repliedAt && c.repliedAt <= at).map((c) => c.consultee);
  if (disagreeing.length && !(facts.pmDecision === 'CONSENT' && facts.pmDecisionAt && facts.pmDecisionAt <= at)) {
    violations.push({ rule: 'V2', message: `${disagreeing.join(', ')} disagreed, so signing needs the Prime Minister's written consent, which is not recorded before ${iso(at)}` });
  }
  return violations;
}

/** V5: treaties (State obligations) follow the Law on Treaties, not the agreement workflow. */
export function agreementWorkflowApplies(instrumentClass: string): RuleViolation[] {
  return instrumentClass === 'TREATY'
    ? [{ rule: 'V5', message: 'A treaty creates obligations for the State and is concluded in the name of the State or Government under the Law on Treaties 2016; it cannot go through the international-agreement workflow of an agency' }]
    : [];
}

/** Every rule that must hold for a commitment to be approved for signing or signed at `at`. */
export function signingViolations(facts: SigningFacts, rules: WorkflowRules, at: Date): RuleViolation[] {
  return [...agreementWorkflowApplies(facts.instrumentClass), ...signatoryCompetence(facts, at), ...consultationsComplete(facts, rules, at), ...feasibilityGate(facts, at)];
}
