export { trade } from './module';
export { OWNER } from './owner';
export type { Loaders } from './loaders';
