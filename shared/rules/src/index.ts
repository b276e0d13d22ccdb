export * from './signing';
export * from './calendar';
