export { localities } from './module';
export type { Loaders } from './loaders';
