import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import { DelegationColumns } from '@accords/db';

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

/**
 * A department, authority, general department or institute under a central body (e.g. MOFA's Department of
 * International Law and Treaties). Reference data owned by the central body itself.
 */
@Entity('ministry_unit')
@Index('IDX_ministry_unit_ministry', ['ministryId'])
export class MinistryUnitEntity {
  /** Stable code: the central body's id, a dash and the unit's own code, e.g. MOFA-DILT. */
  @PrimaryColumn({ type: 'varchar', length: 24 })
  id!: string;

  @Column({ name: 'ministry_id', type: 'varchar', length: 16 })
  ministryId!: string;

  /** DEPARTMENT (Vụ), AUTHORITY (Cục), GENERAL_DEPARTMENT (Tổng cục), INSTITUTE, OFFICE, INSPECTORATE. */
  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ name: 'name_vi', type: 'varchar', length: 255 })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 255 })
  nameEn!: string;

  /** Folded (lower-case, no diacritics) Vietnamese and English names and the id, for accent-insensitive search. */
  @Column({ name: 'search_text', type: 'varchar', length: 600 })
  searchText!: string;

  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/**
 * A person holding a position in a central body. Identity is the exact name under the binary collation: "Nguyễn Văn
 * An" and "Nguyen Van An" are two people; search goes through the folded `search_text`.
 */
@Entity('official')
@Index('IDX_official_ministry', ['ministryId'])
@Index('IDX_official_unit', ['unitId'])
export class OfficialEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'full_name', type: 'varchar', length: 255 })
  fullName!: string;

  @Column({ name: 'position_vi', type: 'varchar', length: 255 })
  positionVi!: string;

  @Column({ name: 'position_en', type: 'varchar', length: 255, nullable: true })
  positionEn!: string | null;

  @Column({ name: 'ministry_id', type: 'varchar', length: 16 })
  ministryId!: string;

  /** The unit the official heads or works in; null for the leadership of the central body. */
  @Column({ name: 'unit_id', type: 'varchar', length: 24, nullable: true })
  unitId!: string | null;

  /** Still in office. */
  @Column({ type: 'boolean', width: 1 })
  active!: boolean;

  /** Folded name and positions, for accent-insensitive search. */
  @Column({ name: 'search_text', type: 'varchar', length: 600 })
  searchText!: string;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/**
 * An official's delegation of authority to another (to sign, or to decide) for a period, on a stated legal basis.
 */
@Entity('authority_delegation')
@Index('IDX_authority_delegation_ministry', ['ministryId'])
@Index('IDX_authority_delegation_delegator', ['delegatorOfficialId'])
@Index('IDX_authority_delegation_delegate', ['delegateOfficialId'])
export class AuthorityDelegationEntity extends DelegationColumns {
  @Column({ name: 'ministry_id', type: 'varchar', length: 16 })
  ministryId!: string;

  @VersionColumn({ type: 'integer' })
  version!: number;
}
