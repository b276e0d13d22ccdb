/**
 * Download URLs next to `/graphql` (issue #13): exports (CSV, XLSX) and Word reports (DOCX) built from GraphQL
 * operations that this gateway runs as the caller — the same token check, identity, rate budget, query plan and
 * subgraph authorisation as a POST to /graphql — so a file holds exactly what that user may see.
 *
 *   GET  /exports/commitments.csv|xlsx[?leadAgency=ID]           the register, in the import's column set
 *   GET  /exports/league-table.csv|xlsx?kind=MINISTRY|PROVINCE&year=2025 (or quarter=2025-Q3, term=2021-2025)[&asOf=]
 *   GET  /exports/needs-attention.csv|xlsx[?asOf=&first=]
 *   POST /exports/table.csv|xlsx   {"query", "variables", "path"}  any list an operation returns
 *   GET  /reports/commitment/<code>.docx[?asOf=]
 *   GET  /reports/term.docx?term=2021-2025 | year=2025 | quarter=2025-Q3 [&asOf=&attention=100]
 *
 * Errors are JSON, `{ errors: [{ message, extensions: { code, field? } }] }`, with the status /graphql would give
 * (401 for a missing-where-needed or bad token, 403, 404, 400, 429 with Retry-After). The renderers come from
 * `@accords/commitments/render`, loaded on the first download: it pulls in exceljs, docx, echarts and resvg, never
 * TypeORM or a database driver (tests/layering.test.ts).
 */
import express, { type Request, type Response, type Router } from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ApolloServer } from '@apollo/server';
import type { GatewayContext } from './context';

type Render = typeof import('@accords/commitments/render');
type RunOperation = import('@accords/commitments/render').RunOperation;

export interface DownloadOptions {
  apollo: ApolloServer<GatewayContext>;
  /** The request's context exactly as /graphql builds it (verifies the token, charges the rate budget once). */
  contextOf(req: Request): Promise<GatewayContext>;
  /** Body limit for POST /exports/table (the operation text). */
  bodyLimit?: string;
  /** Operations of a term report run side by side (REPORT_CONCURRENCY; default 1). */
  reportConcurrency?: number;
}

/** A GraphQL error the download answers with, keeping its code and extensions. */
class DownloadError extends Error {
  constructor(
    readonly status: number,
    readonly error: GraphQLFormattedError,
  ) {
    super(error.message);
  }
}

const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  QUERY_TOO_COMPLEX: 400,
  PERSISTED_QUERY_NOT_IN_LIST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FAILED_PRECONDITION: 422,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
};

const bad = (message: string, field: string) => new DownloadError(400, { message, extensions: { code: 'BAD_USER_INPUT', field } });

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

let renderModule: Promise<Render> | undefined;
const render = (): Promise<Render> => (renderModule ??= import('@accords/commitments/render'));

/** Runs operations through this gateway in-process, as the request's caller; the first error becomes the answer. */
function runAs(apollo: ApolloServer<GatewayContext>, context: GatewayContext): RunOperation {
  return async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: context });
    if (response.body.kind !== 'single') throw new Error('Incremental delivery is not expected');
    const { data, errors } = response.body.singleResult;
    if (errors?.length) {
      const code = String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR');
      throw new DownloadError(STATUS[code] ?? (response.http.status && response.http.status >= 400 ? response.http.status : 500), errors[0]);
    }
    return data as T;
  };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** `?term=`, `?year=` or `?quarter=` as the report and league-table downloads take them. */
async function periodOf(req: Request) {
  const { parseReportPeriod, ReportInputError } = await render();
  try {
    return parseReportPeriod({ term: text(req.query.term), year: text(req.query.year), quarter: text(req.query.quarter) });
  } catch (error) {
    if (error instanceof ReportInputError) throw bad(error.message, error.field);
    throw error;
  }
}

function periodInput(p: Awaited<ReturnType<typeof periodOf>>): Record<string, unknown> {
  return p.kind === 'TERM' ? { kind: 'TERM' } : p.kind === 'YEAR' ? { kind: 'YEAR', year: p.year } : { kind: 'QUARTER', year: p.year, index: p.index };
}

function positiveInt(value: unknown, field: string, max: number, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw bad(`${field} must be a whole number from 1 to ${max} (got "${String(value)}").`, field);
  return n;
}

/** The download routes' own operations, exported for the persisted-query manifest (examples/scripts/manifest.ts). */
export const LEAGUE_QUERY = `query LeagueTableExport($kind: LeagueKind!, $period: PeriodInput!, $asOf: Date) {
  leagueTable(kind: $kind, period: $period, asOf: $asOf) {
    agency { __typename ... on Ministry { id name } ... on Locality { id name } }
    signed activeCommitments sixClearRate medianLag onTimeRate stalledRate feedbackSlaRate milestonesDue
  }
}`;

export const ATTENTION_EXPORT_QUERY = `query NeedsAttentionExport($asOf: Date, $first: Int) {
  needsAttention(asOf: $asOf, first: $first) {
    reason detail ageDays since
    commitment { code title }
    agency { __typename ... on Ministry { id name } ... on MinistryUnit { id name } ... on Locality { id name } ... on ProvincialDepartment { id name } }
    responsibleOfficial { __typename ... on Official { fullName } ... on LocalOfficial { fullName } }
  }
}`;

type Table = Awaited<ReturnType<Render['exportList']>>;

async function sendTable(res: Response, table: Table, format: 'csv' | 'xlsx', name: string, sheet: string) {
  const { tableCsv, tableWorkbook } = await render();
  const body = format === 'csv' ? Buffer.from(tableCsv(table), 'utf8') : Buffer.from(await tableWorkbook(table, sheet).xlsx.writeBuffer());
  send(res, body, format, name);
}

function send(res: Response, body: Buffer, format: keyof typeof TYPES, name: string) {
  res
    .status(200)
    .setHeader('Content-Type', TYPES[format])
    // Per-user content: never cached by a shared cache.
    .setHeader('Cache-Control', 'private, no-store')
    .setHeader('Content-Disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_')}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}.${format}`)
    .send(body);
}

/** The routes; mount with `app.use(downloadRoutes(...))` before the JSON 404. */
export function downloadRoutes(options: DownloadOptions): Router {
  const router = express.Router();
  const { apollo } = options;

  /** One download: the caller's context (401/429 before anything runs), then the handler; errors as JSON. */
  const download =
    (handler: (req: Request, res: Response, run: RunOperation, context: GatewayContext) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      let context: GatewayContext | undefined;
      try {
        context = await options.contextOf(req);
        await handler(req, res, runAs(apollo, context), context);
      } catch (error) {
        if (res.headersSent) return;
        if (error instanceof DownloadError) {
          const retryAfter = error.error.extensions?.retryAfterSeconds;
          if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
          res.status(error.status).json({ errors: [error.error] });
          return;
        }
        if (error instanceof GraphQLError) {
          // Refused while building the context: a bad token (401), an identity provider down (503), over budget (429).
          const http = error.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
          for (const [name, value] of http?.headers ?? []) res.setHeader(name, value);
          const { http: _omit, ...extensions } = error.extensions;
          res.status(http?.status ?? STATUS[String(extensions.code)] ?? 500).json({ errors: [{ message: error.message, extensions }] });
          return;
        }
        const requestId = context?.requestId;
        if (context) context.logger.error({ err: error, path: req.path }, 'Download failed');
        else console.error('Download failed before the request context was built', error);
        res.status(500).json({ errors: [{ message: 'The file could not be produced; the fault was logged.', extensions: { code: 'INTERNAL_SERVER_ERROR', ...(requestId ? { requestId } : {}) } }] });
      }
    };

  /** The named exports, each one operation (or a paged series of them) run as the caller. */
  const EXPORTS: Record<string, (req: Request, run: RunOperation) => Promise<{ table: Table; name: string; sheet: string } | { register: Record<string, string>[] }>> = {
    async commitments(req, run) {
      const { exportCommitments } = await render();
      return { register: await exportCommitments(run, { leadAgencyId: text(req.query.leadAgency) }) };
    },
    async 'league-table'(req, run) {
      const kind = text(req.query.kind);
      if (kind !== 'MINISTRY' && kind !== 'PROVINCE') throw bad(`kind must be MINISTRY or PROVINCE (got "${kind ?? ''}").`, 'kind');
      const { exportList } = await render();
      const table = await exportList(run, LEAGUE_QUERY, { kind, period: periodInput(await periodOf(req)), asOf: text(req.query.asOf) ?? null }, 'leagueTable');
      return { table, name: `league-table-${kind.toLowerCase()}`, sheet: 'League table' };
    },
    async 'needs-attention'(req, run) {
      const { exportList } = await render();
      const table = await exportList(run, ATTENTION_EXPORT_QUERY, { asOf: text(req.query.asOf) ?? null, first: positiveInt(req.query.first, 'first', 500, 100) }, 'needsAttention');
      return { table, name: 'needs-attention', sheet: 'Needs attention' };
    },
  };

  router.get(
    '/exports/:name.:format',
    download(async (req, res, run) => {
      const { name, format } = req.params as { name: string; format: string };
      const produce = Object.prototype.hasOwnProperty.call(EXPORTS, name) ? EXPORTS[name] : undefined;
      if (!produce || (format !== 'csv' && format !== 'xlsx')) {
        throw new DownloadError(404, { message: `No such export: ${name}.${format}. Exports: ${Object.keys(EXPORTS).map((n) => `${n}.csv|xlsx`).join(', ')}; POST /exports/table.csv|xlsx for any list.`, extensions: { code: 'NOT_FOUND' } });
      }
      const result = await produce(req, run);
      if ('register' in result) {
        const { registerCsv, registerWorkbook } = await render();
        send(res, format === 'csv' ? Buffer.from(registerCsv(result.register), 'utf8') : Buffer.from(await registerWorkbook(result.register).xlsx.writeBuffer()), format, 'commitments');
      } else {
        await sendTable(res, result.table, format, result.name, result.sheet);
      }
    }),
  );

  router.post(
    '/exports/table.:format',
    express.json({ limit: options.bodyLimit ?? '256kb' }),
    download(async (req, res, run) => {
      const format = req.params.format;
      if (format !== 'csv' && format !== 'xlsx') throw new DownloadError(404, { message: `No such export format: ${format}; use table.csv or table.xlsx.`, extensions: { code: 'NOT_FOUND' } });
      const body = (req.body ?? {}) as { query?: unknown; variables?: unknown; path?: unknown };
      if (typeof body.query !== 'string' || !body.query.trim()) throw bad('Send {"query": "...", "variables": {...}, "path": "list.path"} as JSON; query is missing.', 'query');
      if (typeof body.path !== 'string' || !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(body.path)) throw bad('path: the dot-separated path of the list to export in the result, e.g. "leagueTable" or "feedback.edges".', 'path');
      if (body.variables !== undefined && body.variables !== null && (typeof body.variables !== 'object' || Array.isArray(body.variables))) throw bad('variables must be a JSON object.', 'variables');
      const { exportList } = await render();
      const table = await exportList(run, body.query, (body.variables as Record<string, unknown> | null) ?? {}, body.path).catch((error: unknown) => {
        // The operation ran, but the path names no list in its result: the caller's mistake.
        if (error instanceof Error && !(error instanceof DownloadError) && /has no list at/.test(error.message)) throw bad(error.message, 'path');
        throw error;
      });
      await sendTable(res, table, format, body.path.split('.')[0], 'Export');
    }),
  );

  router.get(
    '/reports/commitment/:code.docx',
    download(async (req, res, run, context) => {
      const { commitmentReport, legalDate } = await render();
      const code = String(req.params.code);
      const asOf = text(req.query.asOf) ?? null;
      if (asOf !== null && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw bad(`asOf: a date as YYYY-MM-DD (got "${asOf}").`, 'asOf');
      // Without asOf the report is judged on the gateway's today in the legal time zone (+07:00).
      send(res, await commitmentReport(run, code, asOf ?? legalDate(context.clock?.now() ?? new Date())), 'docx', `report-${code}`);
    }),
  );

  router.get(
    '/reports/term.docx',
    download(async (req, res, run) => {
      const { termReport } = await render();
      const period = await periodOf(req);
      const docx = await termReport(run, period, { asOf: text(req.query.asOf) ?? null, attentionLimit: positiveInt(req.query.attention, 'attention', 500, 100), concurrency: options.reportConcurrency });
      send(res, docx, 'docx', `report-${period.kind === 'TERM' ? 'term-2021-2025' : period.kind === 'YEAR' ? period.year : `${period.year}-Q${period.index}`}`);
    }),
  );

  return router;
}
