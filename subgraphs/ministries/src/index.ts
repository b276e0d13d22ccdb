export { ministries } from './module';
export type { Loaders } from './loaders';
