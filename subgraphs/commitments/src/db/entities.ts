import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';

/**
 * A commitment or agreement with foreign partners. The lead agency lives in another subgraph (ministries or
 * localities), so only its type and id are stored here; names are resolved through federation.
 */
@Entity('commitment')
@Index('UQ_commitment_code', ['code'], { unique: true })
@Index('IDX_commitment_signed', ['signedOn'])
@Index('IDX_commitment_sort', ['sortDate', 'code'])
@Index('IDX_commitment_lead_sort', ['leadAgencyType', 'leadAgencyId', 'sortDate', 'code'])
@Index('IDX_commitment_lead_id_sort', ['leadAgencyId', 'sortDate', 'code'])
// FULLTEXT on MySQL/MariaDB only (none on the embedded engine): created by AddCommitmentSearchIndex, not synchronised.
@Index('IDX_commitment_search', { synchronize: false })
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

  /** MINISTRY, MINISTRY_UNIT, LOCALITY or PROVINCIAL_DEPARTMENT. */
  @Column({ name: 'lead_agency_type', type: 'varchar', length: 32 })
  leadAgencyType!: string;

  @Column({ name: 'lead_agency_id', type: 'varchar', length: 16 })
  leadAgencyId!: string;

  /**
   * The ministry or locality whose users own this commitment ("MINISTRY:NA-OFFICE", "LOCALITY:15-YB"): the lead
   * itself, or the ministry of a lead unit and the province of a lead department as their registers say, asked when
   * the commitment is proposed. Ownership is checked against this value, never derived from an id's spelling.
   */
  @Column({ name: 'owner_agency', type: 'varchar', length: 40 })
  ownerAgency!: string;

  @Column({ name: 'signed_on', type: 'date', nullable: true })
  signedOn!: string | null;

  /**
   * The list order's key, kept by the database (STORED generated column): `signed_on`, or 9999-12-31 while unsigned,
   * so drafts come first in "newest signing first". Never written by the application.
   */
  @Column({ name: 'sort_date', type: 'date', nullable: true, asExpression: "COALESCE(signed_on, '9999-12-31')", generatedType: 'STORED', insert: false, update: false })
  sortDate?: string | null;

  @Column({ name: 'legal_status', type: 'varchar', length: 32 })
  legalStatus!: string;

  @Column({ name: 'search_text', type: 'varchar', length: 1200 })
  searchText!: string;

  // ---- Lifecycle (added by AddCommitmentLifecycleColumns) ----

  @Column({ name: 'summary_en', type: 'text', nullable: true })
  summaryEn!: string | null;

  /** What the parties will do together, in the agency's words. */
  @Column({ name: 'cooperation_content', type: 'text', nullable: true })
  cooperationContent!: string | null;

  /** Languages of the signed texts, comma-separated ISO 639-1 codes (vi,en). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  languages!: string | null;

  @Column({ name: 'signing_place', type: 'varchar', length: 200, nullable: true })
  signingPlace!: string | null;

  @Column({ name: 'planned_start', type: 'date', nullable: true })
  plannedStart!: string | null;

  @Column({ name: 'planned_end', type: 'date', nullable: true })
  plannedEnd!: string | null;

  @Column({ name: 'actual_start', type: 'date', nullable: true })
  actualStart!: string | null;

  @Column({ name: 'actual_end', type: 'date', nullable: true })
  actualEnd!: string | null;

  /** IATI-like: PIPELINE, IMPLEMENTATION, FINALISATION, CLOSED, CANCELLED, SUSPENDED. */
  @Column({ name: 'implementation_status', type: 'varchar', length: 16, default: 'PIPELINE' })
  implementationStatus!: string;

  /** The high-level activity it was signed or mentioned at. */
  @Column({ name: 'activity_id', type: 'varchar', length: 36, nullable: true })
  activityId!: string | null;

  /** SIGNED_AT or MENTIONED_AT. */
  @Column({ name: 'activity_role', type: 'varchar', length: 16, nullable: true })
  activityRole!: string | null;

  /** An abolished unit whose agreement this one took over (e.g. a district's, passed to the province in 2025). */
  @Column({ name: 'inherited_from', type: 'varchar', length: 40, nullable: true })
  inheritedFrom!: string | null;

  /** Signing timestamp (UTC); `signed_on` is its civil date in +07:00. */
  @Column({ name: 'signed_at', type: 'datetime', nullable: true })
  signedAt!: Date | null;

  @Column({ name: 'signed_by', type: 'varchar', length: 40, nullable: true })
  signedBy!: string | null;

  /** The official who decided to sign (six-clear "authority"); a different signer needs a delegation. */
  @Column({ name: 'decided_by', type: 'varchar', length: 40, nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'signer_delegation_id', type: 'varchar', length: 40, nullable: true })
  signerDelegationId!: string | null;

  /** V1 snapshot: the signing capability the owning subgraph gave for the signing date, as JSON. */
  @Column({ name: 'capability_snapshot', type: 'text', nullable: true })
  capabilitySnapshot!: string | null;

  /** Rule-set version the signing was judged under. */
  @Column({ name: 'rule_set_version', type: 'varchar', length: 16, nullable: true })
  ruleSetVersion!: string | null;

  /** Name of the lead agency on the signing date (units merge and rename). */
  @Column({ name: 'lead_agency_name_at_signing', type: 'varchar', length: 300, nullable: true })
  leadAgencyNameAtSigning!: string | null;

  @Column({ name: 'parent_consent_at', type: 'datetime', nullable: true })
  parentConsentAt!: Date | null;

  @Column({ name: 'parent_consent_document', type: 'varchar', length: 300, nullable: true })
  parentConsentDocument!: string | null;

  @Column({ name: 'pm_decision', type: 'varchar', length: 16, nullable: true })
  pmDecision!: string | null;

  @Column({ name: 'pm_decision_at', type: 'datetime', nullable: true })
  pmDecisionAt!: Date | null;

  @Column({ name: 'pm_decision_document', type: 'varchar', length: 300, nullable: true })
  pmDecisionDocument!: string | null;

  @Column({ name: 'pm_escalated_on', type: 'date', nullable: true })
  pmEscalatedOn!: string | null;

  /** V4: the copy to the Ministry of Foreign Affairs after signing. */
  @Column({ name: 'copy_sent_at', type: 'datetime', nullable: true })
  copySentAt!: Date | null;

  /** V4 for a province: its report to the Prime Minister. */
  @Column({ name: 'pm_report_sent_at', type: 'datetime', nullable: true })
  pmReportSentAt!: Date | null;

  @Column({ name: 'updated_at', type: 'datetime', nullable: true })
  updatedAt!: Date | null;

  /** Set by the application in UTC (not a database default, so both engines agree on it). */
  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

@Entity('commitment_partner')
@Index('IDX_commitment_partner_partner', ['partnerId'])
@Index('IDX_commitment_partner_sort', ['partnerId', 'sortDate', 'code'])
export class CommitmentPartnerEntity {
  @PrimaryColumn({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  @PrimaryColumn({ name: 'partner_id', type: 'varchar', length: 16 })
  partnerId!: string;

  /** Copies of the commitment's sort key, kept by triggers (migration 1767100000000): a partner's page reads only its rows. */
  @Column({ name: 'sort_date', type: 'date', nullable: true, insert: false, update: false })
  sortDate?: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true, insert: false, update: false })
  code?: string | null;
}

@Entity('commitment_field')
@Index('IDX_commitment_field_field', ['field'])
@Index('IDX_commitment_field_sort', ['field', 'sortDate', 'code'])
export class CommitmentFieldEntity {
  @PrimaryColumn({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  @PrimaryColumn({ type: 'varchar', length: 48 })
  field!: string;

  /** Copies of the commitment's sort key, kept by triggers (migration 1767100000000). */
  @Column({ name: 'sort_date', type: 'date', nullable: true, insert: false, update: false })
  sortDate?: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true, insert: false, update: false })
  code?: string | null;
}
