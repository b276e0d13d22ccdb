// The database-free entry point of the kit: see src/service.ts.
export * from './src/service';
