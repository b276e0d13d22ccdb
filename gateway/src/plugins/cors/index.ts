import type { RequestHandler } from 'express';

/**
 * CORS for browser frontends: only origins on the allow-list get CORS headers (others are refused by the browser).
 * `*` allows any origin but never with credentials. Preflight requests are answered here.
 */
export function corsAllowList(origins: string[]): RequestHandler {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && (any || allowed.has(origin))) {
      res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Headers', 'content-type, authorization, x-request-id, apollo-require-preflight');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.status(origin && (any || allowed.has(origin)) ? 204 : 403).end();
      return;
    }
    next();
  };
}
