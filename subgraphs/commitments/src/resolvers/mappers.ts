/**
 * What the commitments resolvers receive as parents (read by `npm run codegen:resolvers`: `<GraphQLType>Parent` maps
 * a type of the SDL to it in src/generated/resolvers-types.ts). Rows are TypeORM entities; another subgraph's entity
 * is a reference (`__typename` and `id`).
 */
import type { BaseContext, ConnectionParent } from '@accords/subgraph-kit';
import type { CommitmentEntity } from '../db/entities';
import type {
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
} from '../db/delivery-entities';
import type {
  AuditEntryEntity,
  CommitmentDocumentEntity,
  CommitmentPartyEntity,
  CommitmentRelationEntity,
  ConsultationEntity,
  FeasibilityAssessmentEntity,
  HighLevelActivityEntity,
  LegalEventEntity,
  PublicHolidayEntity,
} from '../db/lifecycle-entities';
import type { CapabilitySnapshot } from '../domain/signing-checks';
import type { Loaders } from '../loaders';

export type Context = BaseContext<Loaders>;

/** An entity another subgraph owns, as this one names it (`__typename` set where a union needs it). */
export interface EntityReference<T extends string = string> {
  __typename?: T;
  id: string;
}

export type CommitmentParent = CommitmentEntity;
export type CommitmentConnectionParent = ConnectionParent<CommitmentEntity>;
export type MinistryParent = EntityReference;
export type MinistryUnitParent = EntityReference;
export type LocalityParent = EntityReference;
export type ProvincialDepartmentParent = EntityReference;
export type PartnerParent = EntityReference;
export type OfficialParent = EntityReference<'Official'>;
export type LocalOfficialParent = EntityReference<'LocalOfficial'>;

export type HighLevelActivityParent = HighLevelActivityEntity;
export type CommitmentPartyParent = CommitmentPartyEntity;
export type CommitmentRelationParent = CommitmentRelationEntity;
export type CommitmentDocumentParent = CommitmentDocumentEntity;
export type ConsultationParent = ConsultationEntity;
export type FeasibilityAssessmentParent = FeasibilityAssessmentEntity;
export type SigningSnapshotParent = CapabilitySnapshot;
export type LegalEventParent = LegalEventEntity;
export type AuditEntryParent = AuditEntryEntity;
export type AuditEntryConnectionParent = ConnectionParent<AuditEntryEntity>;
export type PublicHolidayParent = PublicHolidayEntity;

export type ActionProgramParent = ActionProgramEntity;
export type MilestoneParent = MilestoneEntity;
export type ResultParent = ResultEntity;
export type IndicatorParent = IndicatorEntity;
export type IndicatorPeriodParent = IndicatorPeriodEntity;
export type ProgressReportParent = ProgressReportEntity;
export type ObstacleParent = ObstacleEntity;
export type FeedbackParent = FeedbackEntity;
export type FeedbackReceiptStatusParent = FeedbackEntity;
export type FeedbackConnectionParent = ConnectionParent<FeedbackEntity>;
export type ReviewParent = ReviewEntity;
export type ReviewConnectionParent = ConnectionParent<ReviewEntity>;
export type ReviewEntryParent = ReviewEntryEntity;
export type ReviewDecisionParent = ReviewDecisionEntity;
export type PendingOpinionParent = { consultation: ConsultationEntity; daysLeft: number };
