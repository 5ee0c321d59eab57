/**
 * The viewer's stylesheet and script, served from /assets/ (the page's Content-Security-Policy
 * admits scripts from its own origin only). The pages are complete without the script; it adds
 * the live notice (episodes finished since the page was drawn).
 */

export const VIEWER_CSS = `
:root { --fg: #1d1d1f; --muted: #5f6368; --line: #dde1e6; --accent: #1f4e79; --alt: #f6f8fa; --bad: #b00020; --ok: #1b7f3b; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 "DejaVu Sans", system-ui, sans-serif; color: var(--fg); }
nav { background: var(--accent); padding: 8px 24px; }
nav a { color: #fff; margin-right: 18px; text-decoration: none; font-weight: bold; }
main { padding: 12px 24px 48px; max-width: 1500px; }
h1 { font-size: 20px; margin: 8px 0; } h2 { font-size: 16px; margin: 20px 0 6px; }
.meta, .note { color: var(--muted); font-size: 13px; }
a { color: var(--accent); }
table { border-collapse: collapse; font-size: 13px; margin: 6px 0 12px; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--alt); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: var(--ok); } .fail { color: var(--bad); }
form.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; background: var(--alt); padding: 8px; border-radius: 6px; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
form.filters input, form.filters select { font: inherit; padding: 2px 4px; }
.pager { margin: 8px 0; } .pager a, .pager span { margin-right: 12px; }
.live { display: none; background: #fff1d6; padding: 6px 10px; border-radius: 6px; margin: 8px 0; }
.live.shown { display: block; }
.item { border: 1px solid var(--line); border-radius: 6px; margin: 10px 0; padding: 6px 10px; }
.item.call { border-left: 4px solid #6b4fbb; } .item.step { border-left: 4px solid var(--accent); } .item.step.bad { border-left-color: var(--bad); }
.item .head { font-size: 13px; color: var(--muted); }
.msg { margin: 6px 0; } .msg .role { font-size: 12px; font-weight: bold; color: var(--muted); }
pre { background: var(--alt); padding: 6px 8px; border-radius: 4px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; margin: 4px 0; font-size: 12.5px; }
pre.error { background: #fdecee; }
.hl-k { color: #0033b3; font-weight: bold; } .hl-s { color: #067d17; } .hl-c { color: #8c8c8c; font-style: italic; } .hl-n { color: #1750eb; } .hl-b { color: #871094; }
svg.scores { border: 1px solid var(--line); border-radius: 4px; background: #fff; }
`;

export const VIEWER_JS = `
(function () {
  var box = document.getElementById('live');
  if (!box) return;
  var seen = box.getAttribute('data-status');
  function poll() {
    fetch('/api/status', { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.text() : null; }).then(function (t) {
      if (t !== null && t !== seen) { box.classList.add('shown'); }
      else setTimeout(poll, 3000);
    }).catch(function () { setTimeout(poll, 10000); });
  }
  setTimeout(poll, 3000);
})();
`;
