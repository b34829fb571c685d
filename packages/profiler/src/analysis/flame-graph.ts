// A self-contained HTML flame graph (icicle: callers above callees): inline SVG drawn here, plus a
// few lines of inline script for click-to-zoom. No network access is needed to open it.
import { frameFile, frameKey, frameLine, frameLocation, functionName, isPseudoFrame } from './call-frame';
import { cpuFrameTree, heapFrameTree, type FrameNode } from './frame-tree';
import type { CpuProfile, HeapProfile, ProfileKind } from './profile-types';
import { formatBytes, formatPercent } from './text-table';

const WIDTH = 1200;
const ROW = 18;
const CHAR = 7;
/** Frames narrower than this share of the whole are left out, which bounds the file size. */
const MIN_SHARE = 0.0005;

interface Box {
  node: FrameNode;
  value: number;
  start: number;
  depth: number;
}

export function flameGraphHtml(profile: CpuProfile | HeapProfile, kind: ProfileKind, title: string): string {
  const root = kind === 'cpu' ? cpuFrameTree(profile as CpuProfile) : heapFrameTree(profile as HeapProfile);
  // Idle time is the event loop waiting: leaving it out makes the graph about where CPU went.
  if (kind === 'cpu') root.children = root.children.filter((child) => !(isPseudoFrame(child.frame) && child.frame.functionName === '(idle)'));
  const boxes = layout(mergeSiblings(root));
  const total = boxes[0]?.value ?? 0;
  const describeValue = (value: number) =>
    `${kind === 'cpu' ? `${(value / 1000).toFixed(1)} ms` : formatBytes(value)} (${formatPercent(total > 0 ? (100 * value) / total : 0)})`;
  const height = (Math.max(0, ...boxes.map((b) => b.depth)) + 1) * ROW;
  const groups = boxes.map((box) => {
    const s = total > 0 ? box.start / total : 0;
    const e = total > 0 ? (box.start + box.value) / total : 1;
    const label = box.depth === 0 ? 'all' : functionName(box.node.frame);
    const where = frameLocation(frameFile(box.node.frame), frameLine(box.node.frame));
    const tip = `${label}${where ? ` ${where}` : ''} — ${describeValue(box.value)}`;
    const x = s * WIDTH;
    const w = (e - s) * WIDTH;
    return (
      `<g data-s="${s}" data-e="${e}" data-l="${escapeHtml(label)}"><title>${escapeHtml(tip)}</title>` +
      `<rect x="${x.toFixed(2)}" y="${box.depth * ROW}" width="${w.toFixed(2)}" height="${ROW - 1}" fill="${color(box.node)}"/>` +
      `<text x="${(x + 3).toFixed(2)}" y="${box.depth * ROW + 13}">${escapeHtml(fit(label, w))}</text></g>`
    );
  });
  const what = kind === 'cpu' ? 'CPU time (idle left out)' : 'live sampled bytes by allocation site';
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font:13px sans-serif;margin:16px}svg{width:100%;height:auto}text{font:11px monospace;pointer-events:none}
g{cursor:pointer}rect{stroke:#fff;stroke-width:.5}
</style></head><body>
<h1 style="font-size:16px">${escapeHtml(title)}</h1>
<p>${escapeHtml(what)}: ${escapeHtml(describeValue(total))}. Click a frame to zoom in, click the top row to zoom out; hover for file:line.</p>
<svg id="flame" viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg">
${groups.join('\n')}
</svg>
<script>
(function () {
  var W = ${WIDTH}, CHAR = ${CHAR}, groups = document.querySelectorAll('#flame g');
  function fit(label, w) { var n = Math.floor((w - 6) / CHAR); return n < 2 ? '' : label.length <= n ? label : label.slice(0, n - 1) + '\\u2026'; }
  function zoom(s, e) {
    groups.forEach(function (g) {
      var a = Math.max(0, (+g.dataset.s - s) / (e - s)), b = Math.min(1, (+g.dataset.e - s) / (e - s)), w = (b - a) * W;
      var rect = g.querySelector('rect'), text = g.querySelector('text');
      g.style.display = w < 0.3 ? 'none' : '';
      rect.setAttribute('x', a * W); rect.setAttribute('width', Math.max(0, w));
      text.setAttribute('x', a * W + 3); text.textContent = fit(g.dataset.l, w);
    });
  }
  groups.forEach(function (g) { g.addEventListener('click', function () { zoom(+g.dataset.s, +g.dataset.e); }); });
})();
</script>
</body></html>
`;
}

/** Same function called from the same caller appears once (V8 may split it by call position). */
function mergeSiblings(node: FrameNode): FrameNode {
  const merged = new Map<string, FrameNode>();
  for (const child of node.children) {
    const key = frameKey(child.frame);
    const existing = merged.get(key);
    if (existing === undefined) merged.set(key, { ...child, children: [...child.children] });
    else {
      existing.self += child.self;
      existing.count += child.count;
      existing.children.push(...child.children);
    }
  }
  return { ...node, children: [...merged.values()].map(mergeSiblings) };
}

function layout(root: FrameNode): Box[] {
  const value = new Map<FrameNode, number>();
  const sum = (node: FrameNode): number => {
    const v = node.self + node.children.reduce((acc, child) => acc + sum(child), 0);
    value.set(node, v);
    return v;
  };
  const total = sum(root);
  const boxes: Box[] = [];
  const place = (node: FrameNode, start: number, depth: number) => {
    const v = value.get(node)!;
    if (depth > 0 && v < total * MIN_SHARE) return;
    boxes.push({ node, value: v, start, depth });
    let at = start;
    for (const child of [...node.children].sort((a, b) => value.get(b)! - value.get(a)!)) {
      place(child, at, depth + 1);
      at += value.get(child)!;
    }
  };
  place(root, 0, 0);
  return boxes;
}

/** Warm for the app's code, yellow for dependencies, blue for Node's own, grey for V8 and natives. */
function color(node: FrameNode): string {
  const { url, functionName: name } = node.frame;
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const jitter = hash % 20;
  if (url === '') return name === '(garbage collector)' ? 'hsl(0,70%,65%)' : `hsl(220,8%,${70 + (jitter % 10)}%)`;
  if (url.startsWith('node:')) return `hsl(${200 + jitter},45%,70%)`;
  if (url.includes('/node_modules/')) return `hsl(${45 + jitter},80%,62%)`;
  return `hsl(${10 + jitter},80%,62%)`;
}

function fit(label: string, width: number): string {
  const n = Math.floor((width - 6) / CHAR);
  if (n < 2) return '';
  return label.length <= n ? label : `${label.slice(0, n - 1)}…`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}
