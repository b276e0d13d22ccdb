/**
 * What the trade resolvers receive as parents (read by `npm run codegen:resolvers`: `<GraphQLType>Parent` maps a type
 * of the SDL to it in src/generated/resolvers-types.ts).
 */
import type { BaseContext } from '@accords/subgraph-kit';
import type { NationalTradeEntity, TradeAgreementEntity, TradeAgreementPartyEntity, TradeFlowEntity } from '../db/entities';
import type { Loaders } from '../loaders';

export type Context = BaseContext<Loaders>;
/** Another subgraph's entity as this subgraph knows it: its key (and, for Commitment, the @requires partners). */
export type PartnerParent = { id: string };
export type CommitmentParent = { id: string; partners?: { id: string }[] | null };
export type PartnerTradeParent = { partnerId: string };
export type TradeYearParent = TradeFlowEntity | NationalTradeEntity;
export type TradeAgreementParent = TradeAgreementEntity;
export type TradeAgreementPartyParent = TradeAgreementPartyEntity;
export type PartnerTradeYearParent = { partner: { __typename: 'Partner'; id: string }; figures: TradeFlowEntity };
export type CommitmentTradeImpactParent = {
  year: number;
  turnover: string | null;
  estimate: boolean;
  partners: PartnerTradeYearParent[];
  partnersWithoutFigure: string[];
  agreementsInForce: TradeAgreementEntity[];
};
