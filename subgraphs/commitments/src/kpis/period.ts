import { badInput } from '@accords/errors';
import { legalDateOf } from '@accords/subgraph-kit';
import { addDays, isCivilDate } from '@accords/rules';

/**
 * Periods and as-of dates (DESIGN section 6, conventions). A period is [its first day 00:00, the next period's first
 * day 00:00) in +07:00; it is kept here as civil dates [from, toExclusive). The as-of date of a stock KPI is the
 * period's last day, or today when the period is still in progress.
 */
export type PeriodKind = 'QUARTER' | 'HALF' | 'NINE_MONTHS' | 'YEAR' | 'TERM' | 'CUSTOM';

export interface PeriodInput {
  kind: PeriodKind;
  year?: number | null;
  index?: number | null;
  from?: string | null;
  to?: string | null;
}

export interface Period {
  kind: PeriodKind;
  label: string;
  /** First day, in +07:00. */
  from: string;
  /** The day after the last day. */
  toExclusive: string;
}

/** The 2021–2025 term (the 13th Party Congress term the leaders' term report covers). */
export const TERM = { from: '2021-01-01', toExclusive: '2026-01-01' };

/** Dates a KPI argument may name: the years `period.year` accepts. Outside them a date is a typo, not a question. */
const EARLIEST = '1945-01-01';
const LATEST = '2200-12-31';

/** A civil date within the years the register answers for, or BAD_USER_INPUT naming the field. */
export function kpiDate(value: string | null | undefined, field: string, what: string): string {
  if (!isCivilDate(value)) throw badInput(`${field}: ${what} (YYYY-MM-DD)`, field);
  if (value < EARLIEST || value > LATEST) throw badInput(`${field}: ${value} is outside ${EARLIEST}–${LATEST}`, field);
  return value;
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (year: number, month: number) => (month > 12 ? `${year + 1}-${pad(month - 12)}-01` : `${year}-${pad(month)}-01`);

function needYear(input: PeriodInput): number {
  const year = input.year;
  if (year === null || year === undefined || !Number.isInteger(year) || year < 1945 || year > 2200) throw badInput(`period.year: a ${input.kind} needs a year between 1945 and 2200`, 'period.year');
  return year;
}

function needIndex(input: PeriodInput, max: number): number {
  const index = input.index;
  if (index === null || index === undefined || !Number.isInteger(index) || index < 1 || index > max) throw badInput(`period.index: a ${input.kind} needs an index from 1 to ${max}`, 'period.index');
  return index;
}

export function resolvePeriod(input: PeriodInput): Period {
  switch (input.kind) {
    case 'QUARTER': {
      const year = needYear(input);
      const q = needIndex(input, 4);
      return { kind: input.kind, label: `Q${q} ${year}`, from: monthStart(year, 3 * q - 2), toExclusive: monthStart(year, 3 * q + 1) };
    }
    case 'HALF': {
      const year = needYear(input);
      const h = needIndex(input, 2);
      return { kind: input.kind, label: `H${h} ${year}`, from: monthStart(year, 6 * h - 5), toExclusive: monthStart(year, 6 * h + 1) };
    }
    case 'NINE_MONTHS': {
      const year = needYear(input);
      return { kind: input.kind, label: `9M ${year}`, from: `${year}-01-01`, toExclusive: `${year}-10-01` };
    }
    case 'YEAR': {
      const year = needYear(input);
      return { kind: input.kind, label: String(year), from: `${year}-01-01`, toExclusive: `${year + 1}-01-01` };
    }
    case 'TERM':
      return { kind: input.kind, label: '2021–2025', ...TERM };
    case 'CUSTOM': {
      const from = kpiDate(input.from, 'period.from', 'a CUSTOM period needs a first day');
      const to = kpiDate(input.to, 'period.to', 'a CUSTOM period needs a last day');
      if (to < from) throw badInput(`period.to (${to}) is before period.from (${from})`, 'period.to');
      return { kind: input.kind, label: `${from}–${to}`, from, toExclusive: addDays(to, 1) };
    }
    default:
      throw badInput(`period.kind: unknown kind ${String((input as PeriodInput).kind)}`, 'period.kind');
  }
}

/** The same period a year earlier (K2). */
export function yearEarlier(p: Period): Period {
  const back = (d: string) => {
    const y = Number(d.slice(0, 4)) - 1;
    // 29 February has no twin: the period then starts (or ends) on 1 March, as the next period's first day would.
    return d.slice(5) === '02-29' ? `${y}-03-01` : `${y}${d.slice(4)}`;
  };
  return { kind: p.kind, label: `${p.label} − 1 year`, from: back(p.from), toExclusive: back(p.toExclusive) };
}

/** Longer than a year: K2 has no year-on-year figure (DESIGN section 6, "further pinned"). */
export function longerThanAYear(p: Period): boolean {
  const y = Number(p.from.slice(0, 4)) + 1;
  return p.toExclusive > `${y}${p.from.slice(4)}`;
}

/** "Today" in +07:00 by the request's clock (the system clock in production, a fixed one in tests). */
export function legalToday(clock: { now(): Date }): string {
  return legalDateOf(clock.now());
}

/** The as-of date: given, or the period's last day, or today if the period is still in progress. */
export function asOfFor(p: Period, asOf: string | null | undefined, today: () => string): string {
  if (asOf) {
    return kpiDate(asOf, 'asOf', 'expected a date');
  }
  const last = addDays(p.toExclusive, -1);
  const now = today();
  return now < last ? now : last;
}

/** The instant a civil date begins in +07:00, as a UTC datetime literal both engines compare correctly. */
export function startOfLegalDay(date: string): string {
  return `${addDays(date, -1)} 17:00:00`;
}

/** Quarters [from, toExclusive) covering a range of civil dates, for series. */
export function quartersBetween(from: string, to: string): Period[] {
  kpiDate(from, 'from', 'expected a date');
  kpiDate(to, 'to', 'expected a date');
  if (to < from) throw badInput(`to (${to}) is before from (${from})`, 'to');
  const out: Period[] = [];
  let year = Number(from.slice(0, 4));
  let q = Math.floor((Number(from.slice(5, 7)) - 1) / 3) + 1;
  for (;;) {
    const p = resolvePeriod({ kind: 'QUARTER', year, index: q });
    if (p.from > to) break;
    out.push(p);
    if (out.length > 200) throw badInput('from/to: a series covers at most 200 quarters', 'to');
    q++;
    if (q > 4) {
      q = 1;
      year++;
    }
  }
  return out;
}
