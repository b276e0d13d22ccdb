import type { DataSource } from 'typeorm';
import { groupLoader, rowLoader, structuredLoader } from '@accords/subgraph-kit';
import { TradeRepository, type TurnoverTotal } from './repositories/trade';

/** Per-request loaders: one statement per batch of keys, never one per row. */
export function createLoaders(db: DataSource) {
  const trade = new TradeRepository(db);
  return {
    repositories: { trade },
    /** A partner's yearly figures, oldest first. */
    flows: groupLoader((ids: readonly string[]) => trade.flowsOf(ids), (f) => f.partnerId),
    /** The agreements a partner is party to with Viet Nam. */
    parties: groupLoader((ids: readonly string[]) => trade.partiesOf(ids), (p) => p.partnerId),
    agreement: rowLoader((codes: readonly string[]) => trade.agreementsByCodes(codes), (a) => a.code),
    /** Summed turnover of a set of partners in a year: one statement per year for a whole page of commitments. */
    turnover: structuredLoader<{ partnerIds: string[]; year: number }, TurnoverTotal | null>(async (keys) => {
      const answers = new Map<number, (TurnoverTotal | null)[]>();
      for (const year of new Set(keys.map((k) => k.year))) {
        const indexes = keys.map((k, i) => (k.year === year ? i : -1)).filter((i) => i >= 0);
        const totals = await trade.turnoverTotals(indexes.map((i) => keys[i].partnerIds), year);
        const byKey = new Map(totals.map((t) => [t.key, t]));
        answers.set(year, indexes.map((_, j) => byKey.get(j) ?? null));
      }
      const cursor = new Map<number, number>();
      return keys.map((k) => {
        const j = cursor.get(k.year) ?? 0;
        cursor.set(k.year, j + 1);
        return answers.get(k.year)![j];
      });
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
