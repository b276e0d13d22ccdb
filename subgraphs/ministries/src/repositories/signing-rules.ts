import type { DataSource } from 'typeorm';
import { RuleSetStore } from '@accords/db';
import { parseRuleSet, type RuleSet } from '@accords/rules';

/** The published signing rule sets of the central bodies (`signing_rule_set`), each checked by the engine's parser. */
export const signingRuleSets = (db: DataSource) => new RuleSetStore<RuleSet>(db, parseRuleSet);
