export { ministries } from './module';
export type { Loaders } from './loaders';
export { delegationIdFor, officialIdFor, publishRuleSet } from './seed';
