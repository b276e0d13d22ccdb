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

/**
 * Shared packages that still depend on a service package, each with what it takes from it. The test fails when one
 * stops (remove it here) or another starts, so the list only shrinks. (The in-process supergraph, which runs the real
 * gateway, is `@accords/gateway/testing`, above the gateway; composition and the API schema are in
 * `@accords/schema-check/compose`, below it, for both the gateway and the schema check.) Empty now: keep it so.
 */
const KNOWN_UPWARD: Record<string, string[]> = {};

/** Packages that are services, not shared code: the gateway and every subgraph. */
function servicePackages(): Set<string> {
  const names = ['gateway', ...fs.readdirSync(path.join(root, 'subgraphs')).map((s) => path.join('subgraphs', s))]
    .map((dir) => path.join(root, dir, 'package.json'))
    .filter((file) => fs.existsSync(file))
    .map((file) => JSON.parse(fs.readFileSync(file, 'utf8')).name as string);
  return new Set(names);
}

describe('layering (issue #11): shared packages below the services, no database in the gateway', () => {
  it('has no shared package depending on a service package, beyond the known ones listed above', () => {
    const services = servicePackages();
    const upward: Record<string, string[]> = {};
    for (const dir of fs.readdirSync(path.join(root, 'shared'))) {
      const file = path.join(root, 'shared', dir, 'package.json');
      if (!fs.existsSync(file)) continue;
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) => services.has(d)).sort();
      if (deps.length) upward[pkg.name] = deps;
    }
    expect(services.has('@accords/gateway')).toBe(true);
    expect(upward).toEqual(KNOWN_UPWARD);
  });

  it('has no shared package importing a service package in its sources without declaring it (e.g. a deep import)', () => {
    const services = servicePackages();
    const imported: Record<string, string[]> = {};
    for (const dir of fs.readdirSync(path.join(root, 'shared'))) {
      const file = path.join(root, 'shared', dir, 'package.json');
      if (!fs.existsSync(file)) continue;
      const name = JSON.parse(fs.readFileSync(file, 'utf8')).name as string;
      const sources = fs.readdirSync(path.join(root, 'shared', dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.includes('node_modules'));
      const found = new Set<string>();
      for (const source of sources) {
        for (const m of fs.readFileSync(path.join(root, 'shared', dir, source), 'utf8').matchAll(/from '(@accords\/[a-z0-9-]+)(?:\/[^']*)?'/g)) if (services.has(m[1])) found.add(m[1]);
      }
      if (found.size) imported[name] = [...found].sort();
    }
    expect(imported).toEqual(KNOWN_UPWARD);
  });

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
