import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';

/** The first entity of the __NAME__ subgraph: a note about a partner. Replace it with your own. */
@Entity('__NAME___note')
@Index('IDX___NAME___note_partner', ['partnerId'])
export class __PASCAL__NoteEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** A partner's id (owned by the partners subgraph; referenced by key, never joined). */
  @Column({ name: 'partner_id', type: 'varchar', length: 16 })
  partnerId!: string;

  @Column({ type: 'varchar', length: 1000 })
  text!: string;

  /** The subject of the token that wrote it. */
  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @VersionColumn({ type: 'integer' })
  version!: number;
}
