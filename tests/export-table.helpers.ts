import { parse } from 'csv-parse/sync';

/** A CSV export read back as header-keyed rows. */
export function readCsvTable(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
}
