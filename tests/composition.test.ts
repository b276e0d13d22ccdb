import fs from 'node:fs';
import path from 'node:path';
import { apiSchemaOf, composeSupergraph } from '@accords/gateway';
import { peerUrlVariable, subgraphTypeDefs } from '@accords/subgraph-kit';
import config from '../supergraph.config.json';
import { allModules } from './modules';

describe('composition', () => {
  const composed = composeSupergraph(
    config.subgraphs.map((s) => ({ name: s.name, url: s.routingUrl, typeDefs: subgraphTypeDefs(allModules.find((m) => m.name === s.name)!) })),
  );

  it('composes without errors', () => {
    expect(composed.ok ? [] : composed.errors).toEqual([]);
  });

  it('matches the checked-in gateway/supergraph.graphql (run `npm run compose` after a schema change)', () => {
    const checkedIn = fs.readFileSync(path.join(__dirname, '..', 'gateway', 'supergraph.graphql'), 'utf8');
    expect(composed.ok && composed.supergraphSdl === checkedIn).toBe(true);
  });

  it('checks in gateway/api-schema.graphql as the API schema of the checked-in supergraph (`npm run compose` writes both)', () => {
    const gatewayDir = path.join(__dirname, '..', 'gateway');
    const apiSchema = fs.readFileSync(path.join(gatewayDir, 'api-schema.graphql'), 'utf8');
    expect(apiSchema).toBe(apiSchemaOf(fs.readFileSync(path.join(gatewayDir, 'supergraph.graphql'), 'utf8')));
    // What clients see: the types and their descriptions, none of the federation machinery.
    expect(apiSchema).toMatch(/^type Query \{/m);
    expect(apiSchema).toContain('union Agency = Ministry | MinistryUnit | Locality | ProvincialDepartment');
    expect(apiSchema).not.toMatch(/join__|@link|link__|_entities|_service/);
  });

  it('lists every configured subgraph, each with a module', () => {
    expect(config.subgraphs.map((s) => s.name).sort()).toEqual(allModules.map((m) => m.name).sort());
  });

  it('reports a broken subgraph instead of composing it', () => {
    const [first] = allModules;
    const broken = composeSupergraph([
      { name: first.name, url: 'http://x', typeDefs: subgraphTypeDefs(first) },
      { name: 'rogue', url: 'http://y', typeDefs: subgraphTypeDefs({ ...first, typeDefs: require('graphql').parse('type Ministry @key(fields: "id") { id: ID! name: Int }') }) },
    ]);
    expect(broken.ok).toBe(false);
  });

  it('gives every subgraph in infra/docker-compose.yml the peer URLs its module asks for', () => {
    const compose = fs.readFileSync(path.join(__dirname, '..', 'infra', 'docker-compose.yml'), 'utf8');
    for (const module of allModules) {
      const service = new RegExp(`^  ${module.name}:\\n(?:    .*\\n)*?    environment: \\{([^}]*)\\}`, 'm').exec(compose);
      expect({ module: module.name, found: service !== null }).toEqual({ module: module.name, found: true });
      for (const peer of module.peers ?? []) expect(`${module.name}: ${service![1]}`).toContain(`${peerUrlVariable(peer)}: "http://${peer}:`);
    }
  });
});
