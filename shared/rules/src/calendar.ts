/**
 * Working days and legal deadlines (DESIGN section 3, conventions of section 6). Dates are civil dates in +07:00 as
 * `YYYY-MM-DD`; weekends are Saturday and Sunday; public holidays (including the lunar Tết days, which move every
 * year) come from data, never from code.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Milliseconds at 00:00 UTC of a civil date; refuses a malformed or impossible one (2026-02-30 does not roll over). */
function toUtc(date: string): number {
  const ms = typeof date === 'string' && DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms) || fromUtc(ms) !== date) throw new Error(`Not a date (YYYY-MM-DD): ${String(date)}`);
  return ms;
}

/** Whether `date` is a real calendar date written YYYY-MM-DD. */
export function isCivilDate(date: unknown): date is string {
  if (typeof date !== 'string') return false;
  try {
    toUtc(date);
    return true;
  } catch {
    return false;
  }
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** One day of a holiday data file (e.g. the commitments subgraph's `data/public-holidays.json`). */
export interface HolidayEntry {
  date: string;
  nameVi: string;
  nameEn: string;
}

/** The shape of a holiday data file: days off per year, and Saturdays or Sundays worked in exchange for a day off. */
export interface HolidayData {
  years: Record<string, HolidayEntry[]>;
  makeUpWorkingDays?: Record<string, HolidayEntry[]>;
}

export interface WorkingCalendarOptions {
  /** Weekend days worked in exchange for a weekday off (the weekday is one of the holidays). */
  makeUpWorkingDays?: Iterable<string>;
  /** The years the holiday list is complete for; by default, the years in which it has at least one day. */
  years?: Iterable<number>;
}

export class WorkingCalendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly makeUpDays: ReadonlySet<string>;
  private readonly years: ReadonlySet<number>;

  /**
   * `holidays`: every public day off, compensatory and swapped days included. Every date is checked, so a malformed
   * one fails here instead of silently never matching.
   */
  constructor(holidays: Iterable<string>, options: WorkingCalendarOptions = {}) {
    const checked = (dates: Iterable<string>) => {
      const set = new Set(dates);
      for (const d of set) toUtc(d);
      return set;
    };
    this.holidays = checked(holidays);
    this.makeUpDays = checked(options.makeUpWorkingDays ?? []);
    this.years = new Set(options.years ?? [...this.holidays].map((d) => Number(d.slice(0, 4))));
  }

  /** A calendar from a holiday data file; every date must be a real date inside the year it is listed under. */
  static fromData(data: HolidayData): WorkingCalendar {
    const dates = (byYear: Record<string, HolidayEntry[]>) =>
      Object.entries(byYear).flatMap(([year, entries]) =>
        entries.map((e) => {
          if (!isCivilDate(e.date) || e.date.slice(0, 4) !== year) throw new Error(`Holiday data: ${JSON.stringify(e.date)} is not a date in ${year}`);
          return e.date;
        }),
      );
    return new WorkingCalendar(dates(data.years), { makeUpWorkingDays: dates(data.makeUpWorkingDays ?? {}), years: Object.keys(data.years).map(Number) });
  }

  /** Whether the holidays of `date`'s year are known: outside them, only weekends are skipped. */
  covers(date: string): boolean {
    toUtc(date);
    return this.years.has(Number(date.slice(0, 4)));
  }

  isWeekend(date: string): boolean {
    const weekday = new Date(toUtc(date)).getUTCDay();
    return weekday === 0 || weekday === 6;
  }

  isHoliday(date: string): boolean {
    toUtc(date);
    return this.holidays.has(date);
  }

  /** Not a weekend day (unless worked in exchange for a day off) and not a holiday. */
  isWorkingDay(date: string): boolean {
    return (!this.isWeekend(date) || this.makeUpDays.has(date)) && !this.isHoliday(date);
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
    toUtc(start);
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
    toUtc(from);
    toUtc(to);
    if (to < from) {
      const ahead = this.workingDaysBetween(to, from);
      return ahead === 0 ? 0 : -ahead; // never -0
    }
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return count;
  }
}

/** In force on `date`: from `validFrom` through `validTo` inclusive, open-ended when `validTo` is null (delegations, mandates). */
export function inForceOn(period: { validFrom: string; validTo: string | null | undefined }, date: string): boolean {
  return String(period.validFrom) <= date && (period.validTo === null || period.validTo === undefined || String(period.validTo) >= date);
}
