/**
 * GraphiQL's download toolbar (browser only; inlined into the page after exceljs and table-export.js). GraphiQL calls
 * `AccordsGraphiQLDownload.onTabChange` with its tabs whenever the active tab's result changes or another tab is
 * chosen; the toolbar lists the result's lists (a select when there are several) and downloads the chosen one as CSV
 * or XLSX, built in the page: nothing is sent anywhere.
 */
(function () {
  'use strict';
  var core = window.AccordsTableExport;
  var lists = [];
  var chosenPath = null;
  var waiting = null;
  var bar, select, csvButton, xlsxButton, status;

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (k) { node.setAttribute(k, attributes[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function styleControl(node) {
    node.style.font = 'inherit';
    node.style.color = 'hsl(var(--color-neutral))';
    node.style.background = 'hsla(var(--color-neutral), var(--alpha-background-light))';
    node.style.border = '1px solid hsla(var(--color-neutral), var(--alpha-background-heavy))';
    node.style.borderRadius = 'var(--border-radius-4)';
    node.style.padding = '2px 8px';
    node.style.cursor = 'pointer';
  }

  function build() {
    bar = el('div', { id: 'accords-download', role: 'toolbar', 'aria-label': 'Download the current result' });
    var s = bar.style;
    s.position = 'fixed';
    s.right = '16px';
    s.bottom = '12px';
    s.zIndex = '20';
    s.display = 'flex';
    s.gap = '6px';
    s.alignItems = 'center';
    s.padding = '6px 8px';
    s.fontFamily = 'var(--font-family)';
    s.fontSize = 'var(--font-size-hint)';
    s.color = 'hsl(var(--color-neutral))';
    s.background = 'hsl(var(--color-base))';
    s.border = '1px solid hsla(var(--color-neutral), var(--alpha-background-heavy))';
    s.borderRadius = 'var(--border-radius-8)';
    s.boxShadow = 'var(--popover-box-shadow)';
    status = el('span', { id: 'accords-download-status', 'aria-live': 'polite' });
    select = el('select', { id: 'accords-download-list', 'aria-label': 'List to download' });
    styleControl(select);
    select.addEventListener('change', function () {
      var list = chosen();
      chosenPath = list ? list.path : null;
    });
    csvButton = el('button', { id: 'accords-download-csv', type: 'button', title: 'Download the list as CSV (UTF-8)' }, 'CSV');
    xlsxButton = el('button', { id: 'accords-download-xlsx', type: 'button', title: 'Download the list as an Excel workbook' }, 'XLSX');
    styleControl(csvButton);
    styleControl(xlsxButton);
    csvButton.addEventListener('click', function () { run('csv'); });
    xlsxButton.addEventListener('click', function () { run('xlsx'); });
    bar.appendChild(el('span', {}, 'Download'));
    bar.appendChild(select);
    bar.appendChild(csvButton);
    bar.appendChild(xlsxButton);
    bar.appendChild(status);
    mount();
    show(null);
  }

  /** Inside GraphiQL's container (for its theme's colours and fonts) once React has rendered it; the body until then. */
  function mount() {
    var container = document.querySelector('.graphiql-container');
    if (container) {
      if (bar.parentNode !== container) container.appendChild(bar);
      return;
    }
    if (!bar.parentNode) document.body.appendChild(bar);
    if (waiting) return;
    waiting = new MutationObserver(function () {
      if (document.querySelector('.graphiql-container')) {
        waiting.disconnect();
        waiting = null;
        mount();
      }
    });
    waiting.observe(document.body, { childList: true, subtree: true });
  }

  function show(response) {
    var result = null;
    try {
      result = response ? JSON.parse(response) : null;
    } catch (e) {
      result = null;
    }
    lists = result ? core.listsIn(result) : [];
    select.textContent = '';
    lists.forEach(function (list, i) {
      select.appendChild(el('option', { value: String(i) }, (list.path || '(result)') + ' (' + list.items.length + ')'));
    });
    // The list chosen before stays chosen while the new result still has it.
    var kept = lists.findIndex(function (l) { return l.path === chosenPath; });
    select.value = String(kept >= 0 ? kept : 0);
    select.style.display = lists.length > 1 ? '' : 'none';
    csvButton.disabled = xlsxButton.disabled = lists.length === 0;
    bar.style.opacity = lists.length ? '1' : '0.6';
    status.textContent = lists.length === 1 ? lists[0].path + ' (' + lists[0].items.length + ')' : lists.length ? '' : 'no list in the result';
  }

  function chosen() {
    return lists[Number(select.value) || 0];
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = el('a', { href: url, download: name });
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function run(kind) {
    var list = chosen();
    if (!list) return;
    var table = core.tableOf(list.items);
    if (kind === 'csv') {
      save(new Blob([core.csvOf(table)], { type: 'text/csv;charset=utf-8' }), core.fileNameFor(list.path, 'csv'));
      return;
    }
    status.textContent = 'preparing…';
    core
      .workbookOf(window.ExcelJS, table, core.sheetNameFor(list.path))
      .xlsx.writeBuffer()
      .then(function (buffer) {
        save(new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), core.fileNameFor(list.path, 'xlsx'));
        status.textContent = '';
      })
      .catch(function (error) {
        status.textContent = 'XLSX failed: ' + (error && error.message ? error.message : String(error));
      });
  }

  window.AccordsGraphiQLDownload = {
    /** GraphiQL's onTabChange: the active tab's response is the current result. */
    onTabChange: function (state) {
      var tab = state && state.tabs ? state.tabs[state.activeTabIndex] : null;
      if (!bar) build();
      else mount();
      show(tab ? tab.response : null);
    },
  };
  if (document.body) build();
  else document.addEventListener('DOMContentLoaded', build);
})();
