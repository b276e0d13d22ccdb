// The database-free entry of the commitments package for the gateway's download routes (gateway/src/downloads.ts):
// the renderers of exports and reports (exceljs, docx, echarts, resvg) and the operations they run, and nothing that
// loads TypeORM or @accords/db (tests/layering.test.ts checks it).
export * from './src/exchange/render';
