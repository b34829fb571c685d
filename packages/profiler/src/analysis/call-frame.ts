// Naming a frame the way a user looks it up: function name and file:line (1-based, as editors count).
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallFrame } from './profile-types';

/** Same function, same place: what rows are grouped by. */
export function frameKey(frame: CallFrame): string {
  return `${frame.functionName}\u0000${frame.url}\u0000${frame.lineNumber}\u0000${frame.columnNumber}`;
}

/** V8's pseudo-frames: (root), (program), (idle), (garbage collector). */
export function isPseudoFrame(frame: CallFrame): boolean {
  return frame.url === '' && frame.functionName.startsWith('(');
}

/**
 * Builtins and natives (RegExp matching, String.prototype.repeat, C++ bindings) have no script:
 * their cost belongs to the JavaScript function that called them, which is what a user can change.
 */
export function isNativeFrame(frame: CallFrame): boolean {
  return frame.url === '' && !isPseudoFrame(frame);
}

export function functionName(frame: CallFrame): string {
  return frame.functionName === '' ? '(anonymous)' : frame.functionName;
}

/** The script's path for file: URLs, else the url as V8 gave it (node:internal/…, https://…). */
export function frameFile(frame: CallFrame): string {
  if (frame.url.startsWith('file://')) {
    try {
      return fileURLToPath(frame.url);
    } catch {
      return frame.url;
    }
  }
  return frame.url;
}

/** 1-based line, or undefined for frames without a script. */
export function frameLine(frame: CallFrame): number | undefined {
  return frame.url === '' || frame.lineNumber < 0 ? undefined : frame.lineNumber + 1;
}

/** `file:line`, with files under `cwd` shown relative to it; '' for frames without a script. */
export function frameLocation(file: string, line: number | undefined, cwd?: string): string {
  if (file === '') return '';
  let shown = file;
  if (cwd !== undefined && isAbsolute(file) && file.startsWith(cwd.endsWith(sep) ? cwd : cwd + sep)) shown = relative(cwd, file);
  return line === undefined ? shown : `${shown}:${line}`;
}
