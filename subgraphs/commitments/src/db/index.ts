import { CommitmentEntity, CommitmentFieldEntity, CommitmentPartnerEntity } from './entities';
import {
  AuditEntryEntity,
  CommitmentDocumentEntity,
  CommitmentPartyEntity,
  CommitmentRelationEntity,
  ConsultationEntity,
  FeasibilityAssessmentEntity,
  HighLevelActivityEntity,
  LegalEventEntity,
  PublicHolidayEntity,
} from './lifecycle-entities';
import { CreateCommitment1732300000000 } from './migrations/1732300000000-CreateCommitment';
import { CreateCommitmentPartner1732300000001 } from './migrations/1732300000001-CreateCommitmentPartner';
import { CreateCommitmentField1732300000002 } from './migrations/1732300000002-CreateCommitmentField';
import { AddCommitmentLifecycleColumns1732400000000 } from './migrations/1732400000000-AddCommitmentLifecycleColumns';
import { CreateHighLevelActivity1732400000001 } from './migrations/1732400000001-CreateHighLevelActivity';
import { CreateCommitmentParty1732400000002 } from './migrations/1732400000002-CreateCommitmentParty';
import { CreateCommitmentRelation1732400000003 } from './migrations/1732400000003-CreateCommitmentRelation';
import { CreateCommitmentDocument1732400000004 } from './migrations/1732400000004-CreateCommitmentDocument';
import { CreateConsultation1732400000005 } from './migrations/1732400000005-CreateConsultation';
import { CreateFeasibilityAssessment1732400000006 } from './migrations/1732400000006-CreateFeasibilityAssessment';
import { CreateLegalEvent1732400000007 } from './migrations/1732400000007-CreateLegalEvent';
import { CreateAuditEntry1732400000008 } from './migrations/1732400000008-CreateAuditEntry';
import { CreatePublicHoliday1732400000009 } from './migrations/1732400000009-CreatePublicHoliday';
import { CreateActionProgram1732500000000 } from './migrations/1732500000000-CreateActionProgram';
import { CreateMilestone1732500000001 } from './migrations/1732500000001-CreateMilestone';
import { CreateCommitmentResult1732500000002 } from './migrations/1732500000002-CreateCommitmentResult';
import { CreateResultIndicator1732500000003 } from './migrations/1732500000003-CreateResultIndicator';
import { CreateIndicatorPeriod1732500000004 } from './migrations/1732500000004-CreateIndicatorPeriod';
import { CreateProgressReport1732500000005 } from './migrations/1732500000005-CreateProgressReport';
import { CreateObstacle1732500000006 } from './migrations/1732500000006-CreateObstacle';
import { CreateFeedback1732500000007 } from './migrations/1732500000007-CreateFeedback';
import { CreateReview1732500000008 } from './migrations/1732500000008-CreateReview';
import { CreateReviewDecision1732500000009 } from './migrations/1732500000009-CreateReviewDecision';
import { CreateReviewEntry1732500000010 } from './migrations/1732500000010-CreateReviewEntry';
import { AddReviewHeldIndex1732600000000 } from './migrations/1732600000000-AddReviewHeldIndex';
import { AddReviewDecisionAssigneeIndex1732600000001 } from './migrations/1732600000001-AddReviewDecisionAssigneeIndex';
import { AddAuditEntryHash1733000000000 } from './migrations/1733000000000-AddAuditEntryHash';
import { BackfillAuditEntryHash1733000000001 } from './migrations/1733000000001-BackfillAuditEntryHash';
import { AuditEntryAppendOnly1733000000002 } from './migrations/1733000000002-AuditEntryAppendOnly';
import { LegalEventAppendOnly1733000000003 } from './migrations/1733000000003-LegalEventAppendOnly';
import { RemapReusedLocalityCodes1765200000000 } from './migrations/1765200000000-RemapReusedLocalityCodes';
import { AddCommitmentOwner1765400000000, BackfillCommitmentOwner1765400000001, RequireCommitmentOwner1765400000002, WidenCommitmentLeadType1765400000003 } from './migrations/1765400000000-CommitmentOwner';
import { AddMilestoneDueIndex1765300000000 } from './migrations/1765300000000-AddMilestoneDueIndex';
import { AddObstacleResolvedIndex1765300000001 } from './migrations/1765300000001-AddObstacleResolvedIndex';
import { AddFeedbackReceivedIndex1765300000002 } from './migrations/1765300000002-AddFeedbackReceivedIndex';
import { AddConsultationSentIndex1765300000003 } from './migrations/1765300000003-AddConsultationSentIndex';
import { commitmentSortKeyMigrations } from './migrations/1767100000000-CommitmentSortKeys';
import { KpiDataVersion1767300000000 } from './migrations/1767300000000-KpiDataVersion';
import { KpiLeadVersion1767400000000 } from './migrations/1767400000000-KpiLeadVersion';
import { AddLegalEventOccurredIndex1767200000002, AddMilestoneDueStateIndex1767200000000, AddMilestoneStartIndex1767200000001, AddProgramApprovedIndex1767200000003, AddMilestoneKpiIndex1767300000001, AddProgramAnnualIndex1767400000001 } from './migrations/1767200000000-AddKpiIndexes';
import {
  ActionProgramEntity,
  FeedbackEntity,
  IndicatorEntity,
  IndicatorPeriodEntity,
  MilestoneEntity,
  ObstacleEntity,
  ProgressReportEntity,
  ResultEntity,
  ReviewDecisionEntity,
  ReviewEntity,
  ReviewEntryEntity,
} from './delivery-entities';

export * from './entities';
export * from './lifecycle-entities';
export * from './delivery-entities';
export const entities = [
  CommitmentEntity,
  CommitmentPartnerEntity,
  CommitmentFieldEntity,
  HighLevelActivityEntity,
  CommitmentPartyEntity,
  CommitmentRelationEntity,
  CommitmentDocumentEntity,
  ConsultationEntity,
  FeasibilityAssessmentEntity,
  LegalEventEntity,
  AuditEntryEntity,
  PublicHolidayEntity,
  ActionProgramEntity,
  MilestoneEntity,
  ResultEntity,
  IndicatorEntity,
  IndicatorPeriodEntity,
  ProgressReportEntity,
  ObstacleEntity,
  FeedbackEntity,
  ReviewEntity,
  ReviewDecisionEntity,
  ReviewEntryEntity,
];
/** In order; one DDL change each (MySQL commits DDL implicitly). */
export const migrations = [
  CreateCommitment1732300000000,
  CreateCommitmentPartner1732300000001,
  CreateCommitmentField1732300000002,
  AddCommitmentLifecycleColumns1732400000000,
  CreateHighLevelActivity1732400000001,
  CreateCommitmentParty1732400000002,
  CreateCommitmentRelation1732400000003,
  CreateCommitmentDocument1732400000004,
  CreateConsultation1732400000005,
  CreateFeasibilityAssessment1732400000006,
  CreateLegalEvent1732400000007,
  CreateAuditEntry1732400000008,
  CreatePublicHoliday1732400000009,
  CreateActionProgram1732500000000,
  CreateMilestone1732500000001,
  CreateCommitmentResult1732500000002,
  CreateResultIndicator1732500000003,
  CreateIndicatorPeriod1732500000004,
  CreateProgressReport1732500000005,
  CreateObstacle1732500000006,
  CreateFeedback1732500000007,
  CreateReview1732500000008,
  CreateReviewDecision1732500000009,
  CreateReviewEntry1732500000010,
  AddReviewHeldIndex1732600000000,
  AddReviewDecisionAssigneeIndex1732600000001,
  // The audit trail: hash chain, then append-only (grants in infra/mysql/init.sql; these triggers hold for root too).
  AddAuditEntryHash1733000000000,
  BackfillAuditEntryHash1733000000001,
  AuditEntryAppendOnly1733000000002,
  LegalEventAppendOnly1733000000003,
  // Localities whose code was reused by their successor in 2025 get their own identity (data only).
  RemapReusedLocalityCodes1765200000000,
  // Indexes the KPI filters need (period ranges on milestones, obstacles, feedback, opinions).
  AddMilestoneDueIndex1765300000000,
  AddObstacleResolvedIndex1765300000001,
  AddFeedbackReceivedIndex1765300000002,
  AddConsultationSentIndex1765300000003,
  // The owner is stored, as the registers say, not parsed from the lead's id.
  AddCommitmentOwner1765400000000,
  BackfillCommitmentOwner1765400000001,
  RequireCommitmentOwner1765400000002,
  WidenCommitmentLeadType1765400000003,
  // Lists at national scale: a stored, indexed sort key (copied into the link tables) and FULLTEXT search.
  ...commitmentSortKeyMigrations,
  // KPIs at national scale: covered milestone ranges, first actions, legal events after an as-of day.
  AddMilestoneDueStateIndex1767200000000,
  AddMilestoneStartIndex1767200000001,
  AddLegalEventOccurredIndex1767200000002,
  AddProgramApprovedIndex1767200000003,
  // The KPI result cache's data version, bumped by triggers on every table the KPI statements read.
  KpiDataVersion1767300000000,
  // KPI roll-ups read the milestones of each active commitment from one covering index.
  AddMilestoneKpiIndex1767300000001,
  // A version per lead beside it: figures computed by lead are recomputed for the leads a write touched only.
  KpiLeadVersion1767400000000,
  // K9: the annual plans that reached MOFA, from an index.
  AddProgramAnnualIndex1767400000001,
];
