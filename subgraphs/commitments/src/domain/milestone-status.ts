import { legalDateOf } from '@accords/subgraph-kit';

/**
 * The four categories the Government Office uses for tasks it assigns, plus cancelled (DESIGN section 4). Derived
 * from the due date and the completion, never typed in, and judged at an as-of date so that a report for a past
 * period shows what was true then.
 */
export const MILESTONE_STATUSES = ['DONE_ON_TIME', 'DONE_LATE', 'OPEN_WITHIN_DEADLINE', 'OPEN_OVERDUE', 'CANCELLED'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export interface MilestoneFacts {
  id: string;
  parentId: string | null;
  /** A fixed civil date: a milestone due on a holiday is due that day (it is not moved like a legal period). */
  dueOn: string | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  /** Decimal string; null when not weighted. */
  weight: string | null;
}

/** Today in the legal time zone: the default as-of date. */
export const legalToday = (now: Date) => legalDateOf(now);

const happenedBy = (at: Date | null, asOf: string): at is Date => at !== null && legalDateOf(at) <= asOf;

/**
 * Status on `asOf` (a civil date in +07:00). Done on time when it was completed on or before its due date (the
 * completion's civil date in +07:00). A milestone without a due date is never overdue (six-clear "time" flags it).
 * Completions and cancellations recorded after `asOf` are ignored: the milestone was still open then.
 */
export function milestoneStatus(m: MilestoneFacts, asOf: string): MilestoneStatus {
  if (happenedBy(m.cancelledAt, asOf) && !happenedBy(m.completedAt, asOf)) return 'CANCELLED';
  if (happenedBy(m.completedAt, asOf)) return m.dueOn === null || legalDateOf(m.completedAt) <= m.dueOn ? 'DONE_ON_TIME' : 'DONE_LATE';
  return m.dueOn === null || asOf <= m.dueOn ? 'OPEN_WITHIN_DEADLINE' : 'OPEN_OVERDUE';
}

export const isDone = (status: MilestoneStatus) => status === 'DONE_ON_TIME' || status === 'DONE_LATE';
export const isOpen = (status: MilestoneStatus) => status === 'OPEN_WITHIN_DEADLINE' || status === 'OPEN_OVERDUE';

export interface Progress {
  /** 0..1. */
  ratio: number;
  /** Milestones counted (not cancelled) at this level. */
  counted: number;
  /** True when every counted milestone has a weight; otherwise each counts the same (plain mean). */
  weighted: boolean;
}

/**
 * K13 weighted roll-up: sum(weight × done) / sum(weight) over the milestones that are not cancelled. A milestone with
 * children counts as done by the share of its children (recursively) until it is itself completed. Weights apply
 * only when every counted milestone at that level has one; a partly weighted level falls back to the plain mean, so a
 * missing weight never silently counts as zero. Null when nothing is counted.
 */
export function rollUp(milestones: readonly MilestoneFacts[], asOf: string, parentId: string | null = null): Progress | null {
  const childrenOf = new Map<string | null, MilestoneFacts[]>();
  for (const m of milestones) {
    if (milestoneStatus(m, asOf) === 'CANCELLED') continue;
    const list = childrenOf.get(m.parentId);
    if (list) list.push(m);
    else childrenOf.set(m.parentId, [m]);
  }
  const level = (id: string | null, seen: Set<string>): Progress | null => {
    const items = childrenOf.get(id) ?? [];
    if (!items.length) return null;
    const weighted = items.every((m) => m.weight !== null && Number(m.weight) > 0);
    let total = 0;
    let done = 0;
    for (const m of items) {
      const w = weighted ? Number(m.weight) : 1;
      total += w;
      if (isDone(milestoneStatus(m, asOf))) done += w;
      else if (!seen.has(m.id)) done += w * (level(m.id, new Set([...seen, m.id]))?.ratio ?? 0);
    }
    return { ratio: done / total, counted: items.length, weighted };
  };
  return level(parentId, new Set(parentId ? [parentId] : []));
}
