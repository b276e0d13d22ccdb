import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';

/**
 * A commitment or agreement with foreign partners. The lead agency lives in another subgraph (ministries or
 * localities), so only its type and id are stored here; names are resolved through federation.
 */
@Entity('commitment')
@Index('UQ_commitment_code', ['code'], { unique: true })
@Index('IDX_commitment_lead', ['leadAgencyType', 'leadAgencyId'])
@Index('IDX_commitment_signed', ['signedOn'])
export class CommitmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Unique, prefixed by the owning agency's id, e.g. MOIT-2025-004. */
  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ name: 'title_vi', type: 'varchar', length: 500 })
  titleVi!: string;

  @Column({ name: 'title_en', type: 'varchar', length: 500, nullable: true })
  titleEn!: string | null;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Column({ name: 'instrument_class', type: 'varchar', length: 32 })
  instrumentClass!: string;

  @Column({ name: 'document_type', type: 'varchar', length: 32 })
  documentType!: string;

  @Column({ name: 'lead_agency_type', type: 'varchar', length: 16 })
  leadAgencyType!: string;

  @Column({ name: 'lead_agency_id', type: 'varchar', length: 16 })
  leadAgencyId!: string;

  @Column({ name: 'signed_on', type: 'date', nullable: true })
  signedOn!: string | null;

  @Column({ name: 'legal_status', type: 'varchar', length: 32 })
  legalStatus!: string;

  @Column({ name: 'search_text', type: 'varchar', length: 1200 })
  searchText!: string;

  /** Set by the application in UTC (not a database default, so both engines agree on it). */
  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

@Entity('commitment_partner')
@Index('IDX_commitment_partner_partner', ['partnerId'])
export class CommitmentPartnerEntity {
  @PrimaryColumn({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  @PrimaryColumn({ name: 'partner_id', type: 'varchar', length: 16 })
  partnerId!: string;
}

@Entity('commitment_field')
@Index('IDX_commitment_field_field', ['field'])
export class CommitmentFieldEntity {
  @PrimaryColumn({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  @PrimaryColumn({ type: 'varchar', length: 48 })
  field!: string;
}
