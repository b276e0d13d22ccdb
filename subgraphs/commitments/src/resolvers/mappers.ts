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
import type { AttentionItem, Figure, Report } from '../kpis/resolvers';
import type { Loaders } from '../loaders';
import type { AuditVerification } from '../services/audit-chain';

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
/** A Locality; in `Locality.commitments` with the units merged into it (`@requires(fields: "predecessors { id }")`). */
export interface LocalityParent extends EntityReference {
  predecessors?: ReadonlyArray<{ id: string }> | null;
}
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
/** `verifyAuditTrail`: the first broken entry is named by its numeric id (an ID on the wire). */
export type AuditVerificationParent = AuditVerification;
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

/** KPIs (src/kpis): a report computes each group of figures when asked; a figure lists its commitments when asked. */
export type KpiReportParent = Report;
export type KpiFigureParent = Figure;
export type AttentionItemParent = AttentionItem;
