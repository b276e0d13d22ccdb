import { isOpen, milestoneStatus, type MilestoneFacts } from './milestone-status';

/**
 * "Six clear" (DESIGN section 5): person, task, time, authority, responsibility, product. Each flag says what is
 * missing in words an agency can act on; K3 scores a commitment flags/6.
 */
export const SIX_CLEAR = ['PERSON', 'TASK', 'TIME', 'AUTHORITY', 'RESPONSIBILITY', 'PRODUCT'] as const;
export type SixClearName = (typeof SIX_CLEAR)[number];

export interface SixClearFlag {
  name: SixClearName;
  clear: boolean;
  missing: string | null;
}

export interface SixClear {
  complete: boolean;
  score: number;
  flags: SixClearFlag[];
}

export interface SixClearFacts {
  commitment: {
    instrumentClass: string;
    signedAt: Date | null;
    plannedEnd: string | null;
    decidedBy: string | null;
    signedBy: string | null;
    signerDelegationId: string | null;
    /** The V1 snapshot taken at signing; null when none was taken. */
    capability: { maySign: boolean; name?: string } | null;
  };
  parties: readonly { agency: string; role: string; responsibleOfficialId: string | null; roleDescription: string | null }[];
  programs: readonly { id: string; status: string }[];
  milestones: readonly (MilestoneFacts & { task: string; programId: string; deliverable: string | null; responsibleOfficialId: string | null })[];
  /** Indicator periods with a target set. */
  targets: number;
}

/** Names a few of the offending milestones, so the message says which ones to fix. */
function naming(milestones: readonly { task: string }[], one: string, many: string): string {
  const shown = milestones.slice(0, 3).map((m) => `"${m.task}"`).join(', ');
  const more = milestones.length > 3 ? ` and ${milestones.length - 3} more` : '';
  return milestones.length === 1 ? `milestone ${shown} ${one}` : `milestones ${shown}${more} ${many}`;
}

const flag = (name: SixClearName, problems: string[]): SixClearFlag => ({ name, clear: problems.length === 0, missing: problems.length ? problems.join('; ') : null });

export function sixClear(facts: SixClearFacts, asOf: string): SixClear {
  const { commitment: c } = facts;
  const live = facts.milestones.filter((m) => milestoneStatus(m, asOf) !== 'CANCELLED');
  const open = live.filter((m) => isOpen(milestoneStatus(m, asOf)));
  const lead = facts.parties.filter((p) => p.role === 'LEAD');

  const person: string[] = [];
  if (!lead[0]?.responsibleOfficialId) person.push('no responsible official is named for the commitment (the lead party)');
  const unowned = open.filter((m) => !m.responsibleOfficialId);
  if (unowned.length) person.push(naming(unowned, 'has no responsible official', 'have no responsible official'));

  const task: string[] = [];
  const approved = new Set(facts.programs.filter((p) => p.status === 'APPROVED').map((p) => p.id));
  if (!facts.programs.length) task.push('no action programme has been drawn up');
  else if (!approved.size) task.push('no action programme is approved yet');
  else if (!live.some((m) => approved.has(m.programId))) task.push('the approved programme has no milestone');

  const time: string[] = [];
  if (!c.plannedEnd) time.push('the commitment has no planned end date');
  const undated = live.filter((m) => !m.dueOn);
  if (undated.length) time.push(naming(undated, 'has no due date', 'have no due date'));

  const authority: string[] = [];
  if (!c.signedAt) authority.push('the commitment is not signed yet');
  else {
    if (c.instrumentClass === 'INTERNATIONAL_AGREEMENT' && !c.capability?.maySign) authority.push('the signatory was not shown competent to sign on the signing date (no V1 snapshot allowing it)');
    if (!c.decidedBy) authority.push('the official who decided to sign is not recorded');
    else if (c.signedBy && c.signedBy !== c.decidedBy && !c.signerDelegationId) authority.push(`the signer ${c.signedBy} is not the decider ${c.decidedBy} and holds no recorded delegation`);
  }

  const responsibility: string[] = [];
  if (lead.length !== 1) responsibility.push(lead.length ? `${lead.length} parties are named as lead; exactly one must lead` : 'no lead party is named');
  const unstated = facts.parties.filter((p) => (p.role === 'COORDINATING' || p.role === 'IMPLEMENTING') && !p.roleDescription);
  if (unstated.length) responsibility.push(`${unstated.map((p) => `${p.agency} (${p.role.toLowerCase()})`).join(', ')} ${unstated.length === 1 ? 'has' : 'have'} no stated role`);

  const product: string[] = [];
  const noDeliverable = live.filter((m) => !m.deliverable);
  if (noDeliverable.length) product.push(naming(noDeliverable, 'names no deliverable', 'name no deliverable'));
  if (facts.targets === 0) product.push('no result indicator has a target');

  const flags = [flag('PERSON', person), flag('TASK', task), flag('TIME', time), flag('AUTHORITY', authority), flag('RESPONSIBILITY', responsibility), flag('PRODUCT', product)];
  const clear = flags.filter((f) => f.clear).length;
  return { complete: clear === SIX_CLEAR.length, score: clear / SIX_CLEAR.length, flags };
}
