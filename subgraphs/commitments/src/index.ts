export { commitments } from './module';
export type { Loaders } from './loaders';
