// Opens an HTML report in headless Chromium (Debian's `chromium`) the way a user's browser would:
// a screenshot to look at, and measurements of what was laid out (bounding boxes), read back through
// the DOM Chromium dumps after running a probe script injected into a copy of the report.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export const CHROMIUM_BIN = '/usr/bin/chromium';
const run = promisify(execFile);

// Root in a container has no user namespace for Chromium's sandbox; the page is our own file.
const flags = (width: number, height: number) => [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--hide-scrollbars',
  '--no-first-run',
  '--disable-extensions',
  `--window-size=${width},${height}`,
  '--virtual-time-budget=3000',
];

/** Writes a full-page-height PNG of `htmlFile` at the given viewport width. */
export async function screenshot(htmlFile: string, pngFile: string, width: number, height: number): Promise<void> {
  await run(CHROMIUM_BIN, [...flags(width, height), `--screenshot=${pngFile}`, pathToFileURL(htmlFile).href], { timeout: 60000 });
}

/** What the probe measured, per chart and per folded query block. */
export interface Layout {
  viewportWidth: number;
  documentWidth: number;
  charts: Array<{
    label: string;
    /** The chart's box on the page. */
    box: { left: number; right: number; top: number; bottom: number };
    /** Drawn elements whose box (in SVG units) leaves the SVG's viewBox. */
    outside: Array<{ tag: string; text: string; x: number; y: number; width: number; height: number }>;
    viewBox: { width: number; height: number };
  }>;
  /** Per <details>: open or not, and how many of its <code> blocks the browser shows (checkVisibility). */
  details: Array<{ open: boolean; visibleCode: number; code: number }>;
}

const PROBE = `<script>
addEventListener('load', () => {
  const charts = [...document.querySelectorAll('svg[role="img"]')].map((svg) => {
    const vb = svg.viewBox.baseVal;
    const r = svg.getBoundingClientRect();
    const outside = [];
    for (const el of svg.querySelectorAll('text, rect, polyline, line, circle')) {
      const b = el.getBBox();
      if (b.x < -0.5 || b.y < -0.5 || b.x + b.width > vb.width + 0.5 || b.y + b.height > vb.height + 0.5) {
        outside.push({ tag: el.tagName, text: el.textContent.slice(0, 60), x: b.x, y: b.y, width: b.width, height: b.height });
      }
    }
    return { label: svg.getAttribute('aria-label'), box: { left: r.left, right: r.right, top: r.top, bottom: r.bottom }, outside, viewBox: { width: vb.width, height: vb.height } };
  });
  const details = [...document.querySelectorAll('details')].map((d) => {
    const code = [...d.querySelectorAll('code')];
    return { open: d.open, code: code.length, visibleCode: code.filter((c) => c.checkVisibility()).length };
  });
  const pre = document.createElement('pre');
  pre.id = 'layout-probe';
  pre.textContent = JSON.stringify({ viewportWidth: document.documentElement.clientWidth, documentWidth: document.documentElement.scrollWidth, charts, details });
  document.body.appendChild(pre);
});
</script>`;

/** Lays the report out at `width` × `height` and returns the probe's measurements. */
export async function measureLayout(htmlFile: string, dir: string, width: number, height: number): Promise<Layout> {
  const probed = join(dir, 'probed.html');
  await writeFile(probed, (await readFile(htmlFile, 'utf8')).replace('</body>', `${PROBE}</body>`));
  const { stdout } = await run(CHROMIUM_BIN, [...flags(width, height), '--dump-dom', pathToFileURL(probed).href], {
    timeout: 60000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const match = /<pre id="layout-probe">([^<]*)<\/pre>/.exec(stdout);
  if (!match) throw new Error(`the layout probe did not run in Chromium; its DOM began: ${stdout.slice(0, 200)}`);
  return JSON.parse(
    match[1]
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  ) as Layout;
}
