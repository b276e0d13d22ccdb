import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import type { RelationshipFramework } from '../generated/resolvers-types';

/**
 * A foreign counterpart of Vietnam's agencies: a state (UN member or observer), an international organisation, or a
 * body belonging to a state (government, parliament, locality, agency, party, firm, university). States carry the
 * current relationship framework with Vietnam and their grouping memberships.
 */
@Entity('partner')
@Index('IDX_partner_kind', ['kind'])
@Index('IDX_partner_parent', ['parentId'])
export class PartnerEntity {
  /** ISO 3166-1 alpha-2 for states, a short code for organisations, a prefixed code otherwise. */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ name: 'name_vi', type: 'varchar', length: 255 })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 255 })
  nameEn!: string;

  @Column({ name: 'iso_alpha3', type: 'varchar', length: 3, nullable: true })
  isoAlpha3!: string | null;

  /** The state a locality, agency, party, firm or university belongs to. */
  @Column({ name: 'parent_id', type: 'varchar', length: 16, nullable: true })
  parentId!: string | null;

  /** The current relationship framework with Vietnam (states only). */
  @Column({ type: 'varchar', length: 48, nullable: true })
  framework!: RelationshipFramework | null;

  @Column({ name: 'framework_since', type: 'date', nullable: true })
  frameworkSince!: string | null;

  /** Grouping codes wrapped in commas, e.g. ",G7,G20," (empty string for none), so LIKE '%,G7,%' is exact. */
  @Column({ type: 'varchar', length: 255 })
  groupings!: string;

  /** Folded (lower-case, no diacritics) id, alpha-3 code and Vietnamese and English names, for accent-insensitive search. */
  @Column({ name: 'search_text', type: 'varchar', length: 600 })
  searchText!: string;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** Stores grouping codes as ",A,B," (or "" for none). */
export function encodeGroupings(codes: readonly string[]): string {
  return codes.length ? `,${codes.join(',')},` : '';
}

export function decodeGroupings(stored: string | null | undefined): string[] {
  return (stored ?? '').split(',').filter((c) => c.length > 0);
}

/**
 * One dated step in the relationship framework with a state: established or upgraded on `since`. The latest event of
 * a partner is its current framework (`partner.framework` and `partner.framework_since` are derived from it).
 */
@Entity('partner_framework_event')
@Index('IDX_partner_framework_event_partner', ['partnerId'])
export class PartnerFrameworkEventEntity {
  /** Partner id and date, e.g. CN-2008-05-30. */
  @PrimaryColumn({ type: 'varchar', length: 48 })
  id!: string;

  @Column({ name: 'partner_id', type: 'varchar', length: 16 })
  partnerId!: string;

  @Column({ type: 'varchar', length: 48 })
  framework!: RelationshipFramework;

  @Column({ type: 'date' })
  since!: string;

  /** The framework's own wording when the enum level is an approximation, e.g. "Extensive strategic partnership". */
  @Column({ type: 'varchar', length: 255, nullable: true })
  note!: string | null;

  /**
   * The statement the event rests on: the joint statement or declaration, where and when its text was published. An
   * event the data file cites no statement for says so (see `UNSOURCED_FRAMEWORK_EVENT` in seed.ts). Null only on a
   * row written before the column existed and not yet re-seeded.
   */
  @Column({ type: 'varchar', length: 500, nullable: true })
  source!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** A grouping of states whose code appears in `partner.groupings`, e.g. G7, UNSC_P5, ASEAN. */
@Entity('grouping')
export class GroupingEntity {
  @PrimaryColumn({ type: 'varchar', length: 24 })
  code!: string;

  @Column({ name: 'name_vi', type: 'varchar', length: 255 })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 255 })
  nameEn!: string;

  /** e.g. UN_BODY, ECONOMIC_FORUM, REGIONAL_ORGANISATION, INTERNATIONAL_ORGANISATION. */
  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @VersionColumn({ type: 'integer' })
  version!: number;
}
