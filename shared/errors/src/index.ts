export { ERROR_CODES, errorTableMarkdown, isErrorCode, type ErrorCode } from './codes';
export * from './errors';
export { formatError, isDatabaseUnavailable, isUnexpectedError, type FormatOptions } from './format';
