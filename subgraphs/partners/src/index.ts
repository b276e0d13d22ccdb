export { partners } from './module';
export type { Loaders } from './loaders';
