export { ministries } from './module';
export type { Loaders } from './loaders';
export { publishRuleSet } from './seed';
