/** What `@accords/commitments/render` exports: renderers and operations only, no database. */
export { exportCommitments, EXPORT_QUERY, type RunOperation } from './export';
export { legalDate } from './columns';
export { registerCsv, registerWorkbook } from './files';
export { exportList, tableAt, tableCsv, tableWorkbook, type ExportTable } from './table';
export { commitmentReport, COMMITMENT_REPORT_QUERY } from './report';
export { parseReportPeriod, periodLabel, termReport, ReportInputError, type ReportPeriod } from './term-report';
