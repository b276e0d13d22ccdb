/**
 * Working days and legal deadlines (DESIGN section 3, conventions of section 6). Dates are civil dates in +07:00 as
 * `YYYY-MM-DD`; weekends are Saturday and Sunday; public holidays (including the lunar Tết days, which move every
 * year) come from data, never from code.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function toUtc(date: string): number {
  if (!DATE.test(date)) throw new Error(`Not a date (YYYY-MM-DD): ${date}`);
  return Date.parse(`${date}T00:00:00Z`);
}

const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

export class WorkingCalendar {
  private readonly holidays: ReadonlySet<string>;

  /** `holidays`: every public day off, compensatory days included. */
  constructor(holidays: Iterable<string>) {
    this.holidays = new Set(holidays);
  }

  isWeekend(date: string): boolean {
    const weekday = new Date(toUtc(date)).getUTCDay();
    return weekday === 0 || weekday === 6;
  }

  isHoliday(date: string): boolean {
    return this.holidays.has(date);
  }

  isWorkingDay(date: string): boolean {
    return !this.isWeekend(date) && !this.isHoliday(date);
  }

  /** The first working day on or after `date`. */
  nextWorkingDay(date: string): string {
    let d = date;
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }

  /**
   * The day a period of `n` working days starting after `start` ends: the n-th working day after it (the start day
   * itself is not counted, as for "within 7 working days of receiving a complete dossier").
   */
  addWorkingDays(start: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new Error(`Working days must be a whole number ≥ 0, not ${n}`);
    let d = start;
    for (let counted = 0; counted < n; ) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) counted++;
    }
    return d;
  }

  /**
   * The last day of a period of `n` calendar days after `start` ("within 15 days"): when it falls on a weekend or
   * holiday, the period ends at the close of the next working day (Civil Code 2015, art. 148).
   */
  calendarDeadline(start: string, n: number): string {
    return this.nextWorkingDay(addDays(start, n));
  }

  /** A fixed-date deadline (e.g. 15 November) moved past a weekend or holiday by the same rule. */
  fixedDeadline(date: string): string {
    return this.nextWorkingDay(date);
  }

  /** Working days in (from, to]: how many working days `to` is after `from` (negative when earlier). */
  workingDaysBetween(from: string, to: string): number {
    if (to < from) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return count;
  }
}
