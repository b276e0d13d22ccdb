/**
 * The child processes of a benchmark run (`bench:gateways`, `bench:kpis`): started with their output in a log file,
 * and all stopped (SIGTERM) when the run exits, however it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const children: ChildProcess[] = [];

/** Stops every child still running (on exit, and when a run ends early). */
export function stopAll() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

/** Whether nothing listens on 127.0.0.1:`port`. */
export async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/**
 * Starts a service with its output appended to `<logDir>/<name>.log`, in this process's environment without the
 * variables that would change how the service runs (its tsconfig, log level, Node options) plus `env`.
 */
export function launch(name: string, command: string, args: string[], cwd: string, env: Record<string, string>, logDir: string): ChildProcess {
  const log = fs.openSync(path.join(logDir, `${name}.log`), 'a');
  const { TSX_TSCONFIG_PATH: _t, LOG_LEVEL: _l, NODE_OPTIONS: _n, ...inherited } = process.env;
  const child = spawn(command, args, { cwd, env: { ...inherited, ...env }, stdio: ['ignore', log, log] });
  children.push(child);
  return child;
}

/**
 * Writes `<workDir>/supergraph.graphql`: gateway/supergraph.graphql with each subgraph's routing URL pointed at
 * `urlOf(subgraph index)`. Returns its path and the URL per subgraph name.
 */
export function routedSupergraph(root: string, workDir: string, subgraphs: readonly { name: string; routingUrl: string }[], urlOf: (i: number) => string): { path: string; urls: Record<string, string> } {
  let supergraph = fs.readFileSync(path.join(root, 'gateway', 'supergraph.graphql'), 'utf8');
  const urls: Record<string, string> = {};
  subgraphs.forEach((s, i) => {
    urls[s.name] = urlOf(i);
    if (!supergraph.includes(s.routingUrl)) throw new Error(`gateway/supergraph.graphql has no routing URL ${s.routingUrl} for ${s.name}`);
    supergraph = supergraph.split(`"${s.routingUrl}"`).join(`"${urls[s.name]}"`);
  });
  const file = path.join(workDir, 'supergraph.graphql');
  fs.writeFileSync(file, supergraph);
  return { path: file, urls };
}
