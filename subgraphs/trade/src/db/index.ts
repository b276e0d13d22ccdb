import { NationalTradeEntity, TradeAgreementEntity, TradeAgreementPartyEntity, TradeFlowEntity } from './entities';
import { CreateTradeFlow1796221483450 } from './migrations/1796221483450-CreateTradeFlow';
import { CreateNationalTrade1796221483451 } from './migrations/1796221483451-CreateNationalTrade';
import { CreateTradeAgreement1796221483452 } from './migrations/1796221483452-CreateTradeAgreement';
import { CreateTradeAgreementParty1796221483453 } from './migrations/1796221483453-CreateTradeAgreementParty';

export * from './entities';
export const entities = [TradeFlowEntity, NationalTradeEntity, TradeAgreementEntity, TradeAgreementPartyEntity];
/** In order. One DDL change each: MySQL commits DDL implicitly, so a migration must not stop half-applied. */
export const migrations = [CreateTradeFlow1796221483450, CreateNationalTrade1796221483451, CreateTradeAgreement1796221483452, CreateTradeAgreementParty1796221483453];
