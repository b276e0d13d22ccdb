import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import { DelegationColumns } from '@accords/db';

/**
 * An administrative unit of Vietnam under the two-tier local government in force since 1 July 2025 (Resolution
 * 202/2025/QH15): the 34 provincial-level units (6 centrally-run cities, 28 provinces) and their communes, wards and
 * special zones. Units abolished on 1 July 2025 (pre-2025 provinces and districts) keep their row with `validTo` and
 * `mergedIntoId`, so commitments recorded under the old unit still resolve. The id is the unit's identity: the
 * code it held on 2025-07-01 for every unit then in existence, `<code>-<initials>` for an abolished province whose
 * code its successor reused (15-YB Yên Bái). Codes, names, levels and border status over time are in
 * `locality_version`.
 */
@Entity('locality')
@Index('IDX_locality_province', ['provinceId'])
@Index('IDX_locality_level', ['level'])
export class LocalityEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  level!: string;

  @Column({ name: 'name_vi', type: 'varchar', length: 255 })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 255 })
  nameEn!: string;

  /** The province a commune, ward or special zone belongs to; null for a provincial-level unit. */
  @Column({ name: 'province_id', type: 'varchar', length: 8, nullable: true })
  provinceId!: string | null;

  /** In a land border area (Decree 34/2014/ND-CP) or sea border area (Decree 71/2015/ND-CP). */
  @Column({ name: 'is_border', type: 'boolean', width: 1 })
  isBorder!: boolean;

  /** LAND or SEA; null when not a border unit. Deprecated: one value only (LAND when both); see `borderTypes`. */
  @Column({ name: 'border_type', type: 'varchar', length: 8, nullable: true })
  borderType!: string | null;

  /** Every border the unit's area has today: "LAND", "SEA" or "LAND,SEA"; null when none. */
  @Column({ name: 'border_types', type: 'varchar', length: 16, nullable: true })
  borderTypes!: string | null;

  /** The document(s) the record rests on, and why the unit has this identity (e.g. which name continued in 2025). */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  source!: string | null;

  @Column({ name: 'border_legal_basis', type: 'varchar', length: 255, nullable: true })
  borderLegalBasis!: string | null;

  /** Folded (lower-case, no diacritics) Vietnamese and English names and the id, for accent-insensitive search. */
  @Column({ name: 'search_text', type: 'varchar', length: 600 })
  searchText!: string;

  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  /** The unit that took over an abolished one. */
  @Column({ name: 'merged_into_id', type: 'varchar', length: 8, nullable: true })
  mergedIntoId!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/**
 * One dated version of a unit: its administrative code, name, level and border status from `validFrom` to `validTo`
 * (inclusive; null for open). A code belongs to a version, not to the unit: it may be reused by another unit later.
 */
@Entity('locality_version')
@Index('IDX_locality_version_locality', ['localityId'])
@Index('IDX_locality_version_code', ['code'])
export class LocalityVersionEntity {
  /** `<locality id>:<validFrom or "origin">`. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ name: 'locality_id', type: 'varchar', length: 8 })
  localityId!: string;

  @Column({ type: 'varchar', length: 8 })
  code!: string;

  @Column({ type: 'varchar', length: 16 })
  level!: string;

  @Column({ name: 'name_vi', type: 'varchar', length: 255 })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 255 })
  nameEn!: string;

  @Column({ name: 'border_types', type: 'varchar', length: 16, nullable: true })
  borderTypes!: string | null;

  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  source!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/**
 * A specialised department of a provincial People's Committee (Sở), e.g. the Department of Foreign Affairs (Sở Ngoại
 * vụ) or of Industry and Trade. Such departments may sign international agreements within their mandate with the
 * provincial chair's written consent (Law 70/2020/QH14). The id is `<province code>-<abbreviation>`.
 */
@Entity('provincial_department')
@Index('IDX_provincial_department_province', ['provinceId'])
@Index('IDX_provincial_department_kind', ['kind'])
export class ProvincialDepartmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 24 })
  id!: string;

  @Column({ name: 'province_id', type: 'varchar', length: 8 })
  provinceId!: string;

  /** FOREIGN_AFFAIRS, INDUSTRY_TRADE, SCIENCE_TECHNOLOGY, ... */
  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ name: 'name_vi', type: 'varchar', length: 255 })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 255 })
  nameEn!: string;

  /** Folded names and id, for accent-insensitive search. */
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
 * A person holding a position in a locality (its People's Committee or one of its departments). Identity is the exact
 * name under the binary collation; search goes through the folded `search_text`.
 */
@Entity('local_official')
@Index('IDX_local_official_locality', ['localityId'])
@Index('IDX_local_official_department', ['departmentId'])
export class LocalOfficialEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'full_name', type: 'varchar', length: 255 })
  fullName!: string;

  @Column({ name: 'position_vi', type: 'varchar', length: 255 })
  positionVi!: string;

  @Column({ name: 'position_en', type: 'varchar', length: 255, nullable: true })
  positionEn!: string | null;

  @Column({ name: 'locality_id', type: 'varchar', length: 8 })
  localityId!: string;

  @Column({ name: 'department_id', type: 'varchar', length: 24, nullable: true })
  departmentId!: string | null;

  /** Still in office. */
  @Column({ type: 'boolean', width: 1 })
  active!: boolean;

  @Column({ name: 'search_text', type: 'varchar', length: 600 })
  searchText!: string;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/**
 * Authority a provincial or commune leader delegates to another local official (to decide or to sign international
 * agreements), for a period. The commitments subgraph asks for it when a signer is not the decider (V1).
 */
@Entity('local_authority_delegation')
@Index('IDX_local_delegation_delegate', ['delegateOfficialId'])
export class LocalAuthorityDelegationEntity extends DelegationColumns {
  @Column({ name: 'locality_id', type: 'varchar', length: 8 })
  localityId!: string;
}
