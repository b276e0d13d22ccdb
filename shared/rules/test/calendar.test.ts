import fs from 'node:fs';
import path from 'node:path';
import { addDays, isCivilDate, WorkingCalendar, type HolidayData } from '../src/calendar';

/**
 * Working days and legal deadlines (DESIGN section 3 and the conventions of section 6) on the holiday data the
 * commitments subgraph ships: weekends and public holidays (the lunar Tết days included) are not working days; a
 * period counted in days that ends on one of them ends at the close of the next working day (Civil Code 2015 art. 148).
 */
const file = path.join(__dirname, '..', '..', '..', 'subgraphs', 'commitments', 'src', 'data', 'public-holidays.json');
const data = JSON.parse(fs.readFileSync(file, 'utf8')) as HolidayData & {
  description: string;
  source: string;
  version: string;
  assumptions: { dates: string[]; note: string }[];
};
const calendar = WorkingCalendar.fromData(data);

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const isWeekend = (date: string) => weekday(date) === 0 || weekday(date) === 6;

describe('WorkingCalendar on the public holidays', () => {
  it('ends 7 working days from Tuesday 2026-02-10 on 2026-02-26, skipping the weekend and the Tết break', () => {
    expect(calendar.addWorkingDays('2026-02-10', 7)).toBe('2026-02-26');
    for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) expect(calendar.isWorkingDay(d)).toBe(false);
    expect(calendar.isWorkingDay('2026-02-23')).toBe(true);
    expect(calendar.addWorkingDays('2026-02-10', 0)).toBe('2026-02-10');
  });

  it('skips weekends', () => {
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-03-08')).toBe(false); // Sunday
    expect(calendar.addWorkingDays('2026-03-06', 1)).toBe('2026-03-09'); // Friday + 1 = Monday
    expect(calendar.addWorkingDays('2026-03-06', 5)).toBe('2026-03-13');
    expect(calendar.addWorkingDays('2026-03-07', 1)).toBe('2026-03-09'); // counted from a Saturday
    expect(calendar.nextWorkingDay('2026-03-07')).toBe('2026-03-09');
    expect(calendar.nextWorkingDay('2026-03-09')).toBe('2026-03-09');
  });

  it('skips holidays and compensatory days, and counts a Saturday worked in exchange for a day off', () => {
    expect(calendar.isWorkingDay('2026-04-27')).toBe(false); // Monday off for Hùng Kings' day on Sunday 2026-04-26
    expect(calendar.addWorkingDays('2026-04-24', 1)).toBe('2026-04-28');
    // 2 May 2025 was given off in exchange for Saturday 26 April 2025.
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true);
    expect(calendar.isWorkingDay('2025-05-02')).toBe(false);
    expect(calendar.addWorkingDays('2025-04-25', 1)).toBe('2025-04-26');
    expect(calendar.addWorkingDays('2025-04-29', 1)).toBe('2025-05-05');
  });

  it('moves a 15-day calendar deadline that ends on a weekend or holiday to the next working day (Civil Code art. 148)', () => {
    expect(calendar.calendarDeadline('2026-03-02', 15)).toBe('2026-03-17'); // ends on a Tuesday: unchanged
    expect(calendar.calendarDeadline('2026-03-13', 15)).toBe('2026-03-30'); // Saturday 28 March -> Monday
    expect(calendar.calendarDeadline('2026-02-01', 15)).toBe('2026-02-23'); // Monday 16 February is in the Tết break
    expect(calendar.calendarDeadline('2026-04-12', 15)).toBe('2026-04-28'); // a compensatory Monday
    expect(calendar.calendarDeadline('2025-08-17', 15)).toBe('2025-09-03'); // 1-2 September 2025, National Day
    expect(calendar.fixedDeadline('2026-11-15')).toBe('2026-11-16'); // annual plans: 15 November 2026 is a Sunday
    expect(calendar.fixedDeadline('2027-11-15')).toBe('2027-11-15');
  });

  it('counts working days between two dates in both directions', () => {
    expect(calendar.workingDaysBetween('2026-02-10', '2026-02-26')).toBe(7);
    expect(calendar.workingDaysBetween('2026-02-26', '2026-02-10')).toBe(-7);
    expect(calendar.workingDaysBetween('2026-02-10', '2026-02-10')).toBe(0);
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
    expect(calendar.workingDaysBetween('2026-02-14', '2026-02-22')).toBe(0);
    expect(calendar.workingDaysBetween('2026-02-22', '2026-02-14')).toBe(0);
    // The inverse of addWorkingDays, across holidays, weekends and a Saturday worked.
    for (const start of ['2021-02-08', '2023-04-27', '2024-04-26', '2025-04-24', '2026-02-13', '2027-02-03']) {
      for (const n of [1, 3, 7, 15]) expect(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, n))).toBe(n);
    }
  });

  it('refuses impossible dates and says which years it knows the holidays of', () => {
    expect(() => calendar.addWorkingDays('2026-02-30', 1)).toThrow(/Not a date/);
    expect(() => calendar.workingDaysBetween('2026-02-10', '26-02-2026')).toThrow(/Not a date/);
    expect(() => new WorkingCalendar(['2026-2-16'])).toThrow(/Not a date/);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(calendar.covers('2021-01-01')).toBe(true);
    expect(calendar.covers('2027-12-31')).toBe(true);
    expect(calendar.covers('2028-01-03')).toBe(false);
  });
});

describe('public-holidays.json', () => {
  const years = Object.keys(data.years);
  const all = Object.entries(data.years).flatMap(([year, entries]) => entries.map((e) => ({ ...e, year })));
  const days = (year: string) => new Set(data.years[year].map((e) => e.date));
  const lunarNewYear: Record<string, string> = {
    2021: '2021-02-12',
    2022: '2022-02-01',
    2023: '2023-01-22',
    2024: '2024-02-10',
    2025: '2025-01-29',
    2026: '2026-02-17',
    2027: '2027-02-06',
  };
  const hungKings: Record<string, string> = {
    2021: '2021-04-21',
    2022: '2022-04-10',
    2023: '2023-04-29',
    2024: '2024-04-18',
    2025: '2025-04-07',
    2026: '2026-04-26',
    2027: '2027-04-16',
  };

  it('says what it is and where it comes from', () => {
    expect(data.description.length).toBeGreaterThan(50);
    expect(data.source).toMatch(/45\/2019\/QH14/);
    expect(isCivilDate(data.version)).toBe(true);
    // What is assumed rather than decided is named, date by date.
    for (const a of data.assumptions) {
      expect(a.note).toMatch(/^Assumed/);
      for (const d of a.dates) expect(days(d.slice(0, 4)).has(d)).toBe(true);
    }
  });

  it('has every year from 2021 to 2027, each date valid, inside its year, sorted and listed once', () => {
    expect(years).toEqual(['2021', '2022', '2023', '2024', '2025', '2026', '2027']);
    for (const e of all) {
      expect(isCivilDate(e.date)).toBe(true);
      expect(e.date.slice(0, 4)).toBe(e.year);
      expect(e.nameVi.trim()).not.toBe('');
      expect(e.nameEn.trim()).not.toBe('');
    }
    expect(new Set(all.map((e) => e.date)).size).toBe(all.length);
    for (const year of years) {
      const dates = data.years[year].map((e) => e.date);
      expect(dates).toEqual([...dates].sort());
    }
  });

  it('contains each year\'s Lunar New Year\'s day and five weekdays off for Tết', () => {
    for (const year of years) {
      expect(days(year).has(lunarNewYear[year])).toBe(true);
      const tet = data.years[year].filter((e) => e.nameVi === 'Tết Nguyên đán').map((e) => e.date);
      expect(tet).toContain(lunarNewYear[year]);
      // Labour Code 2019 art. 112: five days of Tết, those on a weekend made up on weekdays.
      expect(tet.filter((d) => !isWeekend(d))).toHaveLength(5);
    }
    for (const d of ['2026-02-14', '2026-02-16', '2026-02-20', '2026-02-22']) expect(days('2026').has(d)).toBe(true);
  });

  it('contains the fixed-date holidays, Hùng Kings\' day and a day adjacent to 2 September every year', () => {
    for (const year of years) {
      for (const md of ['01-01', '04-30', '05-01', '09-02']) expect(days(year).has(`${year}-${md}`)).toBe(true);
      expect(days(year).has(hungKings[year])).toBe(true);
      expect(days(year).has(`${year}-09-01`) !== days(year).has(`${year}-09-03`)).toBe(true);
    }
  });

  it('gives eleven weekdays off a year (compensatory days included), plus one per Saturday worked in exchange', () => {
    const makeUp = data.makeUpWorkingDays ?? {};
    for (const year of years) {
      const weekdaysOff = data.years[year].filter((e) => !isWeekend(e.date)).length;
      expect(weekdaysOff).toBe(11 + (makeUp[year]?.length ?? 0));
    }
    for (const [year, entries] of Object.entries(makeUp)) {
      for (const e of entries) {
        expect(e.date.slice(0, 4)).toBe(year);
        expect(isWeekend(e.date)).toBe(true);
        expect(days(year).has(e.date)).toBe(false);
      }
    }
  });
});
