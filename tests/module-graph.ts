/**
 * `tsx tests/module-graph.ts <package>`: loads one package as a process would and prints, as JSON, how many modules
 * of TypeORM and of @accords/db its module graph pulled in (tests/layering.test.ts runs it in a fresh process).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(process.argv[2]);
const loaded = Object.keys(require.cache);
process.stdout.write(
  JSON.stringify({
    typeorm: loaded.filter((file) => file.includes(`${'/node_modules/'}typeorm/`)).length,
    db: loaded.filter((file) => /\/shared\/db\//.test(file)).length,
    modules: loaded.length,
  }),
);
export {};
