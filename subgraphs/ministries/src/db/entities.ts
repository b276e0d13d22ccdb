import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';

/**
 * A central body that may conclude international agreements (Law 70/2020/QH14 art. 8): ministries, ministerial-level
 * and Government agencies, National Assembly bodies, the Office of the President, the Supreme Court and Procuracy,
 * central bodies of mass organisations. Bodies merged in the 2025 reorganisation keep their row with `validTo` and
 * `successorId`, so commitments signed under the old name still resolve.
 */
@Entity('central_body')
@Index('IDX_central_body_kind', ['kind'])
export class CentralBodyEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ name: 'name_vi', type: 'varchar', length: 255 })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 255 })
  nameEn!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  abbreviation!: string | null;

  /** Folded (lower-case, no diacritics) Vietnamese and English names and the id, for accent-insensitive search. */
  @Column({ name: 'search_text', type: 'varchar', length: 600 })
  searchText!: string;

  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ name: 'successor_id', type: 'varchar', length: 16, nullable: true })
  successorId!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}
