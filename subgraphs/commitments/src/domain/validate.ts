import { badInput } from '@accords/errors';

/** Input checks shared by the mutations: each failure names the field and what is allowed. */
export function text(value: string | null | undefined, field: string, max: number, required = false): string | null {
  if (value === undefined || value === null) {
    if (required) throw badInput(`${field} is required`, field);
    return null;
  }
  const trimmed = value.trim();
  if (required && !trimmed) throw badInput(`${field} must not be empty`, field);
  if (trimmed.length > max) throw badInput(`${field} is ${trimmed.length} characters long; at most ${max} are allowed`, field);
  return trimmed || null;
}

export function list<T>(values: readonly T[], field: string, { min = 0, max = 50 } = {}): T[] {
  if (values.length < min) throw badInput(`${field} needs at least ${min} item${min === 1 ? '' : 's'}`, field);
  if (values.length > max) throw badInput(`${field} has ${values.length} items; at most ${max} are allowed`, field);
  const unique = [...new Set(values.map((v) => JSON.stringify(v)))];
  if (unique.length !== values.length) throw badInput(`${field} lists the same item twice`, field);
  return [...values];
}

export function dateRange(from: string | null | undefined, to: string | null | undefined, fromField: string, toField: string): void {
  if (from && to && from > to) throw badInput(`${fromField} (${from}) is after ${toField} (${to})`, fromField);
}

const URL_RE = /^https?:\/\/[^\s]{1,990}$/;
export function url(value: string, field: string): string {
  if (!URL_RE.test(value)) throw badInput(`${field} must be an http(s) link to the stored document, not "${value.slice(0, 80)}"`, field);
  return value;
}

const LANGUAGE = /^[a-z]{2}$/;
export function languages(values: readonly string[]): string {
  for (const l of values) if (!LANGUAGE.test(l)) throw badInput(`languages: "${l}" is not an ISO 639-1 code such as vi or en`, 'languages');
  return list(values, 'languages', { min: 1, max: 10 }).join(',');
}

const CODE = /^[A-Z0-9][A-Z0-9-]{2,39}$/;
/** A commitment code is unique and starts with the owning agency's id: MOIT-2026-001, 20-2026-003. */
export function commitmentCode(code: string, ownerId: string): string {
  if (!CODE.test(code)) throw badInput(`code "${code}" must be 3-40 capital letters, digits and hyphens`, 'code');
  if (!code.startsWith(`${ownerId}-`)) throw badInput(`code "${code}" must start with the owning agency's id: ${ownerId}-`, 'code');
  return code;
}

/** An event recorded as happened must not lie in the future: `now` is the request clock's (ctx.clock), never the machine's. */
export function notInFuture(at: Date | null | undefined, field: string, now: Date): void {
  if (at && at > now) throw badInput(`${field} is in the future; record it once it has happened`, field);
}
