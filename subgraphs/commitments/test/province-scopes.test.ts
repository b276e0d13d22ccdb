import fc from 'fast-check';
import type { Peers } from '@accords/subgraph-kit';
import { foldByLead, provinceFold } from '../src/kpis/repository';
import { PROVINCES_REUSE_MS, provincesOn } from '../src/kpis/resolvers';

/**
 * The province league table's scopes: the fold of leads into provincial-level units (src/kpis/repository.ts), and the
 * units asked of the localities subgraph once per PROVINCES_REUSE_MS (src/kpis/resolvers.ts), so that a warm league
 * table neither asks its peer nor folds its cached rows again. Fixed seeds.
 */

const localityIds: fc.Arbitrary<string> = fc.constantFrom('01', '04', '20', '26', '79', '10015', '10016', '20011', '22222', '79001');
const scopes = fc.uniqueArray(fc.record({ id: fc.constantFrom('01', '20', '79', '04'), scopeIds: fc.uniqueArray(localityIds, { maxLength: 6 }) }), { selector: (s) => s.id, maxLength: 4 });
const lead = fc.oneof(
  fc.tuple(localityIds, fc.constantFrom('0', '7', 'a', 'f')).map(([id, x]) => `LOCALITY:${id}#${x}`),
  fc.tuple(localityIds, fc.constantFrom('SOT', 'SKHDT')).map(([id, d]) => `PROVINCIAL_DEPARTMENT:${id}-${d}`),
  fc.constantFrom('MINISTRY:MOIT#a', 'MINISTRY_UNIT:MOIT-ICD', 'LOCALITY:', 'PROVINCIAL_DEPARTMENT:nodash'),
);

it('folds a lead into the first unit whose scope lists its locality, as searching the scopes in order would', () => {
  fc.assert(
    fc.property(scopes, fc.array(lead, { maxLength: 40 }), (list, leads) => {
      const fold = provinceFold(list);
      for (const key of leads) {
        const lead = key.includes('#') ? key.slice(0, key.lastIndexOf('#')) : key;
        const [type, id] = [lead.slice(0, lead.indexOf(':')), lead.slice(lead.indexOf(':') + 1)];
        const local = type === 'LOCALITY' ? id : type === 'PROVINCIAL_DEPARTMENT' ? (id.includes('-') ? id.slice(0, id.indexOf('-')) : '') : null;
        const expected = local === null ? null : (list.find((s) => s.scopeIds.includes(local))?.id ?? null);
        expect(fold(key)).toBe(expected);
      }
    }),
    { seed: 20261203, numRuns: 300 },
  );
});

it('gives the same fold for the same scopes list, so folded cached rows are reused; another list folds again', () => {
  const list = [{ id: '20', scopeIds: ['20', '10015'] }];
  expect(provinceFold(list)).toBe(provinceFold(list));
  const rows = [{ g: 'LOCALITY:20#a', n: 2 }, { g: 'LOCALITY:10015#b', n: 3 }, { g: 'LOCALITY:79#c', n: 5 }];
  const folded = foldByLead(rows, provinceFold(list));
  expect(folded).toEqual([{ g: '20', n: 5 }]);
  expect(foldByLead(rows, provinceFold(list))).toBe(folded);
  const other = [{ id: '79', scopeIds: ['79'] }];
  expect(foldByLead(rows, provinceFold(other))).toEqual([{ g: '79', n: 5 }]);
});

/** A localities peer that answers from `units` (level → nodes) and counts its questions. */
function localitiesPeer(units: () => Record<string, { id: string; scopeIds: string[] }[]>, fail = () => false) {
  const asked: { level: string; on: string }[] = [];
  const peers: Peers = {
    async query<T>(service: string, _query: string, variables: Record<string, unknown>): Promise<T> {
      expect(service).toBe('localities');
      asked.push({ level: String(variables.level), on: String(variables.on) });
      if (fail()) throw new Error('localities did not answer');
      return { localities: { edges: (units()[String(variables.level)] ?? []).map((node) => ({ node })) } } as T;
    },
  };
  return { peers, asked };
}

const caller = { requestId: 'test', identity: null };

it('asks localities for the units on a date once per reuse window, and again after it', async () => {
  let hanoi = ['01', '10015'];
  const { peers, asked } = localitiesPeer(() => ({ CENTRAL_CITY: [{ id: '01', scopeIds: hanoi }], PROVINCE: [{ id: '20', scopeIds: ['20'] }] }));
  const t0 = 1_000_000;
  // Two requests at the same moment share the one question (one per level).
  const [first, alongside] = await Promise.all([provincesOn(peers, '2025-12-31', caller, t0), provincesOn(peers, '2025-12-31', caller, t0)]);
  expect(alongside).toBe(first);
  expect(first).toEqual([{ id: '01', scopeIds: ['01', '10015'] }, { id: '20', scopeIds: ['20'] }]);
  expect(asked).toEqual([{ level: 'CENTRAL_CITY', on: '2025-12-31' }, { level: 'PROVINCE', on: '2025-12-31' }]);
  // Within the window: the same list, no question.
  expect(await provincesOn(peers, '2025-12-31', caller, t0 + PROVINCES_REUSE_MS - 1)).toBe(first);
  expect(asked).toHaveLength(2);
  // Another date is its own question.
  await provincesOn(peers, '2025-07-01', caller, t0 + 1);
  expect(asked).toHaveLength(4);
  // After the window it asks again; an unchanged answer keeps the same list (and so the folds made with it).
  const again = await provincesOn(peers, '2025-12-31', caller, t0 + PROVINCES_REUSE_MS);
  expect(asked).toHaveLength(6);
  expect(again).toBe(first);
  // A changed answer (the localities register reloaded) is a new list.
  hanoi = ['01', '10015', '10016'];
  const changed = await provincesOn(peers, '2025-12-31', caller, t0 + 2 * PROVINCES_REUSE_MS);
  expect(asked).toHaveLength(8);
  expect(changed).not.toBe(first);
  expect(changed[0].scopeIds).toEqual(['01', '10015', '10016']);
});

it('does not keep a failed question: the next request asks again', async () => {
  let down = true;
  const { peers, asked } = localitiesPeer(() => ({ PROVINCE: [{ id: '20', scopeIds: ['20'] }] }), () => down);
  await expect(provincesOn(peers, '2025-12-31', caller, 5_000)).rejects.toThrow('localities did not answer');
  down = false;
  expect(await provincesOn(peers, '2025-12-31', caller, 5_001)).toEqual([{ id: '20', scopeIds: ['20'] }]);
  expect(asked.length).toBe(4);
});
