import { In, type DataSource } from 'typeorm';
import { NationalTradeEntity, TradeAgreementEntity, TradeAgreementPartyEntity, TradeFlowEntity } from '../db/entities';

/** Turnover as published, else exports plus imports (SQL: both engines add DECIMALs exactly enough at scale 1). */
const TURNOVER = 'COALESCE(f.turnover, f.exports + f.imports)';

export interface TurnoverTotal {
  /** The index of the key (a set of partners) in the batch. */
  key: number;
  turnover: string | null;
  estimate: boolean;
}

const toDecimal = (value: unknown): string | null => (value === null || value === undefined ? null : Number(value).toFixed(1));

export class TradeRepository {
  constructor(private readonly db: DataSource) {}

  /** Figures of many partners in one statement, oldest year first; turnover completed from the two flows. */
  async flowsOf(partnerIds: readonly string[]): Promise<TradeFlowEntity[]> {
    if (!partnerIds.length) return [];
    const rows = await this.db.getRepository(TradeFlowEntity).find({ where: { partnerId: In([...partnerIds]) }, order: { partnerId: 'ASC', year: 'ASC' } });
    return rows.map((r) => ({ ...r, turnover: r.turnover ?? (r.exports !== null && r.imports !== null ? (Number(r.exports) + Number(r.imports)).toFixed(1) : null) }));
  }

  national(): Promise<NationalTradeEntity[]> {
    return this.db.getRepository(NationalTradeEntity).find({ order: { year: 'ASC' } });
  }

  agreements(): Promise<TradeAgreementEntity[]> {
    return this.db.getRepository(TradeAgreementEntity).find({ order: { signedOn: 'ASC', code: 'ASC' } });
  }

  agreementsByCodes(codes: readonly string[]): Promise<TradeAgreementEntity[]> {
    return this.db.getRepository(TradeAgreementEntity).find({ where: { code: In([...codes]) } });
  }

  /** The agreement parties of many partners in one statement. */
  partiesOf(partnerIds: readonly string[]): Promise<TradeAgreementPartyEntity[]> {
    return this.db.getRepository(TradeAgreementPartyEntity).find({ where: { partnerId: In([...partnerIds]) }, order: { agreementCode: 'ASC' } });
  }

  /**
   * For each set of partners (one per commitment) the summed turnover in `year`: one statement for the whole batch,
   * the sets passed as a derived table of (key, partner) rows joined to the figures and grouped by key.
   */
  async turnoverTotals(sets: readonly (readonly string[])[], year: number): Promise<TurnoverTotal[]> {
    const pairs = sets.flatMap((ids, key) => [...new Set(ids)].map((id) => [key, id] as const));
    if (!pairs.length) return [];
    const keys = pairs.map(() => 'SELECT ? AS k, ? AS p').join(' UNION ALL ');
    const rows: { k: number | string; total: unknown; estimates: unknown }[] = await this.db.query(
      `SELECT s.k AS k, SUM(${TURNOVER}) AS total, SUM(CASE WHEN f.estimate THEN 1 ELSE 0 END) AS estimates
         FROM (${keys}) s JOIN trade_flow f ON f.partner_id = s.p AND f.year = ?
        WHERE ${TURNOVER} IS NOT NULL
        GROUP BY s.k`,
      [...pairs.flat(), year],
    );
    return rows.map((r) => ({ key: Number(r.k), turnover: toDecimal(r.total), estimate: Number(r.estimates) > 0 }));
  }
}
