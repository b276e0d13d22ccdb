import { legalDateOf } from '@accords/subgraph-kit';
import data from '../data/workflow-rules.json';

/** One published version of the workflow rules (data/workflow-rules.json). */
export interface WorkflowRules {
  version: string;
  effectiveFrom: string;
  legalBasis: string;
  opinionWorkingDays: number;
  primeMinisterWorkingDays: number;
  postSigningCopyDays: number;
  /** MM-DD: the annual implementation plan for Y+1 is due on this day of Y. */
  annualPlanDeadline: string;
  outOfScopeKinds: Record<string, string>;
  /** Consultee token (from a signing capability) -> agency patterns that satisfy it ("MINISTRY:*"). */
  consulteeTokens: Record<string, string[]>;
  tokenExcludes: Record<string, string[]>;
  securityFields: string[];
  securityConsultees: string[];
}

const VERSIONS: readonly WorkflowRules[] = [...(data.versions as WorkflowRules[])].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));

/** The version in force on a date (the first one for dates before it: the workflow predates the system). */
export function workflowRulesOn(date: string): WorkflowRules {
  let best = VERSIONS[0];
  for (const v of VERSIONS) if (v.effectiveFrom <= date) best = v;
  return best;
}

const matches = (pattern: string, agency: string) =>
  pattern.includes('*') ? new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(agency) : pattern === agency;

/** Does a consultation of `agency` ("MINISTRY:MOIT") satisfy the consultee token ("RELATED_MINISTRIES")? */
export function satisfiesToken(rules: WorkflowRules, token: string, agency: string): boolean {
  const patterns = rules.consulteeTokens[token] ?? [token];
  if ((rules.tokenExcludes[token] ?? []).some((p) => matches(p, agency))) return false;
  return patterns.some((p) => matches(p, agency));
}

/** Tokens of the agencies whose opinion is required: the capability's, plus defence and security for such fields. */
export function requiredConsultees(rules: WorkflowRules, capabilityConsultees: readonly string[], fields: readonly string[]): string[] {
  const tokens = [...capabilityConsultees];
  if (fields.some((f) => rules.securityFields.includes(f))) {
    for (const t of rules.securityConsultees) if (!tokens.some((x) => x === t || (t === 'MOND' && x === 'MOND_BORDER_GUARD'))) tokens.push(t);
  }
  return tokens;
}

/** The version in force today (in +07:00). */
/** The rules in force at `now` (the request clock's instant, ctx.clock.now()). */
export const workflowRulesNow = (now: Date) => workflowRulesOn(legalDateOf(now));
