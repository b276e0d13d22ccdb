import path from 'node:path';

/**
 * How every service process is started (by `npm start`, the shutdown tests and the container image): Node itself with
 * tsx as a loader, under the base tsconfig (legacy decorators for TypeORM, covering the shared packages too). Not the
 * `tsx` CLI: it runs the service in a grandchild and SIGKILLs it 30 ms after SIGTERM if the child is busy, which
 * would cut in-flight requests instead of draining them.
 */
export function serviceCommand(root: string): { command: string; args: string[]; env: Record<string, string> } {
  return { command: process.execPath, args: ['--import', 'tsx', 'src/main.ts'], env: { TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.base.json') } };
}
