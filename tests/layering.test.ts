import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.join(__dirname, '..');

/** What a package's module graph pulls in when a process loads it (a fresh process: Jest's registry is not Node's). */
function moduleGraphOf(pkg: string): { typeorm: number; db: number; modules: number } {
  const run = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['--tsconfig', 'tsconfig.base.json', 'tests/module-graph.ts', pkg], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`loading ${pkg} failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

describe('layering (issue #11): shared packages below the services, no database in the gateway', () => {
  it('loads no TypeORM and no @accords/db in the gateway, which takes the kit through its database-free entry', () => {
    expect(moduleGraphOf('@accords/gateway')).toMatchObject({ typeorm: 0, db: 0 });
    expect(moduleGraphOf('@accords/subgraph-kit/service')).toMatchObject({ typeorm: 0, db: 0 });
    // The check can fail: the kit's main entry (the subgraph runtime) does load both.
    const kit = moduleGraphOf('@accords/subgraph-kit');
    expect(kit.typeorm).toBeGreaterThan(0);
    expect(kit.db).toBeGreaterThan(0);
    const gatewaySources = fs.readdirSync(path.join(root, 'gateway', 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const offending = gatewaySources.filter((f) => /from '(@accords\/subgraph-kit|@accords\/db|typeorm)'/.test(fs.readFileSync(path.join(root, 'gateway', 'src', f), 'utf8')));
    expect(offending).toEqual([]);
  }, 120_000);
});
