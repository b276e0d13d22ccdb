import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Where an imported commitment came from: the file, who imported it and when (rewritten when a re-import changes it). */
@Entity('import_provenance')
export class ImportProvenanceEntity {
  @PrimaryColumn({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  @Column({ type: 'varchar', length: 300 })
  file!: string;

  /** The importing user's subject. */
  @Column({ name: 'imported_by', type: 'varchar', length: 200 })
  importedBy!: string;

  @Column({ name: 'imported_at', type: 'datetime' })
  importedAt!: Date;
}

/**
 * A rule check an imported historical record fails. Historical records were signed under earlier procedures and are
 * not refused by today's workflow; what they fail is kept here (and counted by the KPIs from the records themselves).
 */
@Entity('import_finding')
@Index('IDX_import_finding_commitment', ['commitmentId'])
export class ImportFindingEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  /** V4, V8, ... as in the workflow rules. */
  @Column({ type: 'varchar', length: 16 })
  rule!: string;

  @Column({ type: 'varchar', length: 1000 })
  message!: string;

  @Column({ type: 'varchar', length: 300 })
  file!: string;

  @Column({ name: 'imported_at', type: 'datetime' })
  importedAt!: Date;
}



/**
 * Where an imported record of the register's other sheets (a party, a milestone, an indicator period, ...) came from:
 * the file, who imported it and when (rewritten when a re-import changes it). A party's id is commitment|agency|role;
 * a post-signing copy's is its commitment's id.
 */
@Entity('import_record_provenance')
@Index('IDX_import_record_provenance_commitment', ['commitmentId'])
export class ImportRecordProvenanceEntity {
  /** Audit entity type: CommitmentParty, FeasibilityAssessment, Consultation, PostSigningCopy, ActionProgram, Milestone, ... */
  @PrimaryColumn({ name: 'entity_type', type: 'varchar', length: 40 })
  entityType!: string;

  @PrimaryColumn({ name: 'entity_id', type: 'varchar', length: 120 })
  entityId!: string;

  @Column({ name: 'commitment_id', type: 'varchar', length: 36 })
  commitmentId!: string;

  @Column({ type: 'varchar', length: 300 })
  file!: string;

  @Column({ name: 'imported_by', type: 'varchar', length: 200 })
  importedBy!: string;

  @Column({ name: 'imported_at', type: 'datetime' })
  importedAt!: Date;
}

export const exchangeEntities = [ImportProvenanceEntity, ImportFindingEntity, ImportRecordProvenanceEntity];
