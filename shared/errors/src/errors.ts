import { GraphQLError } from 'graphql';
import type { ErrorCode } from './codes';

export interface RuleViolation {
  /** Rule identifier, e.g. `V8` for the feasibility gate. */
  rule: string;
  message: string;
}

/** An error meant for the user: its code and message are always shown, in every environment. */
export function accordsError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, cause?: unknown): GraphQLError {
  // The cause (a peer's fetch error, an identity provider's failure) is for the log, never for the client.
  const originalError = cause === undefined ? undefined : cause instanceof Error ? cause : new Error(String(cause));
  return new GraphQLError(message, { extensions: { ...extensions, code }, originalError });
}

export const badInput = (message: string, field?: string) =>
  accordsError('BAD_USER_INPUT', message, field ? { field } : {});

export const notFound = (kind: string, id: string) => accordsError('NOT_FOUND', `${kind} "${id}" does not exist.`, { kind, id });

export const forbidden = (message: string) => accordsError('FORBIDDEN', message);

export const unauthenticated = (message = 'Sign in first: this operation needs a valid token.') =>
  accordsError('UNAUTHENTICATED', message);

export const conflict = (message: string, extensions: Record<string, unknown> = {}) =>
  accordsError('CONFLICT', message, extensions);

/** A refused workflow transition naming every unmet rule and the rule-set version it was judged under. */
export function failedPrecondition(violations: RuleViolation[], ruleSetVersion?: string): GraphQLError {
  const list = violations.map((v) => `${v.rule}: ${v.message}`).join('; ');
  const suffix = ruleSetVersion ? ` (rule set ${ruleSetVersion})` : '';
  return accordsError('FAILED_PRECONDITION', `Refused${suffix}: ${list}`, { rules: violations, ruleSetVersion });
}
