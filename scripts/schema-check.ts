/**
 * `npm run schema:check -- [<subgraph>...] [--sdl <file> | --url <running subgraph URL>] [--name <subgraph>]
 *   [--base tree|supergraph] [--supergraph <file>] [--api-schema <file>] [--json] [--allow-breaking]`
 *
 * What `rover subgraph check` does, offline: composes the candidate SDL with the other subgraphs of the current
 * supergraph and reports composition errors (subgraph and type/field named), hints, and the changes to the public API
 * schema classed breaking / dangerous / safe. Exit 1 on a composition error or a breaking change (unless
 * --allow-breaking), 2 on bad usage. Without a subgraph name or SDL it checks every subgraph in supergraph.config.json.
 *
 * The candidate: a subgraph of this repository by name (its SDL from the code), an SDL file (--sdl, with --name), or a
 * running subgraph (--url, asks `{ _service { sdl } }`). The other subgraphs: this repository's code (--base tree, the
 * default) or the checked-in supergraph (--base supergraph: an agency with only the supergraph file).
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkSubgraph, formatReport, subgraphSdl, subgraphsOfSupergraph, type SchemaCheckReport } from '@accords/schema-check';
import { commonTypeDefs, subgraphTypeDefs } from '@accords/subgraph-kit';
import type { SubgraphDefinition } from '@accords/gateway';
import { configuredSubgraphs } from './subgraphs';

const gatewayDir = path.join(__dirname, '..', 'gateway');

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run schema:check -- [<subgraph>...] [--sdl <file> | --url <url>] [--name <subgraph>] [--base tree|supergraph] [--supergraph <file>] [--api-schema <file>] [--json] [--allow-breaking]`);
  process.exit(2);
}

async function sdlFromUrl(url: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ _service { sdl } }' }) });
  const body = (await response.json()) as { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(`${url} did not return its SDL: ${body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`}`);
  return sdl;
}

async function main(argv: string[]) {
  const args = [...argv];
  const take = (flag: string) => {
    const i = args.indexOf(flag);
    if (i < 0) return undefined;
    const [, value] = args.splice(i, 2);
    if (value === undefined || value.startsWith('--')) usage(`${flag} needs a value`);
    return value;
  };
  const sdlFile = take('--sdl');
  const url = take('--url');
  const name = take('--name');
  const base = take('--base') ?? 'tree';
  const supergraphPath = take('--supergraph') ?? path.join(gatewayDir, 'supergraph.graphql');
  const apiSchemaPath = take('--api-schema') ?? path.join(gatewayDir, 'api-schema.graphql');
  const json = args.includes('--json');
  const allowBreaking = args.includes('--allow-breaking');
  const names = args.filter((a) => !a.startsWith('--'));
  const unknownFlag = args.find((a) => a.startsWith('--') && a !== '--json' && a !== '--allow-breaking');
  if (unknownFlag) usage(`Unknown option ${unknownFlag}`);
  if (base !== 'tree' && base !== 'supergraph') usage('--base is tree or supergraph');
  if ((sdlFile || url) && !name) usage('--sdl and --url need --name <subgraph>');

  const tree = base === 'tree' ? configuredSubgraphs() : [];
  const current: SubgraphDefinition[] =
    base === 'tree' ? tree.map((s) => ({ name: s.name, url: s.routingUrl, typeDefs: subgraphTypeDefs(s.module) })) : subgraphsOfSupergraph(fs.readFileSync(supergraphPath, 'utf8'));
  const currentApiSchema = fs.readFileSync(apiSchemaPath, 'utf8');

  const candidates: SubgraphDefinition[] = [];
  if (sdlFile || url) {
    const text = sdlFile ? fs.readFileSync(sdlFile, 'utf8') : await sdlFromUrl(url!);
    const known = current.find((s) => s.name === name);
    candidates.push({ name: name!, url: url ?? known?.url ?? `http://${name}.invalid/graphql`, typeDefs: subgraphSdl(text, commonTypeDefs) });
  } else {
    const wanted = names.length ? names : current.map((s) => s.name);
    for (const n of wanted) {
      const found = current.find((s) => s.name === n);
      if (!found) usage(`No subgraph "${n}" in ${base === 'tree' ? 'supergraph.config.json' : supergraphPath}`);
      candidates.push(found);
    }
  }
  const reports: SchemaCheckReport[] = [];
  for (const candidate of candidates) reports.push(await checkSubgraph({ candidate, current, currentApiSchema, allowBreaking }));
  if (json) console.log(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2));
  else console.log(reports.map(formatReport).join('\n\n'));
  process.exit(reports.every((r) => r.ok) ? 0 : 1);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
