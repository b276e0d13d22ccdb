/**
 * The closed set of error codes Accords returns in `extensions.code`.
 * Each code is defined once, here; README's error table is generated from this registry
 * (`npm run docs:errors`) and a test checks the README is current.
 */
export const ERROR_CODES = {
  BAD_USER_INPUT: 'An argument or input field is malformed or out of range; the message names the field and what is allowed.',
  UNAUTHENTICATED: 'No valid token was presented; sign in through your agency identity provider and retry.',
  FORBIDDEN: 'The signed-in user may not do this (wrong agency or role); nothing was changed.',
  NOT_FOUND: 'The record named by the request does not exist (or is not visible to the user).',
  CONFLICT: 'The record changed since it was read (stale version) or a unique key is already taken; reload and retry.',
  FAILED_PRECONDITION: 'A legal or workflow rule refuses the transition; the message and `extensions.rules` name every unmet rule and the rule-set version.',
  QUERY_TOO_COMPLEX: 'The query exceeds a depth, cost, alias or batch limit and was refused before execution.',
  RATE_LIMITED: 'Too many requests from this user or address; retry after `extensions.retryAfterSeconds`.',
  PERSISTED_QUERY_NOT_FOUND: 'The persisted query hash is unknown; resend the query text with its hash.',
  PERSISTED_QUERY_NOT_IN_LIST: 'The gateway runs in allow-list mode and this operation is not in its persisted-query manifest; only operations shipped in the manifest run.',
  PERSISTED_QUERY_NOT_SUPPORTED: 'This gateway takes no persisted queries (`PERSISTED_QUERIES=off`); send the query text without a hash.',
  SERVICE_UNAVAILABLE: 'A subgraph or database did not answer in time; the request can be retried.',
  INTERNAL_SERVER_ERROR: 'An unexpected fault; it was logged with the request id given in `extensions.requestId`.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

/** README's error table, one row per code in registry order (`npm run docs:errors` writes it into README.md). */
export function errorTableMarkdown(): string {
  return ['| code | meaning |', '| --- | --- |', ...Object.entries(ERROR_CODES).map(([code, meaning]) => `| \`${code}\` | ${meaning} |`)].join('\n');
}
