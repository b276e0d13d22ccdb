/**
 * The table behind GraphiQL's "Download" buttons: finds the lists in a GraphQL result, flattens each item to one
 * column per field path and writes CSV or an XLSX workbook. Plain JavaScript with no imports, so the same file is
 * inlined into the GraphiQL page (as the global `AccordsTableExport`) and required by the Node tests
 * (tests/graphiql-table-export.test.ts); its types are in table-export.d.ts.
 *
 * - Lists: every array of objects in `data` that is not inside another list, in document order (the first is the
 *   default). A connection's edges (`{ node }` or `{ cursor, node }`) give one row per node.
 * - Columns: nested objects flatten to dotted names (`leadAgency.name`), in first-seen order over all rows; a list of
 *   scalars is one cell joined with "; "; a list of objects with one field each (`partners { name }`) joins those
 *   values the same way; other lists of objects keep each item as JSON, joined with "; ".
 * - CSV: UTF-8 with a BOM (Excel then shows Vietnamese diacritics), CRLF, RFC 4180 quoting; a text cell starting with
 *   = + - @ (or a tab or carriage return) gets a leading ' so a spreadsheet never runs it as a formula; numbers,
 *   booleans and text that is just a signed number (a Decimal such as "-1500.00") are written as they are.
 * - XLSX: one sheet, bold frozen header; numbers and booleans stay typed, text stays text (exceljs writes a string as
 *   a string cell, never a formula, so no prefix is needed there).
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.AccordsTableExport = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var SEPARATOR = '; ';

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  /** `{ leadAgency: { name: 'Bộ Y tế' }, fields: ['HEALTH'] }` -> `{ 'leadAgency.name': 'Bộ Y tế', fields: 'HEALTH' }`. */
  function flatten(value, prefix, out) {
    prefix = prefix || '';
    out = out || {};
    if (value === null || value === undefined) {
      if (prefix) out[prefix] = null;
    } else if (Array.isArray(value)) {
      out[prefix] = joinList(value);
    } else if (isObject(value)) {
      var keys = Object.keys(value);
      for (var i = 0; i < keys.length; i++) flatten(value[keys[i]], prefix ? prefix + '.' + keys[i] : keys[i], out);
    } else if (prefix) {
      out[prefix] = value;
    }
    return out;
  }

  function joinList(list) {
    return list
      .map(function (item) {
        if (item === null || item === undefined) return '';
        if (Array.isArray(item)) return JSON.stringify(item);
        if (isObject(item)) {
          var flat = flatten(item);
          var keys = Object.keys(flat);
          if (keys.length === 1) return flat[keys[0]] === null ? '' : String(flat[keys[0]]);
          return JSON.stringify(item);
        }
        return String(item);
      })
      .join(SEPARATOR);
  }

  /** A connection's edge (`{ node }` or `{ cursor, node }`) stands for its node. */
  function isEdgeList(items) {
    var seen = false;
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      if (item === null) continue;
      var keys = Object.keys(item);
      if (!('node' in item) || keys.some(function (k) { return k !== 'node' && k !== 'cursor'; })) return false;
      if (item.node !== null && !isObject(item.node)) return false;
      seen = true;
    }
    return seen;
  }

  /**
   * The lists of objects in a result (`{ data }`, or the data itself), outermost first in document order, each with
   * its path from `data` (`commitments.edges`) and its items.
   */
  function listsIn(result) {
    var data = isObject(result) && ('data' in result || 'errors' in result) ? result.data : result;
    var found = [];
    (function walk(value, path) {
      if (Array.isArray(value)) {
        var objects = value.filter(isObject).length;
        var nulls = value.filter(function (v) { return v === null; }).length;
        if (objects > 0 && objects + nulls === value.length) found.push({ path: path.join('.'), items: value });
        return;
      }
      if (isObject(value)) {
        var keys = Object.keys(value);
        for (var i = 0; i < keys.length; i++) walk(value[keys[i]], path.concat(keys[i]));
      }
    })(data, []);
    return found;
  }

  /** Rows and columns of a list: one row per item (per node for a connection's edges), in the list's order. */
  function tableOf(items) {
    var rowsOf = isEdgeList(items) ? items.map(function (e) { return e === null ? null : e.node; }) : items;
    var rows = rowsOf.map(function (item) { return flatten(item); });
    var columns = [];
    var seen = {};
    rows.forEach(function (row) {
      Object.keys(row).forEach(function (key) {
        if (!seen[key]) {
          seen[key] = true;
          columns.push(key);
        }
      });
    });
    // A null object in some rows (`leadAgency: null`) must not add a column beside its fields (`leadAgency.name`).
    columns = columns.filter(function (column) {
      var hasFields = columns.some(function (c) { return c.indexOf(column + '.') === 0; });
      return !hasFields || rows.some(function (row) { return row[column] !== null && row[column] !== undefined; });
    });
    return {
      columns: columns,
      rows: rows.map(function (row) {
        var out = {};
        columns.forEach(function (c) { out[c] = row[c] === undefined ? null : row[c]; });
        return out;
      }),
    };
  }

  /** A text that a spreadsheet would run as a formula gets a leading ' (a plain signed number like "-1500.00" is left). */
  function guardFormula(text) {
    if (/^[-+]?\d+(\.\d+)?$/.test(text)) return text;
    return /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
  }

  function csvField(value) {
    if (value === null || value === undefined) return '';
    var text = typeof value === 'string' ? guardFormula(value) : String(value);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /** RFC 4180 CSV, UTF-8 with a BOM, CRLF line ends, a header row of the column names. */
  function csvOf(table) {
    var lines = [table.columns.map(csvField).join(',')];
    table.rows.forEach(function (row) {
      lines.push(table.columns.map(function (c) { return csvField(row[c]); }).join(','));
    });
    return '\uFEFF' + lines.join('\r\n') + '\r\n';
  }

  /** A worksheet name Excel accepts (31 characters, none of []:*?/\) from a list's path. */
  function sheetNameFor(path) {
    var parts = String(path || '').split('.').filter(function (p) { return p && p !== 'edges' && p !== 'node'; });
    var name = (parts[parts.length - 1] || 'Export').replace(/[\[\]:*?\/\\']/g, '_').slice(0, 31);
    return name || 'Export';
  }

  /** `accords-commitments-edges.csv` for the list at `commitments.edges`. */
  function fileNameFor(path, extension) {
    var stem = String(path || 'result').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'result';
    return 'accords-' + stem + '.' + extension;
  }

  /** An exceljs Workbook (pass the library: the browser's global ExcelJS, or require('exceljs') in Node). */
  function workbookOf(ExcelJS, table, sheetName) {
    var workbook = new ExcelJS.Workbook();
    workbook.creator = 'Accords GraphiQL';
    var sheet = workbook.addWorksheet(sheetName || 'Export', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(table.columns);
    sheet.getRow(1).font = { bold: true };
    table.rows.forEach(function (row) {
      sheet.addRow(table.columns.map(function (c) { return row[c] === undefined ? null : row[c]; }));
    });
    table.columns.forEach(function (column, i) {
      var width = column.length;
      table.rows.forEach(function (row) {
        var v = row[column];
        if (v !== null && v !== undefined) width = Math.max(width, String(v).length);
      });
      sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, width + 2));
    });
    return workbook;
  }

  return {
    SEPARATOR: SEPARATOR,
    flatten: flatten,
    listsIn: listsIn,
    tableOf: tableOf,
    guardFormula: guardFormula,
    csvOf: csvOf,
    sheetNameFor: sheetNameFor,
    fileNameFor: fileNameFor,
    workbookOf: workbookOf,
  };
});
