import type { DataSource, EntityManager } from 'typeorm';
import { syncReferenceRows, type SyncResult } from '@accords/db';
import { SigningRuleSetEntity } from '../db/entities';
import { parseRuleSet, type RuleSet } from '@accords/rules';

/** The only code that reads or writes `signing_rule_set`. */
export class SigningRuleSetRepository {
  constructor(private readonly db: DataSource) {}

  /** Every published version, oldest first (there are few: one per change of the law). */
  async all(): Promise<RuleSet[]> {
    const rows = await this.db.getRepository(SigningRuleSetEntity).find({ order: { effectiveFrom: 'ASC', version: 'ASC' } });
    return rows.map((r) => {
      const { aliases, levels } = JSON.parse(r.rules) as Pick<RuleSet, 'aliases' | 'levels'>;
      return parseRuleSet({ version: r.version, effectiveFrom: String(r.effectiveFrom).slice(0, 10), legalBasis: r.legalBasis, aliases, levels });
    });
  }
}

/** Inserts missing versions and updates changed ones; re-running with the same data writes nothing. */
export function syncRuleSets(manager: EntityManager, ruleSets: RuleSet[]): Promise<SyncResult> {
  const rows = ruleSets.map((r) => {
    const valid = parseRuleSet(r);
    return Object.assign(new SigningRuleSetEntity(), {
      version: valid.version,
      effectiveFrom: valid.effectiveFrom,
      legalBasis: valid.legalBasis,
      rules: JSON.stringify({ aliases: valid.aliases, levels: valid.levels }),
    });
  });
  return syncReferenceRows(manager, SigningRuleSetEntity, rows, 'version');
}
