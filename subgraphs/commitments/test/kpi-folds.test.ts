import fc from 'fast-check';
import { firstRows, quantileRows } from '../src/kpis/repository';

/**
 * The pure parts of the KPIs computed by lead (src/kpis/repository.ts): a list's first rows picked from every part's
 * rows, and the rows around a quantile of a merged histogram, against the obvious whole computations. Fixed seeds.
 */

const row = fc.record({ idle: fc.integer({ min: 0, max: 40 }), id: fc.uuid(), day: fc.constantFrom('2025-01-02', '2025-03-04', '2024-12-31'), at: fc.date({ min: new Date('2024-01-01'), max: new Date('2026-01-01'), noInvalidDate: true }) });

it('picks the same first rows as sorting every row would (ties broken by the last column)', () => {
  fc.assert(
    fc.property(fc.array(row, { maxLength: 300 }), fc.integer({ min: 1, max: 60 }), (rows, limit) => {
      const byIdle = firstRows(rows, [['idle', 'DESC'], ['id', 'ASC']], limit);
      const sortedIdle = [...rows].sort((a, b) => b.idle - a.idle || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, limit);
      expect(byIdle).toEqual(sortedIdle);
      // Dates as text (the embedded engine) and as instants (MySQL) order alike.
      const byDay = firstRows(rows, [['day', 'ASC'], ['at', 'ASC'], ['id', 'ASC']], limit);
      const sortedDay = [...rows].sort((a, b) => a.day.localeCompare(b.day) || a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, limit);
      expect(byDay).toEqual(sortedDay);
    }),
    { seed: 20261203, numRuns: 200 },
  );
});

it('gives the rows around a quantile of a histogram as numbering the sorted values would', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -5, max: 400 }), { maxLength: 200 }), fc.constantFrom(0.5, 0.75), (values, q) => {
      const histogram = new Map<number, number>();
      for (const v of values) histogram.set(v, (histogram.get(v) ?? 0) + 1);
      const sorted = [...values].sort((a, b) => a - b);
      // SQL: ROW_NUMBER() over the sorted values; the rows whose rn − 1 is within 1 of (cnt − 1)·q.
      const h = (sorted.length - 1) * q;
      const expected = sorted.map((a, i) => ({ a, b: i + 1, c: sorted.length })).filter((r) => r.b - 1 > h - 1 && r.b - 1 < h + 1);
      expect(quantileRows(histogram, q)).toEqual(expected);
    }),
    { seed: 20261203, numRuns: 300 },
  );
});
