/** Types of table-export.js (plain JavaScript, inlined into the GraphiQL page and required by the Node tests). */
import type ExcelJSModule from 'exceljs';

export type Cell = string | number | boolean | null;

export interface FoundList {
  /** Path from `data`, e.g. `commitments.edges`. */
  path: string;
  items: unknown[];
}

export interface Table {
  columns: string[];
  rows: Record<string, Cell>[];
}

export const SEPARATOR: string;
export function flatten(value: unknown, prefix?: string, out?: Record<string, Cell>): Record<string, Cell>;
export function listsIn(result: unknown): FoundList[];
export function tableOf(items: unknown[]): Table;
export function guardFormula(text: string): string;
export function csvOf(table: Table): string;
export function sheetNameFor(path: string): string;
export function fileNameFor(path: string, extension: string): string;
export function workbookOf(ExcelJS: typeof ExcelJSModule, table: Table, sheetName?: string): ExcelJSModule.Workbook;
