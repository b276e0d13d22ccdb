import type { DataSource } from 'typeorm';
import { syncReferenceRows, withTransaction } from '@accords/db';
import type { Logger } from '@accords/logger';
import { NationalTradeEntity, TradeAgreementEntity, TradeAgreementPartyEntity, TradeFlowEntity } from './db/entities';
import flowsData from './data/trade-flows.json';
import agreementsData from './data/agreements.json';

interface FigureRecord {
  year: number;
  exports: string | null;
  imports: string | null;
  turnover: string | null;
  estimate: boolean;
  source: string;
  sourceUrl: string | null;
  note: string | null;
}

const DECIMAL = /^\d{1,11}\.\d$/;

/** Fails loudly on a figure without a source, a malformed amount, or a published turnover that disagrees with its flows. */
export function checkFigures(label: string, r: FigureRecord): void {
  if (!r.source.trim()) throw new Error(`${label}: every figure needs its published source`);
  for (const field of ['exports', 'imports', 'turnover'] as const) {
    const value = r[field];
    if (value !== null && !DECIMAL.test(value)) throw new Error(`${label}: ${field} "${value}" is not a million-USD amount with one decimal`);
  }
  if (r.exports === null && r.imports === null && r.turnover === null) throw new Error(`${label}: no figure`);
  if (r.exports !== null && r.imports !== null && r.turnover !== null && Math.abs(Number(r.exports) + Number(r.imports) - Number(r.turnover)) > 0.5 + (r.estimate ? Number(r.turnover) * 0.01 : 0)) {
    throw new Error(`${label}: exports ${r.exports} + imports ${r.imports} do not make turnover ${r.turnover}`);
  }
}

const figures = (r: FigureRecord) => ({ exports: r.exports, imports: r.imports, turnover: r.turnover, estimate: r.estimate, source: r.source, sourceUrl: r.sourceUrl, note: r.note });

/** Loads the published figures and the agreements from the versioned data files; re-running changes nothing. */
export async function seed(db: DataSource, options: { demo: boolean; logger?: Logger }): Promise<void> {
  const flows = flowsData.partners.map((r) => {
    checkFigures(`trade-flows.json ${r.partnerId} ${r.year}`, r);
    return Object.assign(new TradeFlowEntity(), { id: `${r.partnerId}-${r.year}`, partnerId: r.partnerId, year: r.year, ...figures(r) });
  });
  const national = flowsData.national.map((r) => {
    checkFigures(`trade-flows.json national ${r.year}`, r);
    return Object.assign(new NationalTradeEntity(), { year: r.year, ...figures(r) });
  });
  const agreements = agreementsData.agreements.map((a) =>
    Object.assign(new TradeAgreementEntity(), { code: a.code, nameVi: a.nameVi, nameEn: a.nameEn, signedOn: a.signedOn, source: a.source, note: a.note ?? null }),
  );
  const parties = agreementsData.agreements.flatMap((a) =>
    a.parties.map((p) => {
      if (p.inForceOn !== null && p.inForceOn < a.signedOn) throw new Error(`agreements.json: ${a.code} in force with ${p.partnerId} before it was signed`);
      return Object.assign(new TradeAgreementPartyEntity(), { id: `${a.code}-${p.partnerId}`, agreementCode: a.code, partnerId: p.partnerId, inForceOn: p.inForceOn });
    }),
  );
  const result = await withTransaction(db, async (m) => ({
    flows: await syncReferenceRows(m, TradeFlowEntity, flows, 'id'),
    national: await syncReferenceRows(m, NationalTradeEntity, national, 'year'),
    agreements: await syncReferenceRows(m, TradeAgreementEntity, agreements, 'code'),
    parties: await syncReferenceRows(m, TradeAgreementPartyEntity, parties, 'id'),
  }));
  options.logger?.info({ ...result, flowsVersion: flowsData.version, agreementsVersion: agreementsData.version, demo: options.demo }, 'Trade figures and agreements loaded');
}
