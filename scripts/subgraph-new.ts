/**
 * `npm run subgraph:new -- <name> --owner MINISTRY:MOIT [--port 4005] [--dir <parent folder>] [--config <file>] [--no-register]`
 *
 * Creates an agency subgraph package from scripts/templates/subgraph: the same layout, bootstrap, configuration,
 * logging, error codes, identity check, database and migrations, loaders and test kit as the built-in subgraphs (all
 * from the shared @accords/* packages, nothing copied), a first entity, a field added to the shared `Partner` entity
 * by key, a passing test, and its entry in supergraph.config.json (and tests/modules.ts when created in this
 * repository). Then: `npm install` (links the new workspace), `npm run compose`, `npm run schema:check -- <name>`.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');
const templates = path.join(__dirname, 'templates', 'subgraph');

export interface ScaffoldOptions {
  name: string;
  /** "MINISTRY:<id>" or "LOCALITY:<code>": the agency whose editors may write. */
  owner: string;
  /** Where the package folder is created (default: <repo>/subgraphs). */
  parentDir?: string;
  port?: number;
  /** The supergraph configuration to register in (default: <repo>/supergraph.config.json); null: do not register. */
  configPath?: string | null;
  /** Migration timestamp (default: now). */
  stamp?: number;
}

export interface ScaffoldResult {
  directory: string;
  files: string[];
  port: number;
  routingUrl: string;
  registered: boolean;
}

const NAME = /^[a-z][a-z0-9]{1,23}$/;
const OWNER = /^(MINISTRY|LOCALITY):([A-Za-z0-9-]{1,24})$/;

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

interface SupergraphConfig {
  subgraphs: { name: string; package: string; export: string; routingUrl: string }[];
}

export function scaffoldSubgraph(options: ScaffoldOptions): ScaffoldResult {
  const { name } = options;
  if (!NAME.test(name)) throw new Error(`Name "${name}": 2 to 24 lower-case letters and digits, starting with a letter (it becomes @accords/${name}, its table prefix and field prefix).`);
  const owner = OWNER.exec(options.owner);
  if (!owner) throw new Error(`--owner "${options.owner}": MINISTRY:<id> or LOCALITY:<code>, e.g. MINISTRY:MOIT.`);
  const parentDir = options.parentDir ?? path.join(root, 'subgraphs');
  const directory = path.join(parentDir, name);
  if (fs.existsSync(directory)) throw new Error(`${directory} already exists.`);
  const configPath = options.configPath === undefined ? path.join(root, 'supergraph.config.json') : options.configPath;
  const config: SupergraphConfig | null = configPath ? JSON.parse(fs.readFileSync(configPath, 'utf8')) : null;
  if (config?.subgraphs.some((s) => s.name === name)) throw new Error(`${configPath} already lists a subgraph "${name}".`);
  const usedPorts = (config?.subgraphs ?? []).map((s) => Number(new URL(s.routingUrl).port));
  const port = options.port ?? Math.max(4000, ...usedPorts) + 1;
  const routingUrl = `http://127.0.0.1:${port}/graphql`;
  const pascal = name[0].toUpperCase() + name.slice(1);
  const values: Record<string, string> = {
    __NAME__: name,
    __PASCAL__: pascal,
    __CAMEL__: name,
    __OWNER__: `${owner[1]}:${owner[2]}`,
    __OWNER_TYPE__: owner[1],
    __OWNER_ID__: owner[2],
    __PORT__: String(port),
    __STAMP__: String(options.stamp ?? Date.now()),
    __BASE_TSCONFIG__: path.relative(directory, path.join(root, 'tsconfig.base.json')).split(path.sep).join('/'),
  };
  const fill = (text: string) => text.replace(/__[A-Z_]+?__/g, (token) => values[token] ?? token);
  const files: string[] = [];
  for (const template of listFiles(templates)) {
    const relative = fill(path.relative(templates, template)).replace(/\.tpl$/, '');
    const target = path.join(directory, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, fill(fs.readFileSync(template, 'utf8')));
    files.push(relative);
  }
  if (config && configPath) {
    config.subgraphs.push({ name, package: `@accords/${name}`, export: name, routingUrl });
    const text = JSON.stringify(config, null, 2).replace(/\{\n\s+("name": [^\n]+)\n\s+("package": [^\n]+)\n\s+("export": [^\n]+)\n\s+("routingUrl": [^\n]+)\n\s+\}/g, '{ $1 $2 $3 $4 }');
    fs.writeFileSync(configPath, `${text}\n`);
  }
  return { directory, files: files.sort(), port, routingUrl, registered: config !== null };
}

/** Adds the module to tests/modules.ts, so the repository's composition and cross-subgraph tests include it. */
function registerInTests(name: string): boolean {
  const file = path.join(root, 'tests', 'modules.ts');
  let text = fs.readFileSync(file, 'utf8');
  if (text.includes(`'@accords/${name}'`)) return false;
  const list = /export const allModules = \[([^\]]*)\]/.exec(text);
  if (!list) return false;
  text = text.replace(list[0], `export const allModules = [${list[1]}, ${name}]`);
  text = text.replace(/^(import type \{ SubgraphModule \})/m, `import { ${name} } from '@accords/${name}';\n$1`);
  text = text.replace(/^export \{ ([^}]*) \};/m, (_m, names: string) => `export { ${names}, ${name} };`);
  fs.writeFileSync(file, text);
  return true;
}

function main(argv: string[]) {
  const args = [...argv];
  const take = (flag: string) => {
    const i = args.indexOf(flag);
    if (i < 0) return undefined;
    const [, value] = args.splice(i, 2);
    if (value === undefined) throw new Error(`${flag} needs a value`);
    return value;
  };
  const owner = take('--owner');
  const port = take('--port');
  const dir = take('--dir');
  const configPath = take('--config');
  const noRegister = args.includes('--no-register');
  const [name] = args.filter((a) => !a.startsWith('--'));
  if (!name || !owner) {
    console.error('Usage: npm run subgraph:new -- <name> --owner MINISTRY:<id>|LOCALITY:<code> [--port N] [--dir <parent folder>] [--config <file>] [--no-register]');
    process.exit(2);
  }
  const result = scaffoldSubgraph({
    name,
    owner,
    port: port ? Number(port) : undefined,
    parentDir: dir ? path.resolve(dir) : undefined,
    configPath: noRegister ? null : configPath ? path.resolve(configPath) : undefined,
  });
  const inRepo = path.dirname(result.directory) === path.join(root, 'subgraphs');
  const inTests = inRepo && result.registered && registerInTests(name);
  console.log(
    [
      `Created ${path.relative(process.cwd(), result.directory) || result.directory} (${result.files.length} files), listening on ${result.routingUrl}.`,
      result.registered ? `Registered "${name}" in the supergraph configuration${inTests ? ' and tests/modules.ts' : ''}.` : 'Not registered (--no-register).',
      'Next:',
      '  npm install                          # links the new workspace package',
      '  npm run compose                      # recomposes gateway/supergraph.graphql and api-schema.graphql',
      `  npm run schema:check -- ${name}       # composition errors and breaking changes, offline`,
      `  npx jest subgraphs/${name}            # its test (MySQL), then with ACCORDS_TEST_DB=embedded`,
    ].join('\n'),
  );
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
