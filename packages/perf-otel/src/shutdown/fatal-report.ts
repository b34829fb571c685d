// What Node prints for an uncaught exception, rebuilt for an error perf-otel held back to flush
// first: the throw site's source line with a caret, the inspected error, and the Node version.
// Node takes the throw site from V8's message, which JavaScript cannot see; the error's top stack
// frame is the same place for errors V8 raises (TypeError, ReferenceError, …) and for
// `throw new Error(…)` (the caret then goes back to `throw`). An error made on one line and thrown on
// another is shown at the line that made it. Undefined when there is no such frame: the caller then
// lets Node report the error itself.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';

const FRAME = /^\s+at (?:.*? \()?((?:file:\/\/)?\/[^()]+?):(\d+):(\d+)\)?$/m;

export function fatalReport(error: unknown): string | undefined {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return undefined;
  const frame = FRAME.exec(error.stack);
  if (frame === null) return undefined;
  const [, where, lineText, columnText] = frame;
  let source: string;
  try {
    source = readFileSync(where.startsWith('file://') ? fileURLToPath(where) : where, 'utf8').split(/\r?\n/)[Number(lineText) - 1];
  } catch {
    return undefined;
  }
  if (source === undefined) return undefined;
  let caret = Number(columnText) - 1;
  const before = /throw\s+$/.exec(source.slice(0, caret));
  if (before !== null) caret = before.index;
  return `${where}:${lineText}\n${source}\n${' '.repeat(caret)}^\n\n${inspect(error)}\n\nNode.js ${process.version}\n`;
}
