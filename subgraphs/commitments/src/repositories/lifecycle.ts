import { In, type DataSource } from 'typeorm';
import { WorkingCalendar } from '@accords/rules';
import { CommitmentEntity } from '../db/entities';
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
} from '../db/lifecycle-entities';

/** Reads of the lifecycle records, batched by commitment id (the loaders call these). */
export class LifecycleRepository {
  constructor(private readonly db: DataSource) {}

  activities(ids: readonly string[]) {
    return this.db.getRepository(HighLevelActivityEntity).findBy({ id: In([...ids]) });
  }

  commitmentsOfActivities(ids: readonly string[]) {
    return this.db.getRepository(CommitmentEntity).find({ where: { activityId: In([...ids]) }, order: { code: 'ASC' } });
  }

  consultations(ids: readonly string[]) {
    return this.db.getRepository(ConsultationEntity).findBy({ id: In([...ids]) });
  }

  consultationsOf(commitmentIds: readonly string[]) {
    return this.db.getRepository(ConsultationEntity).find({ where: { commitmentId: In([...commitmentIds]) }, order: { sentOn: 'ASC', consultee: 'ASC' } });
  }

  assessments(ids: readonly string[]) {
    return this.db.getRepository(FeasibilityAssessmentEntity).findBy({ id: In([...ids]) });
  }

  assessmentsOf(commitmentIds: readonly string[]) {
    return this.db.getRepository(FeasibilityAssessmentEntity).find({ where: { commitmentId: In([...commitmentIds]) }, order: { submittedAt: 'DESC', id: 'ASC' } });
  }

  partiesOf(commitmentIds: readonly string[]) {
    return this.db.getRepository(CommitmentPartyEntity).find({ where: { commitmentId: In([...commitmentIds]) }, order: { role: 'ASC', agency: 'ASC' } });
  }

  relationsOf(commitmentIds: readonly string[]) {
    return this.db.getRepository(CommitmentRelationEntity).find({ where: { commitmentId: In([...commitmentIds]) }, order: { kind: 'ASC', relatedId: 'ASC' } });
  }

  documentsOf(commitmentIds: readonly string[]) {
    return this.db.getRepository(CommitmentDocumentEntity).find({ where: { commitmentId: In([...commitmentIds]) }, order: { addedAt: 'ASC', id: 'ASC' } });
  }

  legalEventsOf(commitmentIds: readonly string[]) {
    return this.db.getRepository(LegalEventEntity).find({ where: { commitmentId: In([...commitmentIds]) }, order: { id: 'ASC' } });
  }

  /**
   * A page of the audit trail of many commitments in one statement, oldest first, keyed by the entry id:
   * ROW_NUMBER() per commitment keeps `limit` rows each.
   */
  async historyPages(commitmentIds: readonly string[], afterId: number, limit: number): Promise<AuditEntryEntity[]> {
    const ids: { id: number }[] = await this.db.query(
      `SELECT t.id FROM (
         SELECT a.id, ROW_NUMBER() OVER (PARTITION BY a.commitment_id ORDER BY a.id) AS rn
           FROM audit_entry a
          WHERE a.commitment_id IN (${commitmentIds.map(() => '?').join(', ')}) AND a.id > ?
       ) t WHERE t.rn <= ?`,
      [...commitmentIds, afterId, limit],
    );
    if (!ids.length) return [];
    return this.db.getRepository(AuditEntryEntity).find({ where: { id: In(ids.map((r) => Number(r.id))) }, order: { id: 'ASC' } });
  }

  /** Days off in a year (holidays and compensatory days). */
  holidays(year: number) {
    return this.db
      .getRepository(PublicHolidayEntity)
      .createQueryBuilder('h')
      .where("h.date >= :from AND h.date < :to AND h.kind = 'DAY_OFF'", { from: `${year}-01-01`, to: `${year + 1}-01-01` })
      .orderBy('h.date', 'ASC')
      .getMany();
  }

  /** The working-day calendar over the years the data covers (outside them only weekends are skipped). */
  async calendar(): Promise<WorkingCalendar> {
    const rows = await this.db.getRepository(PublicHolidayEntity).find();
    const years = [...new Set(rows.map((r) => Number(r.date.slice(0, 4))))];
    return new WorkingCalendar(
      rows.filter((r) => r.kind === 'DAY_OFF').map((r) => r.date),
      { makeUpWorkingDays: rows.filter((r) => r.kind === 'MAKE_UP_WORKING_DAY').map((r) => r.date), years },
    );
  }
}
