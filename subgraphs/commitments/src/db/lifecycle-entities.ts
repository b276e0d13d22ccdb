import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { decimalTransformer } from '@accords/db';

/** A visit, summit, talks or call at which commitments are signed or mentioned. */
@Entity('high_level_activity')
@Index('IDX_activity_starts', ['startsOn'])
export class HighLevelActivityEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** VISIT, SUMMIT, TALKS, CALL. */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ name: 'title_vi', type: 'varchar', length: 500 })
  titleVi!: string;

  @Column({ name: 'title_en', type: 'varchar', length: 500, nullable: true })
  titleEn!: string | null;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn!: string | null;

  @Column({ type: 'varchar', length: 200 })
  place!: string;

  /** Leaders taking part, one per line ("Tô Lâm — General Secretary"). */
  @Column({ type: 'text' })
  leaders!: string;

  /** Comma-separated partner ids. */
  @Column({ name: 'partner_ids', type: 'varchar', length: 500 })
  partnerIds!: string;

  @Column({ name: 'owner_agency', type: 'varchar', length: 40 })
  ownerAgency!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** An agency taking part in a commitment with a role, and the official answerable for its part. */
@Entity('commitment_party')
export class CommitmentPartyEntity {
  @PrimaryColumn({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  /** MINISTRY:MOIT, LOCALITY:20, MINISTRY_UNIT:MOFA-DILT. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  agency!: string;

  /** LEAD, COORDINATING, IMPLEMENTING, FUNDING. */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  role!: string;

  @Column({ name: 'responsible_official_id', type: 'varchar', length: 40, nullable: true })
  responsibleOfficialId!: string | null;

  /** What this party does, in words (six-clear "responsibility"). */
  @Column({ name: 'role_description', type: 'varchar', length: 500, nullable: true })
  roleDescription!: string | null;
}

/** PARENT (the related commitment is this one's parent) or SUPERSEDES. */
@Entity('commitment_relation')
@Index('IDX_relation_related', ['relatedId'])
export class CommitmentRelationEntity {
  @PrimaryColumn({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  @PrimaryColumn({ name: 'related_id', type: 'varchar', length: 36 })
  relatedId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind!: string;
}

/** A document attached by reference (a stored link or a signed upload URL outside GraphQL). */
@Entity('commitment_document')
@Index('IDX_document_commitment', ['commitmentId'])
export class CommitmentDocumentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  /** SIGNED_TEXT, DOSSIER, OPINION, CONSENT, COPY_TO_MOFA, OTHER. */
  @Column({ type: 'varchar', length: 24 })
  kind!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'varchar', length: 1000 })
  url!: string;

  @Column({ name: 'added_at', type: 'datetime' })
  addedAt!: Date;
}

/** V2/V3: a written opinion requested from an agency, due in working days. */
@Entity('consultation')
@Index('IDX_consultation_commitment', ['commitmentId'])
@Index('IDX_consultation_consultee', ['consultee', 'repliedAt'])
@Index('IDX_consultation_sent', ['sentOn'])
export class ConsultationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  /** MINISTRY:MOFA, PROVINCIAL_DEPARTMENT:01-SNV, ... */
  @Column({ type: 'varchar', length: 40 })
  consultee!: string;

  @Column({ name: 'sent_on', type: 'date' })
  sentOn!: string;

  @Column({ name: 'due_working_days', type: 'integer' })
  dueWorkingDays!: number;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ name: 'replied_at', type: 'datetime', nullable: true })
  repliedAt!: Date | null;

  /** AGREE, AGREE_WITH_COMMENTS, DISAGREE. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  opinion!: string | null;

  @Column({ type: 'text', nullable: true })
  comments!: string | null;

  @Column({ name: 'document_ref', type: 'varchar', length: 300, nullable: true })
  documentRef!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** V8: resources, readiness and risks, judged and approved before a commitment may be signed. */
@Entity('feasibility_assessment')
@Index('IDX_feasibility_commitment', ['commitmentId'])
export class FeasibilityAssessmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  @Column({ name: 'budget_amount', type: 'decimal', precision: 18, scale: 2, nullable: true, transformer: decimalTransformer(2) })
  budgetAmount!: string | null;

  @Column({ name: 'budget_currency', type: 'varchar', length: 3, nullable: true })
  budgetCurrency!: string | null;

  /** STATE_BUDGET, LOCAL_BUDGET, PARTNER, ODA_GRANT, PRIVATE, OTHER. */
  @Column({ name: 'budget_source', type: 'varchar', length: 24, nullable: true })
  budgetSource!: string | null;

  /** SECURED, COMMITTED, REQUESTED, NOT_IDENTIFIED. */
  @Column({ name: 'budget_status', type: 'varchar', length: 24 })
  budgetStatus!: string;

  @Column({ name: 'staff_count', type: 'integer', nullable: true })
  staffCount!: number | null;

  @Column({ name: 'staffing', type: 'text', nullable: true })
  staffing!: string | null;

  /** READY, PARTIAL, NOT_READY, UNKNOWN. */
  @Column({ name: 'counterpart_readiness', type: 'varchar', length: 16 })
  counterpartReadiness!: string;

  @Column({ type: 'text', nullable: true })
  risks!: string | null;

  /** FEASIBLE, CONDITIONAL, NOT_FEASIBLE. */
  @Column({ type: 'varchar', length: 16 })
  verdict!: string;

  @Column({ type: 'text', nullable: true })
  conditions!: string | null;

  /** SUBMITTED, APPROVED, REJECTED. */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'submitted_by', type: 'varchar', length: 120 })
  submittedBy!: string;

  @Column({ name: 'submitted_at', type: 'datetime' })
  submittedAt!: Date;

  @Column({ name: 'decided_by', type: 'varchar', length: 120, nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'datetime', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** A dated, attributed legal-status transition (DESIGN section 4). */
@Entity('legal_event')
@Index('IDX_legal_event_commitment', ['commitmentId', 'id'])
@Index('IDX_legal_event_occurred', ['occurredAt'])
export class LegalEventEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  @Column({ name: 'from_status', type: 'varchar', length: 32, nullable: true })
  fromStatus!: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 32 })
  toStatus!: string;

  /** When it happened legally (the signing, the decision), which may precede its recording. */
  @Column({ name: 'occurred_at', type: 'datetime' })
  occurredAt!: Date;

  @Column({ name: 'recorded_at', type: 'datetime' })
  recordedAt!: Date;

  @Column({ name: 'actor_subject', type: 'varchar', length: 120 })
  actorSubject!: string;

  @Column({ name: 'actor_agency', type: 'varchar', length: 40, nullable: true })
  actorAgency!: string | null;

  @Column({ name: 'document_ref', type: 'varchar', length: 300, nullable: true })
  documentRef!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}

/**
 * The append-only audit trail: who changed what, when, before and after. Written in the same transaction as the
 * change; no API updates or deletes it.
 */
@Entity('audit_entry')
@Index('IDX_audit_commitment', ['commitmentId', 'id'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'commitment_id', type: 'varchar', length: 36, nullable: true })
  commitmentId!: string | null;

  /** Commitment, Consultation, FeasibilityAssessment, Milestone, ... */
  @Column({ name: 'entity_type', type: 'varchar', length: 40 })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 40 })
  entityId!: string;

  /** CREATE, UPDATE, DELETE, TRANSITION. */
  @Column({ type: 'varchar', length: 16 })
  action!: string;

  @Column({ name: 'actor_subject', type: 'varchar', length: 120 })
  actorSubject!: string;

  @Column({ name: 'actor_name', type: 'varchar', length: 200, nullable: true })
  actorName!: string | null;

  @Column({ name: 'actor_agency', type: 'varchar', length: 40, nullable: true })
  actorAgency!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128 })
  requestId!: string;

  @Column({ type: 'datetime' })
  at!: Date;

  /** JSON: { field: { before, after } } for the fields that changed. */
  @Column({ type: 'text' })
  changes!: string;

  /** The hash of the previous entry of the same commitment (null for the first): see services/audit-chain.ts. */
  @Column({ name: 'prev_hash', type: 'varchar', length: 64, nullable: true })
  prevHash!: string | null;

  /** SHA-256 (hex) over `prevHash` and this entry's canonical content. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  hash!: string | null;
}

/**
 * The official calendar of days off (holidays, compensatory days) and make-up working days (a Saturday worked in
 * exchange for a day off): working-day deadlines are counted over it.
 */
@Entity('public_holiday')
export class PublicHolidayEntity {
  @PrimaryColumn({ type: 'date' })
  date!: string;

  /** DAY_OFF or MAKE_UP_WORKING_DAY. */
  @Column({ type: 'varchar', length: 24 })
  kind!: string;

  @Column({ name: 'name_vi', type: 'varchar', length: 200 })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn!: string;
}
