export { localities } from './module';
export type { Loaders } from './loaders';
export { publishRuleSet } from './seed';
export type { RuleSet, LevelRule, SigningCapability } from '@accords/rules';
