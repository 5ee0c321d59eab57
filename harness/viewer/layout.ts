import { html, type Markup } from '../report/html-template.js';

/** Every viewer page: the navigation, the content, and (for pages that follow a run) the live notice. */
export function page(title: string, body: Markup, options: { liveStatus?: string } = {}): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · arena view</title>
<link rel="stylesheet" href="/assets/viewer.css">
<link rel="icon" href="data:,">
</head>
<body>
<nav><a href="/">Runs</a><a href="/episodes">Episodes</a></nav>
<main>
${options.liveStatus === undefined ? '' : html`<div id="live" class="live" data-status="${options.liveStatus}">More episodes have finished since this page was drawn: <a href="">reload</a>.</div>`}
${body}
</main>
<script src="/assets/viewer.js"></script>
</body>
</html>
`.html;
}

/** A link to one episode; the run index disambiguates ids shared by several runs. */
export function episodeHref(id: string, run: number, call?: number): string {
  const query = new URLSearchParams({ run: String(run), ...(call === undefined ? {} : { call: String(call) }) });
  return `/episode/${encodeURIComponent(id)}?${query}`;
}
