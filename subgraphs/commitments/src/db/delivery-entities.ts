import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import { decimalTransformer } from '@accords/db';

/**
 * Delivery tracking (DESIGN sections 4-6): the action plan a signed commitment becomes, its results, progress reports,
 * obstacles, public feedback and reviews. Every instant is stored in UTC; dates are civil dates in +07:00.
 */

/** A long-term or annual programme of the owning agency for one commitment; milestones hang off it. */
@Entity('action_program')
@Index('IDX_program_commitment', ['commitmentId'])
@Index('IDX_program_approved', ['commitmentId', 'approvedAt'])
@Index('IDX_program_owner', ['ownerAgency', 'year'])
@Index('IDX_program_annual', ['kind', 'year', 'submittedToMofaAt', 'ownerAgency'])
export class ActionProgramEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  /** The agency whose users own it (MINISTRY:MOIT, LOCALITY:20): the owner of the commitment's lead. */
  @Column({ name: 'owner_agency', type: 'varchar', length: 40 })
  ownerAgency!: string;

  /** LONG_TERM or ANNUAL. */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  /** The plan year of an annual programme (V7: sent to MOFA by 15 November of the year before); the first year of a long-term one. */
  @Column({ type: 'integer', nullable: true })
  year!: number | null;

  @Column({ type: 'varchar', length: 500 })
  title!: string;

  /** DRAFT or APPROVED (six-clear "task" needs an approved one). */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'approved_by', type: 'varchar', length: 120, nullable: true })
  approvedBy!: string | null;

  @Column({ name: 'approved_at', type: 'datetime', nullable: true })
  approvedAt!: Date | null;

  @Column({ name: 'approval_document', type: 'varchar', length: 300, nullable: true })
  approvalDocument!: string | null;

  @Column({ name: 'submitted_to_mofa_at', type: 'datetime', nullable: true })
  submittedToMofaAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** One step of an action plan. Its status is derived from the due date and the completion, never stored. */
@Entity('milestone')
@Index('IDX_milestone_commitment', ['commitmentId'])
@Index('IDX_milestone_official', ['responsibleOfficialId'])
@Index('IDX_milestone_due', ['dueOn'])
@Index('IDX_milestone_due_state', ['dueOn', 'completedAt', 'cancelledAt', 'commitmentId'])
@Index('IDX_milestone_start', ['commitmentId', 'actualStart'])
// The KPI roll-ups' covering index (migration AddMilestoneKpiIndex1767300000001; read with FORCE INDEX on MySQL/MariaDB).
@Index('IDX_milestone_kpi', ['commitmentId', 'parentId', 'completedAt', 'cancelledAt', 'dueOn', 'weight', 'responsibleOfficialId', 'programId', 'actualStart', 'deliverable'])
export class MilestoneEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  @Column({ name: 'program_id', type: 'varchar', length: 36 })
  programId!: string;

  @Column({ name: 'parent_id', type: 'varchar', length: 36, nullable: true })
  parentId!: string | null;

  @Column({ type: 'varchar', length: 500 })
  task!: string;

  /** A ministries Official or a localities LocalOfficial, by the kind of the owner agency. */
  @Column({ name: 'responsible_official_id', type: 'varchar', length: 40, nullable: true })
  responsibleOfficialId!: string | null;

  /** The agency that delivers it, as AGENCY_TYPE:id (a party of the commitment). */
  @Column({ name: 'owner_agency', type: 'varchar', length: 40 })
  ownerAgency!: string;

  /** A fixed date: never moved, even when it falls on a holiday (DESIGN section 6). */
  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  deliverable!: string | null;

  @Column({ name: 'means_of_verification', type: 'varchar', length: 500, nullable: true })
  meansOfVerification!: string | null;

  /** Share of its parent (or of the plan) in the weighted roll-up (K13). */
  @Column({ type: 'decimal', precision: 9, scale: 2, nullable: true, transformer: decimalTransformer(2) })
  weight!: string | null;

  @Column({ name: 'planned_start', type: 'date', nullable: true })
  plannedStart!: string | null;

  @Column({ name: 'actual_start', type: 'date', nullable: true })
  actualStart!: string | null;

  @Column({ name: 'completed_at', type: 'datetime', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'datetime', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'cancellation_reason', type: 'varchar', length: 500, nullable: true })
  cancellationReason!: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** An IATI result: what the commitment should change (output, outcome, impact). */
@Entity('commitment_result')
@Index('IDX_result_commitment', ['commitmentId'])
export class ResultEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  /** OUTPUT, OUTCOME, IMPACT, OTHER (IATI ResultType). */
  @Column({ type: 'varchar', length: 16 })
  type!: string;

  @Column({ type: 'varchar', length: 500 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** An IATI indicator of a result, with its baseline; targets and actuals are per period. */
@Entity('result_indicator')
@Index('IDX_indicator_commitment', ['commitmentId'])
export class IndicatorEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'result_id', type: 'varchar', length: 36 })
  resultId!: string;

  @Column({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  @Column({ type: 'varchar', length: 500 })
  title!: string;

  /** UNIT, PERCENTAGE, NOMINAL, ORDINAL, QUALITATIVE (IATI IndicatorMeasure). */
  @Column({ type: 'varchar', length: 16 })
  measure!: string;

  /** ASCENDING or DESCENDING: K14 attainment is inverted for descending indicators. */
  @Column({ type: 'varchar', length: 16 })
  direction!: string;

  @Column({ name: 'baseline_value', type: 'decimal', precision: 20, scale: 4, nullable: true, transformer: decimalTransformer(4) })
  baselineValue!: string | null;

  @Column({ name: 'baseline_year', type: 'integer', nullable: true })
  baselineYear!: number | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** Target and actual of an indicator for one period. */
@Entity('indicator_period')
@Index('IDX_indicator_period_commitment', ['commitmentId'])
@Index('UQ_indicator_period', ['indicatorId', 'periodStart'], { unique: true })
export class IndicatorPeriodEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'indicator_id', type: 'varchar', length: 36 })
  indicatorId!: string;

  @Column({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  @Column({ type: 'decimal', precision: 20, scale: 4, nullable: true, transformer: decimalTransformer(4) })
  target!: string | null;

  @Column({ type: 'decimal', precision: 20, scale: 4, nullable: true, transformer: decimalTransformer(4) })
  actual!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** The owning agency's report on one commitment for one period. */
@Entity('progress_report')
@Index('UQ_progress_report_period', ['commitmentId', 'periodStart', 'periodEnd'], { unique: true })
export class ProgressReportEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  @Column({ type: 'text' })
  achievements!: string;

  @Column({ type: 'text', nullable: true })
  challenges!: string | null;

  @Column({ type: 'text', nullable: true })
  recommendations!: string | null;

  /** OGP: NO_EVIDENCE, NOT_STARTED, LIMITED, SUBSTANTIAL, COMPLETE. */
  @Column({ name: 'completion_level', type: 'varchar', length: 16 })
  completionLevel!: string;

  /** GREEN, AMBER_GREEN, AMBER, AMBER_RED, RED. */
  @Column({ name: 'delivery_confidence', type: 'varchar', length: 16 })
  deliveryConfidence!: string;

  @Column({ name: 'confidence_justification', type: 'text' })
  confidenceJustification!: string;

  @Column({ name: 'submitted_by', type: 'varchar', length: 120 })
  submittedBy!: string;

  @Column({ name: 'submitted_at', type: 'datetime' })
  submittedAt!: Date;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** Something in the way of delivery (K17-K19). */
@Entity('obstacle')
@Index('IDX_obstacle_commitment', ['commitmentId'])
@Index('IDX_obstacle_resolved', ['resolvedAt'])
export class ObstacleEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  @Column({ name: 'milestone_id', type: 'varchar', length: 36, nullable: true })
  milestoneId!: string | null;

  /** LEGAL, FINANCIAL, ADMINISTRATIVE, TECHNICAL, PARTNER, COORDINATION, OTHER. */
  @Column({ type: 'varchar', length: 24 })
  category!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'detected_at', type: 'datetime' })
  detectedAt!: Date;

  @Column({ name: 'detected_by', type: 'varchar', length: 200 })
  detectedBy!: string;

  /** LOW, MEDIUM, HIGH, CRITICAL. */
  @Column({ type: 'varchar', length: 16 })
  severity!: string;

  /** Needs a decision above the agency (K19 splits resolution time by it). */
  @Column({ name: 'beyond_authority', type: 'boolean', width: 1 })
  beyondAuthority!: boolean;

  @Column({ name: 'escalated_to', type: 'varchar', length: 40, nullable: true })
  escalatedTo!: string | null;

  @Column({ name: 'escalated_at', type: 'datetime', nullable: true })
  escalatedAt!: Date | null;

  @Column({ name: 'resolved_at', type: 'datetime', nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  resolution!: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** Feedback from the public. Only a hash of the submitter's receipt is kept. */
@Entity('feedback')
@Index('IDX_feedback_locality', ['localityId', 'receivedAt'])
@Index('IDX_feedback_agency', ['agency', 'receivedAt'])
@Index('IDX_feedback_commitment', ['commitmentId'])
@Index('IDX_feedback_received', ['receivedAt'])
export class FeedbackEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** SHA-256 (hex) of the receipt secret shown once to the submitter. */
  @Column({ name: 'receipt_hash', type: 'varchar', length: 64 })
  receiptHash!: string;

  /** BUSINESS, CITIZEN, EXPERT, ASSOCIATION, ORGANISATION. */
  @Column({ name: 'submitter_kind', type: 'varchar', length: 16 })
  submitterKind!: string;

  @Column({ name: 'submitter_name', type: 'varchar', length: 200, nullable: true })
  submitterName!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  contact!: string | null;

  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'commitment_id', type: 'varchar', length: 36, nullable: true })
  commitmentId!: string | null;

  @Column({ name: 'locality_id', type: 'varchar', length: 16, nullable: true })
  localityId!: string | null;

  /** The agency that answers it (MINISTRY:MOIT, LOCALITY:20); null until central oversight assigns it. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  agency!: string | null;

  /** RECEIVED, ACKNOWLEDGED, RESPONDED, RESOLVED. */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'received_at', type: 'datetime' })
  receivedAt!: Date;

  @Column({ name: 'acknowledged_at', type: 'datetime', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'assigned_at', type: 'datetime', nullable: true })
  assignedAt!: Date | null;

  @Column({ name: 'obstacle_id', type: 'varchar', length: 36, nullable: true })
  obstacleId!: string | null;

  @Column({ type: 'text', nullable: true })
  response!: string | null;

  @Column({ name: 'responded_at', type: 'datetime', nullable: true })
  respondedAt!: Date | null;

  @Column({ name: 'resolved_at', type: 'datetime', nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  resolution!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** A quarterly, half-year, nine-month or annual stocktake held by an agency (or by central oversight). */
@Entity('review')
@Index('IDX_review_owner', ['ownerAgency', 'periodStart'])
@Index('IDX_review_held', ['heldAt', 'id'])
export class ReviewEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** QUARTERLY, HALF_YEAR, NINE_MONTH, ANNUAL. */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ name: 'owner_agency', type: 'varchar', length: 40 })
  ownerAgency!: string;

  /** The period reviewed: [periodStart, periodEnd] in +07:00. */
  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  @Column({ type: 'varchar', length: 500 })
  scope!: string;

  @Column({ type: 'varchar', length: 200 })
  chair!: string;

  @Column({ name: 'held_at', type: 'datetime' })
  heldAt!: Date;

  @Column({ type: 'text', nullable: true })
  achievements!: string | null;

  @Column({ type: 'text', nullable: true })
  shortcomings!: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** A decision of a review, with who must carry it out by when (K21 follow-through). */
@Entity('review_decision')
@Index('IDX_review_decision_review', ['reviewId'])
@Index('IDX_review_decision_assignee', ['assigneeAgency'])
export class ReviewDecisionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'review_id', type: 'varchar', length: 36 })
  reviewId!: string;

  @Column({ type: 'text' })
  decision!: string;

  @Column({ name: 'assignee_agency', type: 'varchar', length: 40 })
  assigneeAgency!: string;

  @Column({ name: 'assignee_official_id', type: 'varchar', length: 40, nullable: true })
  assigneeOfficialId!: string | null;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ name: 'done_at', type: 'datetime', nullable: true })
  doneAt!: Date | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** What a review concluded about one commitment (K15, K16). */
@Entity('review_entry')
@Index('IDX_review_entry_commitment', ['commitmentId'])
export class ReviewEntryEntity {
  @PrimaryColumn({ name: 'review_id', type: 'varchar', length: 36 })
  reviewId!: string;

  @PrimaryColumn({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  @Column({ name: 'completion_level', type: 'varchar', length: 16 })
  completionLevel!: string;

  @Column({ name: 'delivery_confidence', type: 'varchar', length: 16 })
  deliveryConfidence!: string;

  @Column({ name: 'confidence_justification', type: 'text' })
  confidenceJustification!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'recorded_at', type: 'datetime' })
  recordedAt!: Date;

  @VersionColumn({ type: 'integer' })
  version!: number;
}
