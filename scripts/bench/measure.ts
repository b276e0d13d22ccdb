/**
 * The pieces of `npm run bench:gateways` that can be tested without a running stack: comparing two GraphQL answers,
 * reading wrk's output, the wrk script for a POST body, and per-process CPU and memory from /proc.
 */
import fs from 'node:fs';

// ------------------------------------------------------------------------------------------------ answers

/** The same value with object keys sorted at every level (array order kept: it is part of the answer). */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value as Record<string, unknown>).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/**
 * Whether two GraphQL responses give the same answer: equal `data` modulo key order, and both without errors (an
 * error on either side is never "equal": a benchmark of failing requests measures nothing). Returns the first
 * difference as a path, or null when equal.
 */
export function answerDifference(a: { data?: unknown; errors?: unknown[] }, b: { data?: unknown; errors?: unknown[] }): string | null {
  if (a.errors?.length) return `first answer has errors: ${JSON.stringify(a.errors).slice(0, 300)}`;
  if (b.errors?.length) return `second answer has errors: ${JSON.stringify(b.errors).slice(0, 300)}`;
  if (a.data === undefined || a.data === null) return 'first answer has no data';
  return firstDifference(canonical(a.data), canonical(b.data), 'data');
}

function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${path}: ${kind(a)} vs ${kind(b)}`;
    if (a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    const missing = ka.filter((k) => !kb.includes(k)).concat(kb.filter((k) => !ka.includes(k)));
    if (missing.length) return `${path}: keys differ (${missing.join(', ')})`;
    for (const k of ka) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
}
const kind = (v: unknown) => (Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v);

// ------------------------------------------------------------------------------------------------ wrk

export interface WrkResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Latency percentiles in milliseconds (wrk --latency). */
  p50: number;
  p75: number;
  p90: number;
  p99: number;
  non2xx: number;
  socketErrors: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function duration(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  if (!m) throw new Error(`wrk: unreadable duration "${text}"`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

/** Reads the output of `wrk --latency`; throws when a figure is missing (an empty or failed run). */
export function parseWrk(output: string): WrkResult {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m|h),/.exec(output);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  if (!total || !rps) throw new Error(`wrk: no request count in its output:\n${output.slice(0, 500)}`);
  const pct = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+(\\S+)\\s*$`, 'm').exec(output);
    if (!m) throw new Error(`wrk: no ${p}th percentile in its output (run with --latency)`);
    return duration(m[1]);
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  const requests = Number(total[1]);
  // No request completed in the run (each took longer than it): no latency to report.
  const latency = (p: string) => (requests === 0 ? NaN : pct(p));
  return {
    requests,
    seconds: duration(`${total[2]}${total[3]}`) / 1000,
    requestsPerSecond: Number(rps[1]),
    p50: latency('50'),
    p75: latency('75'),
    p90: latency('90'),
    p99: latency('99'),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: socket ? socket.slice(1).reduce((a, n) => a + Number(n), 0) : 0,
  };
}

const lua = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/**
 * A wrk script that POSTs the given JSON bodies in turn, with `headers`; `__SERIAL__` in a body becomes a serial
 * unique to this run and thread (for writes that need a new code each time).
 */
export function wrkScript(bodies: string[], headers: Record<string, string>, nonce: string): string {
  return [
    'wrk.method = "POST"',
    'wrk.headers["content-type"] = "application/json"',
    ...Object.entries(headers).map(([k, v]) => `wrk.headers[${lua(k)}] = ${lua(v)}`),
    `local bodies = { ${bodies.map(lua).join(', ')} }`,
    'local n = 0',
    'local threads = 0',
    'function setup(thread) threads = threads + 1; thread:set("tid", threads) end',
    'function request()',
    '  n = n + 1',
    '  local body = bodies[(n % #bodies) + 1]',
    `  body = string.gsub(body, "__SERIAL__", ${lua(nonce)} .. "T" .. tostring(tid or 0) .. "N" .. tostring(n))`,
    '  return wrk.format(nil, nil, nil, body)',
    'end',
    '',
  ].join('\n');
}

// ------------------------------------------------------------------------------------------------ /proc

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** A process and its descendants (a gateway that forks workers is measured as a whole). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** CPU seconds (user + system) a process has used so far, from the `stat` text of /proc/<pid>/stat. */
export function cpuSecondsOf(statText: string): number {
  const fields = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ", field 3 (state) is index 0: utime is field 14 (index 11), stime field 15 (index 12).
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds of a process tree (processes that exited in between are not counted). */
export function treeCpuSeconds(root: number): number {
  let total = 0;
  for (const pid of processTree(root)) {
    try {
      total += cpuSecondsOf(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      /* gone */
    }
  }
  return total;
}

/** Resident memory of a process tree in MB, now (VmRSS) and the peak each process reached (VmHWM, summed). */
export function treeMemory(root: number): { rssMb: number; hwmMb: number; processes: number } {
  let rss = 0;
  let hwm = 0;
  const pids = processTree(root);
  for (const pid of pids) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      rss += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
      hwm += Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    } catch {
      /* gone */
    }
  }
  return { rssMb: rss / 1024, hwmMb: hwm / 1024, processes: pids.length };
}

// ------------------------------------------------------------------------------------------------ paired cycles

/** One cycle of the paired measurement: each target's p50 (ms), measured back to back (absent when none completed). */
export type PairedCycle = Record<string, number | undefined>;

export interface PairedRatio {
  /** Cycles in which both targets completed requests. */
  cycles: number;
  median: number;
  /** The middle half of the cycles' ratios (first and third quartile, linear interpolation). */
  q1: number;
  q3: number;
}

/** The `q` quantile (0–1) of sorted numbers, interpolated linearly between the two nearest. */
function quantile(sorted: number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/**
 * `target`'s p50 over `reference`'s, cycle by cycle, and the median and quartiles of those ratios. Each cycle measures
 * the targets within seconds of each other, so a machine that is slower for a while (another process, the host) slows
 * both sides of a ratio; the ratio of two medians taken minutes apart does not cancel that. NaN when no cycle has both.
 */
export function pairedRatio(cycles: PairedCycle[], target: string, reference: string): PairedRatio {
  const ratios = cycles
    .map((c) => (c[target] !== undefined && c[reference] !== undefined && c[reference]! > 0 ? c[target]! / c[reference]! : NaN))
    .filter((r) => Number.isFinite(r))
    .sort((a, b) => a - b);
  if (!ratios.length) return { cycles: 0, median: NaN, q1: NaN, q3: NaN };
  return { cycles: ratios.length, median: quantile(ratios, 0.5), q1: quantile(ratios, 0.25), q3: quantile(ratios, 0.75) };
}
