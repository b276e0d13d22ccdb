import { badInput } from '@accords/errors';
import type { BaseContext } from '@accords/subgraph-kit';
import type { NationalTradeEntity, TradeAgreementEntity, TradeAgreementPartyEntity, TradeFlowEntity } from '../db/entities';
import type { Loaders } from '../loaders';

type Context = BaseContext<Loaders>;
type PartnerRef = { id: string };
type CommitmentRef = { id: string; partners?: PartnerRef[] | null };
type Figures = TradeFlowEntity | NationalTradeEntity;

const partnerRef = (id: string) => ({ __typename: 'Partner', id });

/** Calendar years the registry can hold figures for. */
function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < 1945 || year > 2100) throw badInput(`year: ${year} is not a calendar year between 1945 and 2100.`, 'year');
  return year;
}

const inForce = (party: TradeAgreementPartyEntity, asOf: string) => party.inForceOn !== null && party.inForceOn <= asOf;

async function withAgreements(parties: TradeAgreementPartyEntity[], ctx: Context) {
  const agreements = await ctx.loaders.agreement.loadMany([...new Set(parties.map((p) => p.agreementCode))]);
  const signed = new Map(agreements.filter((a): a is TradeAgreementEntity => a !== null && !(a instanceof Error)).map((a) => [a.code, a.signedOn]));
  return [...parties].sort((a, b) => (signed.get(a.agreementCode) ?? '').localeCompare(signed.get(b.agreementCode) ?? '') || a.agreementCode.localeCompare(b.agreementCode));
}

export const resolvers = {
  Query: {
    nationalTrade: (_: unknown, __: unknown, ctx: Context) => ctx.loaders.repositories.trade.national(),
    tradeAgreements: (_: unknown, __: unknown, ctx: Context) => ctx.loaders.repositories.trade.agreements(),
  },
  Partner: {
    __resolveReference: (ref: PartnerRef) => ref,
    trade: (p: PartnerRef) => ({ partnerId: p.id }),
  },
  PartnerTrade: {
    years: (t: { partnerId: string }, _: unknown, ctx: Context) => ctx.loaders.flows.load(t.partnerId),
    async year(t: { partnerId: string }, args: { year: number }, ctx: Context) {
      const year = checkYear(args.year);
      return (await ctx.loaders.flows.load(t.partnerId)).find((f) => f.year === year) ?? null;
    },
    agreements: async (t: { partnerId: string }, _: unknown, ctx: Context) => withAgreements(await ctx.loaders.parties.load(t.partnerId), ctx),
    async agreementsInForce(t: { partnerId: string }, args: { asOf: string }, ctx: Context) {
      return withAgreements((await ctx.loaders.parties.load(t.partnerId)).filter((p) => inForce(p, args.asOf)), ctx);
    },
  },
  TradeYear: {
    estimate: (f: Figures) => Boolean(f.estimate),
  },
  TradeAgreement: {
    name: (a: TradeAgreementEntity) => a.nameVi,
  },
  TradeAgreementParty: {
    agreement: (p: TradeAgreementPartyEntity, _: unknown, ctx: Context) => ctx.loaders.agreement.load(p.agreementCode),
    partner: (p: TradeAgreementPartyEntity) => partnerRef(p.partnerId),
  },
  Commitment: {
    __resolveReference: (ref: CommitmentRef) => ref,
    async tradeImpact(c: CommitmentRef, args: { year: number; asOf?: string | null }, ctx: Context) {
      const year = checkYear(args.year);
      const asOf = args.asOf ?? `${year}-12-31`;
      const partnerIds = [...new Set((c.partners ?? []).map((p) => p.id))];
      const [total, flows, parties] = await Promise.all([
        ctx.loaders.turnover.load({ partnerIds, year }),
        ctx.loaders.flows.loadMany(partnerIds),
        ctx.loaders.parties.loadMany(partnerIds),
      ]);
      const figures = partnerIds.flatMap((id, i) => {
        const list = flows[i];
        const found = Array.isArray(list) ? list.find((f) => f.year === year) : undefined;
        return found ? [{ partner: partnerRef(id), figures: found }] : [];
      });
      const withFigure = new Set(figures.filter((f) => f.figures.turnover !== null).map((f) => f.partner.id));
      const codes = new Set(parties.flatMap((list) => (Array.isArray(list) ? list.filter((p) => inForce(p, asOf)).map((p) => p.agreementCode) : [])));
      const agreements = (await ctx.loaders.agreement.loadMany([...codes])).filter((a): a is TradeAgreementEntity => a !== null && !(a instanceof Error));
      return {
        year,
        turnover: total?.turnover ?? null,
        estimate: total?.estimate ?? false,
        partners: figures,
        partnersWithoutFigure: partnerIds.filter((id) => !withFigure.has(id)),
        agreementsInForce: agreements.sort((a, b) => a.signedOn.localeCompare(b.signedOn) || a.code.localeCompare(b.code)),
      };
    },
  },
};
