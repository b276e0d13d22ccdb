export { createClient, sha256Hex, operationText, AccordsRequestError, type AccordsClient, type ClientOptions, type ResponseError } from './client';
export { persistedQueryManifest, type PersistedQueryManifest } from './manifest';
export { commitmentCard, ministryCommitments, type CommitmentCard, type MinistryCommitments } from './example';
export * from './generated/graphql';
