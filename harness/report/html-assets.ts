/**
 * The page's own stylesheet and script: constants, never built from data. The script reads the
 * figure specs from a JSON data element (never from markup), embeds them as SVG, and adds table
 * sorting and the episode filter; the page is readable without it, minus the charts.
 */

export const STYLE = `
:root { --fg: #1d1d1f; --muted: #5f6368; --line: #dde1e6; --accent: #1f4e79; --bg-alt: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 "DejaVu Sans", system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: var(--fg); background: #fff; }
header { padding: 24px 32px 12px; border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 4px; font-size: 24px; }
.meta { color: var(--muted); font-size: 13px; }
.badge { display: inline-block; padding: 1px 8px; margin: 4px 6px 0 0; border-radius: 10px; font-size: 12px; background: #eef2f6; color: #333; }
.badge.offline { background: #fff1d6; color: #7a4b00; font-weight: bold; }
nav { position: sticky; top: 0; z-index: 5; background: rgba(255,255,255,.96); border-bottom: 1px solid var(--line); padding: 6px 32px; font-size: 13px; }
nav a { margin-right: 14px; color: var(--accent); text-decoration: none; }
main { padding: 8px 32px 48px; max-width: 1500px; }
section { margin-top: 28px; }
h2 { font-size: 19px; border-bottom: 2px solid var(--accent); padding-bottom: 3px; margin-bottom: 10px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p.note { color: var(--muted); margin: 4px 0 10px; max-width: 900px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 10px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card .n { font-size: 22px; font-weight: bold; }
.card .l { color: var(--muted); font-size: 12px; }
.figures { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px; max-width: 100%; overflow-x: auto; }
figcaption { font-size: 12px; color: var(--muted); }
figcaption a { color: var(--accent); }
.chart { min-height: 60px; }
.chart-error { color: #b00020; }
.table-wrap { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; margin: 6px 0 12px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 9px; text-align: left; vertical-align: top; }
th { background: var(--bg-alt); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th[aria-sort="ascending"]::after { content: " ▲"; }
table.sortable th[aria-sort="descending"]::after { content: " ▼"; }
tbody tr:nth-child(even) { background: #fbfcfd; }
#task-table td { white-space: nowrap; }
#task-table td.missing { background: #fdecea; color: #8a1c1c; }
.flag { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; background: #fde2e1; color: #8a1c1c; margin-right: 3px; }
.ok { color: #1e7b34; } .fail { color: #b00020; }
.grid2 { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
details.episode { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; padding: 4px 10px; }
details.episode > summary { cursor: pointer; font-size: 13px; }
details.episode[open] > summary { margin-bottom: 6px; }
.step { border-left: 3px solid var(--line); margin: 8px 0; padding: 2px 10px; }
.step.bad { border-left-color: #e57373; }
.step .head { font-size: 12px; color: var(--muted); }
pre { background: var(--bg-alt); border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px; margin: 4px 0; font: 12px/1.4 "DejaVu Sans Mono", ui-monospace, monospace; white-space: pre-wrap; word-break: break-word; max-height: 360px; overflow: auto; }
pre.error { background: #fff5f5; border-color: #f3c2c2; }
.clipped { font-size: 11px; color: #7a4b00; }
input#episode-filter { padding: 4px 8px; width: 320px; font-size: 13px; margin: 4px 0 8px; }
`;

/** Runs after the libraries; `vegaEmbed` is their global. */
export const CLIENT_SCRIPT = `
(function () {
  var specs = JSON.parse(document.getElementById('figure-specs').textContent);
  var options = { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } };
  Object.keys(specs).forEach(function (name) {
    var el = document.getElementById('fig-' + name);
    if (!el) return;
    vegaEmbed(el, specs[name], options).then(function () {
      el.setAttribute('data-rendered', 'true');
    }).catch(function (err) {
      el.className += ' chart-error';
      el.textContent = 'This figure failed to render: ' + err.message + ' (see figures/' + name + '.svg)';
      el.setAttribute('data-rendered', 'error');
      console.error(err);
    });
  });

  // Numeric cells carry their value in data-v (empty when missing); others sort by text.
  function sortKey(cell) {
    var v = cell.getAttribute('data-v');
    if (v === null) return cell.textContent.trim().toLowerCase();
    return v === '' ? null : parseFloat(v);
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var headers = table.querySelectorAll('thead th');
    headers.forEach(function (th, col) {
      th.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortKey(a.cells[col]), y = sortKey(b.cells[col]);
          if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // missing last
          var c = x < y ? -1 : x > y ? 1 : 0;
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  var filter = document.getElementById('episode-filter');
  if (filter) filter.addEventListener('input', function () {
    var q = filter.value.trim().toLowerCase();
    document.querySelectorAll('details.episode').forEach(function (d) {
      d.hidden = q !== '' && d.getAttribute('data-key').indexOf(q) < 0;
    });
  });
})();
`;
