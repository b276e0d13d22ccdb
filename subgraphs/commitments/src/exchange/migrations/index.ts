import { CreateImportProvenance1766000000000 } from './1766000000000-CreateImportProvenance';
import { CreateImportFinding1766000000001 } from './1766000000001-CreateImportFinding';
import { CreateImportRecordProvenance1767000000001 } from './1767000000001-CreateImportRecordProvenance';

/** The import's tables, one DDL change each, run after the subgraph's own migrations. */
export const exchangeMigrations = [CreateImportProvenance1766000000000, CreateImportFinding1766000000001, CreateImportRecordProvenance1767000000001];
