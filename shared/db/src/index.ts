export * from './datasource';
export * from './url';
export * from './text';
export { StatementCounter, type CountedQuery } from './counter';
export * from './reference';
export * from './migrations';
export * from './rule-sets';
export { DelegationColumns } from './delegation';
export { dumpDatabase, restoreDatabase } from './backup';
