import { milestoneStatus, rollUp, type MilestoneFacts } from '../src/domain/milestone-status';

const at = (iso: string) => new Date(iso);
const m = (over: Partial<MilestoneFacts>): MilestoneFacts => ({ id: Math.random().toString(36).slice(2), parentId: null, dueOn: '2026-09-02', completedAt: null, cancelledAt: null, weight: null, ...over });

describe('milestone status: the four Government Office categories, on a fixed clock', () => {
  // 2 September 2026 is National Day, a public holiday: the milestone is still due that day (a fixed date, not moved).
  it('done on time: completed on the due date in +07:00, even late in the evening (still 2 Sep in Hà Nội)', () => {
    expect(milestoneStatus(m({ completedAt: at('2026-09-02T16:59:00Z') }), '2026-10-01')).toBe('DONE_ON_TIME');
  });
  it('done late: completed after the due date in +07:00 (17:00 UTC is already 3 Sep in Hà Nội), not rolled to the next working day', () => {
    expect(milestoneStatus(m({ completedAt: at('2026-09-02T17:00:00Z') }), '2026-10-01')).toBe('DONE_LATE');
  });
  it('open within deadline up to and including the due date, overdue the day after', () => {
    expect(milestoneStatus(m({}), '2026-09-02')).toBe('OPEN_WITHIN_DEADLINE');
    expect(milestoneStatus(m({}), '2026-09-03')).toBe('OPEN_OVERDUE');
  });
  it('judges at the as-of date: a later completion or cancellation does not count yet', () => {
    const done = m({ completedAt: at('2026-09-10T03:00:00Z') });
    expect(milestoneStatus(done, '2026-09-05')).toBe('OPEN_OVERDUE');
    expect(milestoneStatus(done, '2026-09-10')).toBe('DONE_LATE');
    expect(milestoneStatus(m({ cancelledAt: at('2026-08-01T03:00:00Z') }), '2026-07-01')).toBe('OPEN_WITHIN_DEADLINE');
    expect(milestoneStatus(m({ cancelledAt: at('2026-08-01T03:00:00Z') }), '2026-09-05')).toBe('CANCELLED');
  });
  it('a milestone without a due date is never overdue', () => {
    expect(milestoneStatus(m({ dueOn: null }), '2030-01-01')).toBe('OPEN_WITHIN_DEADLINE');
  });
});

describe('weighted progress roll-up (K13)', () => {
  const asOf = '2026-10-01';
  const done = at('2026-08-01T03:00:00Z');
  it('uses the weights when every counted milestone has one', () => {
    const p = rollUp([m({ weight: '3.00', completedAt: done }), m({ weight: '1.00' })], asOf);
    expect(p).toEqual({ ratio: 0.75, counted: 2, weighted: true });
  });
  it('takes the plain mean without weights, and when only some have one', () => {
    expect(rollUp([m({ completedAt: done }), m({}), m({}), m({})], asOf)).toEqual({ ratio: 0.25, counted: 4, weighted: false });
    expect(rollUp([m({ weight: '9.00', completedAt: done }), m({})], asOf)).toEqual({ ratio: 0.5, counted: 2, weighted: false });
  });
  it('leaves cancelled milestones out, and is null when nothing is counted', () => {
    expect(rollUp([m({ weight: '1.00', completedAt: done }), m({ weight: '5.00', cancelledAt: done })], asOf)).toEqual({ ratio: 1, counted: 1, weighted: true });
    expect(rollUp([m({ cancelledAt: done })], asOf)).toBeNull();
    expect(rollUp([], asOf)).toBeNull();
  });
  it('counts a parent by the weighted share of its children until it is itself done', () => {
    const parent = m({ id: 'P', weight: '2.00' });
    const other = m({ id: 'Q', weight: '2.00' });
    const children = [m({ parentId: 'P', weight: '1.00', completedAt: done }), m({ parentId: 'P', weight: '3.00' })];
    expect(rollUp([parent, other, ...children], asOf)!.ratio).toBeCloseTo(0.125); // (2 × 0.25 + 2 × 0) / 4
    expect(rollUp([parent, other, ...children], asOf, 'P')!.ratio).toBeCloseTo(0.25);
    expect(rollUp([{ ...parent, completedAt: done }, other, ...children], asOf)!.ratio).toBeCloseTo(0.5);
  });
});
