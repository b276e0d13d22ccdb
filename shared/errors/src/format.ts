import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isErrorCode } from './codes';

export interface FormatOptions {
  /** Development shows internal messages and stack traces; production never does. */
  development: boolean;
  /** Service name added to errors raised here, so a client sees which service failed. */
  service?: string;
}

/** MySQL/driver error numbers that mean "somebody else holds this key". */
const DUPLICATE_KEY_ERRNOS = new Set([1062]);

function driverErrno(error: unknown): number | undefined {
  const e = error as { errno?: unknown; driverError?: { errno?: unknown }; code?: unknown; message?: unknown };
  if (typeof e?.driverError?.errno === 'number') return e.driverError.errno;
  if (typeof e?.errno === 'number') return e.errno;
  return undefined;
}

/**
 * Driver errors that mean "the database is not there" (refused, reset, lost, timed out, shutting down, full of
 * connections), as opposed to a fault in the statement: the request can be retried once it is back.
 */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_ACCESS_DENIED_ERROR',
]);
const CONNECTION_ERROR_MESSAGES = /Connection lost|closed state|Pool is closed|connect ETIMEDOUT|ECONNREFUSED|ECONNRESET|EPIPE|socket has been ended|Query runner already released/i;

/** True for an error (or one down its chain of causes) that says the database could not be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const e = current as { code?: unknown; fatal?: unknown; driverError?: unknown; message?: unknown; originalError?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && CONNECTION_ERROR_CODES.has(e.code)) return true;
    // mysql2 marks errors after which the connection is unusable as fatal.
    if (e.fatal === true) return true;
    if (typeof e.message === 'string' && CONNECTION_ERROR_MESSAGES.test(e.message)) return true;
    current = e.driverError ?? e.originalError ?? e.cause;
  }
  return false;
}

function isSqliteUniqueViolation(error: unknown): boolean {
  const message = String((error as { message?: unknown })?.message ?? '');
  return message.includes('UNIQUE constraint failed');
}

/** The first registered code found down an error's chain of causes. */
function causeCode(error: unknown): string | undefined {
  let current = (error as { originalError?: unknown })?.originalError;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as GraphQLError).extensions?.code;
    if (isErrorCode(code)) return code;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/**
 * Turns any error into a safe response. Never throws. Known codes pass through; a duplicate key becomes CONFLICT;
 * everything else becomes INTERNAL_SERVER_ERROR with no SQL, stack or upstream body outside development.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, options: FormatOptions): GraphQLFormattedError {
  try {
    const original = (error instanceof GraphQLError ? error.originalError : error) ?? error;
    const code = formatted.extensions?.code;
    const extensions: Record<string, unknown> = { ...(formatted.extensions ?? {}) };
    if (options.service && extensions.service === undefined) extensions.service = options.service;

    // Validation failures raised by our own rules (query limits) or scalars (a malformed literal) keep their code.
    if (code === 'GRAPHQL_VALIDATION_FAILED') {
      const cause = causeCode(error);
      if (cause && cause !== 'INTERNAL_SERVER_ERROR') extensions.code = cause;
    }
    if (isErrorCode(extensions.code) && extensions.code !== 'INTERNAL_SERVER_ERROR') {
      if (!options.development) delete extensions.stacktrace;
      return { ...formatted, extensions };
    }
    // A request Apollo Server could not read (wrong content type, no query, a batch when batching is off) is the
    // caller's mistake: BAD_USER_INPUT with Apollo's own message, which says what was wrong.
    if (code === 'BAD_REQUEST') {
      if (!options.development) delete extensions.stacktrace;
      return { ...formatted, extensions: { ...extensions, code: 'BAD_USER_INPUT' } };
    }
    // Apollo Server's own codes for malformed requests are user errors too.
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && code.startsWith('GRAPHQL_')) {
      if (!options.development) delete extensions.stacktrace;
      return { ...formatted, extensions };
    }
    const errno = driverErrno(original);
    if ((errno !== undefined && DUPLICATE_KEY_ERRNOS.has(errno)) || isSqliteUniqueViolation(original)) {
      return {
        message: 'A record with the same unique key already exists; choose another code or update the existing record.',
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: 'CONFLICT', service: extensions.service },
      };
    }
    if (errno === 1213 || errno === 1205) {
      // A deadlock or lock wait that outlasted the transaction's retries: the database was busy, nothing was saved.
      return {
        message: 'The database was too busy with concurrent changes to the same records; nothing was changed. Retry in a moment.',
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: 'SERVICE_UNAVAILABLE', service: extensions.service, requestId: extensions.requestId },
      };
    }
    if (isDatabaseUnavailable(original)) {
      return {
        message: `The ${extensions.service ?? 'service'} service's database is unavailable right now; nothing was changed. Retry in a moment.`,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: 'SERVICE_UNAVAILABLE', service: extensions.service, requestId: extensions.requestId },
      };
    }
    if (options.development) return { ...formatted, extensions: { ...extensions, code: 'INTERNAL_SERVER_ERROR' } };
    return {
      message: 'Internal server error. The fault was logged; quote the request id when reporting it.',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR', service: extensions.service, requestId: extensions.requestId },
    };
  } catch {
    return { message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
}

/**
 * Whether an error is an unexpected fault (what `formatError` masks as INTERNAL_SERVER_ERROR) raised by this
 * service. A fault another service already reported (a subgraph's error passing through the gateway names that
 * service) is not this service's to log again: every fault is logged once, where it happened.
 */
export function isUnexpectedError(error: GraphQLError, service: string): boolean {
  const origin = error.extensions?.service;
  if (typeof origin === 'string' && origin !== service) return false;
  const formatted = formatError(error.toJSON(), error, { development: false });
  return formatted.extensions?.code === 'INTERNAL_SERVER_ERROR';
}
