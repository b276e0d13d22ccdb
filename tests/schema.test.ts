import { createDataSource, pendingSchemaChanges, runMigrations } from '@accords/db';
import { openTestSubgraph, runOnSubgraph } from '@accords/testkit';
import { allModules } from './modules';

describe.each(allModules.map((m) => [m.name, m] as const))('%s database', (_name, module) => {
  it('migrations build exactly the schema the entities describe (generating a migration yields nothing)', async () => {
    const subgraph = await openTestSubgraph(module, { seed: 'none' });
    try {
      expect(await pendingSchemaChanges(subgraph.database.dataSource)).toEqual([]);
    } finally {
      await subgraph.dispose();
    }
  });

  it('runs migrations once when replicas start together, and reloading reference data changes nothing', async () => {
    const subgraph = await openTestSubgraph(module, { seed: 'reference' });
    try {
      // Two more "replicas" migrate the same database at the same time: both find nothing to do.
      const replicas = [0, 1].map(() => createDataSource({ url: subgraph.databaseUrl, entities: module.entities, migrations: module.migrations }));
      if (subgraph.database.target.kind === 'mysql') {
        await Promise.all(replicas.map((r) => r.dataSource.initialize()));
        const applied = await Promise.all(replicas.map((r) => runMigrations(r.dataSource)));
        expect(applied).toEqual([[], []]);
        await Promise.all(replicas.map((r) => r.dataSource.destroy()));
      }
      const before = await runOnSubgraph(subgraph, '{ _service { sdl } }');
      expect(before.errors).toBeUndefined();
      await module.seed?.(subgraph.database.dataSource, { demo: true });
      const counter = subgraph.database.counter;
      counter.reset();
      await module.seed?.(subgraph.database.dataSource, { demo: true });
      const writes = counter.dataStatements.filter((q) => /^\s*(INSERT|UPDATE|DELETE)/i.test(q.sql));
      expect(writes).toEqual([]);
      expect(counter.dataStatements.length).toBeGreaterThan(0); // it did read and compare
    } finally {
      await subgraph.dispose();
    }
  });
});

describe('reference-data sync', () => {
  it('updates exactly the rows whose data changed, comparing the fields the rows set', async () => {
    const { syncReferenceRows } = await import('@accords/db');
    const { ministries } = await import('./modules');
    const { CentralBodyEntity } = await import('../subgraphs/ministries/src/db/entities');
    const subgraph = await openTestSubgraph(ministries, { seed: 'reference' });
    try {
      const repo = subgraph.database.dataSource.getRepository(CentralBodyEntity);
      const [mofa, moit] = await Promise.all([repo.findOneByOrFail({ id: 'MOFA' }), repo.findOneByOrFail({ id: 'MOIT' })]);
      const renamed = Object.assign(new CentralBodyEntity(), { id: 'MOFA', kind: mofa.kind, nameVi: mofa.nameVi, nameEn: 'Ministry of Foreign Affairs of Viet Nam' });
      const same = Object.assign(new CentralBodyEntity(), { id: 'MOIT', kind: moit.kind, nameVi: moit.nameVi, nameEn: moit.nameEn });
      const result = await subgraph.database.dataSource.transaction((m) => syncReferenceRows(m, CentralBodyEntity, [renamed, same], 'id'));
      expect(result).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
      expect((await repo.findOneByOrFail({ id: 'MOFA' })).nameEn).toBe('Ministry of Foreign Affairs of Viet Nam');
      expect((await repo.findOneByOrFail({ id: 'MOFA' })).abbreviation).toBe(mofa.abbreviation); // a field the row did not set is kept
    } finally {
      await subgraph.dispose();
    }
  });
});
