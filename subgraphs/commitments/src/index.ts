export { commitments } from './module';
export { demoIdFor } from './seed';
export type { Loaders } from './loaders';
