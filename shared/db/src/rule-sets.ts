import { Column, Entity, PrimaryColumn, VersionColumn, type DataSource, type TableOptions } from 'typeorm';
import { withTransaction } from './datasource';
import { syncReferenceRows, type SyncResult } from './reference';

/**
 * Versioned rule sets held as data (DESIGN section 3: a legal change is a new version with its effective date, never a
 * code change). Every subgraph that judges who may sign (localities, ministries) keeps its own versions in its own
 * database, in a table of this one shape; the rules themselves are checked and applied by the pure engine in
 * `@accords/rules`, which is passed in as `parse` so that this package stays free of domain rules.
 */
export interface VersionedRuleSet {
  version: string;
  /** YYYY-MM-DD: first day the version applies. */
  effectiveFrom: string;
  legalBasis: string;
}

/** One published version: the three columns every version has, and the rest of it as JSON in `rules`. */
@Entity('signing_rule_set')
export class SigningRuleSetEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  version!: string;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom!: string;

  @Column({ name: 'legal_basis', type: 'varchar', length: 255 })
  legalBasis!: string;

  @Column({ type: 'text' })
  rules!: string;

  @VersionColumn({ name: 'version_no', type: 'integer' })
  versionNo!: number;
}

/**
 * The table each subgraph's own migration creates. Frozen: it is what already-applied migrations built, so a later
 * change to the table is a new migration in every subgraph that has it, never an edit here.
 */
export const SIGNING_RULE_SET_TABLE: TableOptions = {
  name: 'signing_rule_set',
  columns: [
    { name: 'version', type: 'varchar', length: '16', isPrimary: true },
    { name: 'effective_from', type: 'date' },
    { name: 'legal_basis', type: 'varchar', length: '255' },
    { name: 'rules', type: 'text' },
    { name: 'version_no', type: 'integer' },
  ],
};

/** The only code that reads or writes `signing_rule_set`. */
export class RuleSetStore<R extends VersionedRuleSet> {
  /** `parse` checks a version's shape (and throws on a malformed one) before it is stored and after it is read. */
  constructor(
    private readonly db: DataSource,
    private readonly parse: (input: unknown) => R,
  ) {}

  /** Every published version, oldest first (there are few: one per change of the law). One statement. */
  async all(): Promise<R[]> {
    const rows = await this.db.getRepository(SigningRuleSetEntity).find({ order: { effectiveFrom: 'ASC', version: 'ASC' } });
    return rows.map((r) =>
      this.parse({ ...(JSON.parse(r.rules) as object), version: r.version, effectiveFrom: String(r.effectiveFrom).slice(0, 10), legalBasis: r.legalBasis }),
    );
  }

  /**
   * Publishes versions, idempotent by version: inserts the missing, updates the changed, and re-running with the same
   * data writes nothing. Every version is checked before any is written, so a malformed one is never half-published.
   */
  publish(ruleSets: readonly unknown[]): Promise<SyncResult> {
    const rows = ruleSets.map((input) => {
      const { version, effectiveFrom, legalBasis, ...rules } = this.parse(input);
      return Object.assign(new SigningRuleSetEntity(), { version, effectiveFrom, legalBasis, rules: JSON.stringify(rules) });
    });
    return withTransaction(this.db, (m) => syncReferenceRows(m, SigningRuleSetEntity, rows, 'version'));
  }
}
