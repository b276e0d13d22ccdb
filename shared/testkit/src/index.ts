export * from './database';
export * from './subgraphs';
export * from './graphql';
