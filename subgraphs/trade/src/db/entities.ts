import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import { decimalTransformer } from '@accords/db';

/**
 * Columns every published figure carries: millions of US dollars (exact decimals), whether the figure is an estimate
 * (a preliminary or approximate figure), and where it was published.
 */
abstract class PublishedFigures {
  /** Viet Nam's exports, million USD. */
  @Column({ type: 'decimal', precision: 12, scale: 1, nullable: true, transformer: decimalTransformer(1) })
  exports!: string | null;

  /** Viet Nam's imports, million USD. */
  @Column({ type: 'decimal', precision: 12, scale: 1, nullable: true, transformer: decimalTransformer(1) })
  imports!: string | null;

  /** Exports plus imports as published (null when only the two flows are; the API then adds them in SQL). */
  @Column({ type: 'decimal', precision: 12, scale: 1, nullable: true, transformer: decimalTransformer(1) })
  turnover!: string | null;

  @Column({ type: 'boolean', width: 1 })
  estimate!: boolean;

  /** The publisher and the publication, e.g. "General Department of Vietnam Customs, ... (reported by VietnamPlus, 2021-01-17)". */
  @Column({ type: 'varchar', length: 500 })
  source!: string;

  @Column({ name: 'source_url', type: 'varchar', length: 500, nullable: true })
  sourceUrl!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** Merchandise trade of Viet Nam with one partner in one calendar year. */
@Entity('trade_flow')
@Index('IDX_trade_flow_partner_year', ['partnerId', 'year'], { unique: true })
export class TradeFlowEntity extends PublishedFigures {
  /** Partner id and year, e.g. CN-2023. */
  @PrimaryColumn({ type: 'varchar', length: 24 })
  id!: string;

  /** A partner's id (owned by the partners subgraph; referenced by key, never joined). */
  @Column({ name: 'partner_id', type: 'varchar', length: 16 })
  partnerId!: string;

  @Column({ type: 'integer' })
  year!: number;
}

/** Viet Nam's merchandise trade with the world in one calendar year. */
@Entity('national_trade')
export class NationalTradeEntity extends PublishedFigures {
  @PrimaryColumn({ type: 'integer' })
  year!: number;
}

/** A free-trade agreement Viet Nam has signed. */
@Entity('trade_agreement')
export class TradeAgreementEntity {
  /** Its usual abbreviation, e.g. CPTPP, EVFTA. */
  @PrimaryColumn({ type: 'varchar', length: 24 })
  code!: string;

  @Column({ name: 'name_vi', type: 'varchar', length: 255 })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 255 })
  nameEn!: string;

  @Column({ name: 'signed_on', type: 'date' })
  signedOn!: string;

  @Column({ type: 'varchar', length: 500 })
  source!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** A partner party to an agreement, and the date the agreement entered into force between it and Viet Nam. */
@Entity('trade_agreement_party')
@Index('IDX_trade_agreement_party_partner', ['partnerId'])
export class TradeAgreementPartyEntity {
  /** Agreement code and partner id, e.g. CPTPP-JP. */
  @PrimaryColumn({ type: 'varchar', length: 48 })
  id!: string;

  @Column({ name: 'agreement_code', type: 'varchar', length: 24 })
  agreementCode!: string;

  @Column({ name: 'partner_id', type: 'varchar', length: 16 })
  partnerId!: string;

  /** Null while the agreement is signed but not in force between the partner and Viet Nam. */
  @Column({ name: 'in_force_on', type: 'date', nullable: true })
  inForceOn!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}
