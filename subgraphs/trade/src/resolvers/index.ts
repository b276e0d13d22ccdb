import { badInput, notFound } from '@accords/errors';
import type { TradeAgreementEntity, TradeAgreementPartyEntity } from '../db/entities';
import type { Resolvers } from '../generated/resolvers-types';
import type { Context } from './mappers';

const partnerRef = (id: string) => ({ __typename: 'Partner' as const, id });

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

export const resolvers: Resolvers = {
  Query: {
    nationalTrade: (_, __, ctx) => ctx.loaders.repositories.trade.national(),
    tradeAgreements: (_, __, ctx) => ctx.loaders.repositories.trade.agreements(),
  },
  Partner: {
    __resolveReference: (ref) => ref,
    trade: (p) => ({ partnerId: p.id }),
  },
  PartnerTrade: {
    years: (t, _, ctx) => ctx.loaders.flows.load(t.partnerId),
    async year(t, args, ctx) {
      const year = checkYear(args.year);
      return (await ctx.loaders.flows.load(t.partnerId)).find((f) => f.year === year) ?? null;
    },
    agreements: async (t, _, ctx) => withAgreements(await ctx.loaders.parties.load(t.partnerId), ctx),
    async agreementsInForce(t, args, ctx) {
      return withAgreements((await ctx.loaders.parties.load(t.partnerId)).filter((p) => inForce(p, args.asOf)), ctx);
    },
  },
  TradeYear: {
    estimate: (f) => Boolean(f.estimate),
  },
  TradeAgreement: {
    name: (a) => a.nameVi,
  },
  TradeAgreementParty: {
    async agreement(p, _, ctx) {
      // A party row names an agreement of the same register; a missing one is a broken reference, said as such.
      const found = await ctx.loaders.agreement.load(p.agreementCode);
      if (!found) throw notFound('TradeAgreement', p.agreementCode);
      return found;
    },
    partner: (p) => partnerRef(p.partnerId),
  },
  Commitment: {
    __resolveReference: (ref) => ref,
    async tradeImpact(c, args, ctx) {
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
