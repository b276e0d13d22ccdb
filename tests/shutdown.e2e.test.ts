/**
 * SIGTERM under load: real processes (a subgraph and the gateway, launched from their package folders as
 * `npm start` does), each with requests in flight when the signal arrives. Nothing here waits for a guessed duration:
 * each step waits for a fact (the server answered "100 Continue" to every request, logged that it is draining, no
 * longer accepts connections, exited).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { dropDatabase } from '@accords/db';
import { freshDatabaseUrl } from '@accords/testkit';
import { serviceCommand } from '../scripts/service-command';

const root = path.join(__dirname, '..');
const IN_FLIGHT = 20;
const QUERY = JSON.stringify({ query: '{ partners(first: 3) { totalCount edges { node { id name } } } }' });

type LogEntry = { msg?: string; url?: string; [key: string]: unknown };

/** A service process: its JSON log lines, a way to wait for one, and its exit. */
class ServiceProcess {
  readonly child: ChildProcess;

  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private readonly entries: LogEntry[] = [];

  private readonly waiters: { match: (e: LogEntry) => boolean; resolve: (e: LogEntry) => void }[] = [];

  private stderr = '';

  constructor(
    readonly name: string,
    directory: string,
    env: Record<string, string>,
  ) {
    // Launched as `npm start` (scripts/start.ts) launches it; the test runner's variables stay behind.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(TSX_|JEST_)/.test(key)));
    const service = serviceCommand(root);
    this.child = spawn(service.command, service.args, {
      cwd: directory,
      env: { ...inherited, ...service.env, NODE_ENV: 'production', LOG_LEVEL: 'info', INTERNAL_IDENTITY_SECRET: 'shutdown-test-shared-secret-32-chars-at-least', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own, so that clean-up reaches whatever the service started.
      detached: true,
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.child.stderr!.on('data', (chunk) => (this.stderr += chunk));
    readline.createInterface({ input: this.child.stdout! }).on('line', (line) => {
      let entry: LogEntry;
      try {
        entry = JSON.parse(line) as LogEntry;
      } catch {
        return; // not a log line
      }
      this.entries.push(entry);
      for (const waiter of this.waiters.filter((w) => w.match(entry))) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(entry);
      }
    });
  }

  /** The first log line matching, past or future; fails if the process exits first. */
  logged(msg: string): Promise<LogEntry> {
    const match = (e: LogEntry) => e.msg === msg;
    const seen = this.entries.find(match);
    if (seen) return Promise.resolve(seen);
    return Promise.race([
      new Promise<LogEntry>((resolve) => this.waiters.push({ match, resolve })),
      this.exited.then(({ code, signal }) => {
        throw new Error(`${this.name} exited (${signal ?? code}) before logging "${msg}":\n${this.stderr}`);
      }),
    ]);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Clean-up: the whole process group (tsx and the service it runs), whatever is left of it. */
  async kill(): Promise<void> {
    try {
      if (this.child.pid) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      /* the group has already gone */
    }
    await this.exited;
  }
}

interface Response {
  status: number;
  body: { data?: unknown; errors?: unknown[] };
}

/** An HTTP request written by hand so that it can be held open: headers now, half of the body, the rest later. */
class HeldRequest {
  private readonly socket: net.Socket;

  private received = Buffer.alloc(0);

  private readonly arrived: { resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(port: number, urlPath: string) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.arrived.splice(0).forEach((waiter) => waiter.resolve());
    });
    this.socket.on('close', () => this.arrived.splice(0).forEach((waiter) => waiter.reject(new Error(`connection closed after ${JSON.stringify(this.received.toString())}`))));
    this.socket.on('error', () => undefined); // reported through 'close'
    // "Expect: 100-continue": the server answers once it has accepted the connection and read the headers.
    this.socket.write(
      `POST ${urlPath} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(QUERY)}\r\nExpect: 100-continue\r\n\r\n`,
    );
  }

  /** Waits until what was received so far satisfies `done`. */
  private async until<T>(done: (received: string) => T | undefined): Promise<T> {
    for (;;) {
      const result = done(this.received.toString('utf8'));
      if (result !== undefined) return result;
      await new Promise<void>((resolve, reject) => this.arrived.push({ resolve, reject }));
    }
  }

  /** Resolves when the server has taken the request (its handler runs), then sends the first half of the body. */
  async accepted(): Promise<void> {
    await this.until((text) => (text.startsWith('HTTP/1.1 100 Continue\r\n\r\n') ? true : undefined));
    await new Promise<void>((resolve) => this.socket.write(QUERY.slice(0, QUERY.length / 2), () => resolve()));
  }

  /**
   * Sends the rest of the body (without half-closing the connection, as real clients do) and reads the response up
   * to its Content-Length.
   */
  async finish(): Promise<Response> {
    this.socket.write(QUERY.slice(QUERY.length / 2));
    return this.until((received) => {
      const text = received.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '');
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) return undefined;
      const head = text.slice(0, split);
      const body = Buffer.from(text.slice(split + 4));
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1]);
      if (!(body.length >= length)) return undefined;
      return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), body: JSON.parse(body.toString('utf8')) as Response['body'] };
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Whether a new TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** Waits until the server no longer accepts connections (it has closed its listening socket): a fact, not a delay. */
async function untilRefused(port: number): Promise<void> {
  for (let attempt = 0; attempt < 2_000; attempt++) {
    if (await refused(port)) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`port ${port} still accepts connections`);
}

const portOf = (entry: LogEntry) => Number(new URL(String(entry.url)).port);

/**
 * Holds IN_FLIGHT requests open in the server, sends SIGTERM, waits until the server logs that it drains and stops
 * accepting connections, then lets the requests finish: every one must succeed, and the process must exit with 0.
 */
async function sigtermUnderLoad(service: ServiceProcess, port: number) {
  const requests = Array.from({ length: IN_FLIGHT }, () => new HeldRequest(port, '/graphql'));
  await Promise.all(requests.map((r) => r.accepted()));
  service.child.kill('SIGTERM');
  await service.logged('Shutting down: draining in-flight requests');
  await untilRefused(port);
  expect(service.running).toBe(true); // still draining: it waits for the requests it holds
  const responses = await Promise.all(requests.map((r) => r.finish()));
  requests.forEach((r) => r.close());
  return { responses, exit: await service.exited };
}

let databaseUrl: string;
let partners: ServiceProcess;
let gateway: ServiceProcess;
let partnersPort: number;
let gatewayPort: number;

beforeAll(async () => {
  databaseUrl = await freshDatabaseUrl('shutdown');
  partners = new ServiceProcess('partners', path.join(root, 'subgraphs', 'partners'), { PORT: '0', DATABASE_URL: databaseUrl, SEED: 'reference' });
  partnersPort = portOf(await partners.logged('Subgraph listening'));
  gateway = new ServiceProcess('gateway', path.join(root, 'gateway'), {
    PORT: '0',
    SUBGRAPH_PARTNERS_URL: `http://127.0.0.1:${partnersPort}/graphql`,
  });
  gatewayPort = portOf(await gateway.logged('Gateway listening'));
}, 180_000);

afterAll(async () => {
  await Promise.all([gateway, partners].map((service) => service?.kill()));
  if (databaseUrl) await dropDatabase(databaseUrl);
});

describe('SIGTERM under load', () => {
  it(`the gateway completes ${IN_FLIGHT} in-flight requests (none fails), exits 0, then refuses connections`, async () => {
    const { responses, exit } = await sigtermUnderLoad(gateway, gatewayPort);
    expect(responses.map((r) => r.status)).toEqual(Array(IN_FLIGHT).fill(200));
    for (const { body } of responses) {
      expect(body.errors).toBeUndefined();
      expect(body.data).toMatchObject({ partners: { totalCount: expect.any(Number), edges: expect.arrayContaining([expect.anything()]) } });
    }
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await refused(gatewayPort)).toBe(true);
  }, 60_000);

  it(`a subgraph completes ${IN_FLIGHT} in-flight requests (none fails), exits 0, then refuses connections`, async () => {
    const { responses, exit } = await sigtermUnderLoad(partners, partnersPort);
    expect(responses.map((r) => r.status)).toEqual(Array(IN_FLIGHT).fill(200));
    for (const { body } of responses) {
      expect(body.errors).toBeUndefined();
      expect((body.data as { partners: { totalCount: number } }).partners.totalCount).toBeGreaterThan(100);
    }
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await refused(partnersPort)).toBe(true);
  }, 60_000);
});
