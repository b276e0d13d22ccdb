import type { ErrorRequestHandler, RequestHandler } from 'express';

/**
 * What the HTTP layer says when a request never reaches GraphQL: a body that is not JSON, too large, or in an
 * encoding we do not read. Express would answer with an HTML page and, outside production, a stack trace; every
 * Accords service answers with a GraphQL-shaped JSON error instead, `BAD_USER_INPUT` and the right status, so a
 * client's error handling sees one format whatever went wrong.
 */
export function jsonErrorHandler(service: string): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const e = error as { type?: string; status?: number; statusCode?: number; limit?: number };
    const status = e.status ?? e.statusCode ?? 500;
    let message: string;
    switch (e.type) {
      case 'entity.parse.failed':
        message = 'The request body is not valid JSON: send {"query": "...", "variables": {...}} with content-type application/json.';
        break;
      case 'entity.too.large':
        message = `The request body is larger than this service accepts (${e.limit ?? 'its limit'} bytes); send a smaller query or fewer variables.`;
        break;
      case 'encoding.unsupported':
      case 'charset.unsupported':
        message = 'The request body must be UTF-8 JSON.';
        break;
      default:
        message = status < 500 ? 'The request could not be read.' : 'Internal server error.';
    }
    res
      .status(status < 500 ? status : 500)
      .type('application/json')
      .json({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR', service } }] });
  };
}

/** Any path the service does not serve: JSON 404, not Express's HTML "Cannot GET". */
export function jsonNotFound(service: string): RequestHandler {
  return (req, res) => {
    res.status(404).json({ errors: [{ message: `No such endpoint: ${req.method} ${req.path}. GraphQL is served at /graphql.`, extensions: { code: 'NOT_FOUND', service } }] });
  };
}
