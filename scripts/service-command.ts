import path from 'node:path';

/**
 * How every service process is started (by `npm start`, the shutdown tests and the container image): Node itself with
 * tsx as a loader, under the base tsconfig (legacy decorators for TypeORM, covering the shared packages too). Not the
 * `tsx` CLI: it runs the service in a grandchild and SIGKILLs it 30 ms after SIGTERM if the child is busy, which
 * would cut in-flight requests instead of draining them.
 */
export function serviceCommand(root: string, service?: string): { command: string; args: string[]; env: Record<string, string> } {
  return { command: process.execPath, args: [...heapArgs(service), '--import', 'tsx', 'src/main.ts'], env: { TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.base.json') } };
}

/**
 * The gateway's live heap stays near 80 MB under load, but with V8's default limit (about 4 GB here) it lets garbage
 * pile up to several hundred MB before a full collection: its old space is capped at GATEWAY_HEAP_MB (default 256),
 * which keeps its resident memory under the 400 MB of issue #16. Cluster workers inherit the flag. The subgraphs get
 * the same treatment (SUBGRAPH_HEAP_MB, default 256): the commitments subgraph reached 438 MB resident in the
 * side-by-side benchmark at 100,000 commitments without a cap.
 */
export function heapArgs(service?: string): string[] {
  return [`--max-old-space-size=${Number(service === 'gateway' ? process.env.GATEWAY_HEAP_MB : process.env.SUBGRAPH_HEAP_MB) || 256}`];
}
