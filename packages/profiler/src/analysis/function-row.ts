// One row of a summary table: a function or allocation site as the user looks it up.
import { frameFile, frameKey, frameLine, functionName, isNativeFrame } from './call-frame';
import type { FunctionStats } from './function-table';

export interface FunctionRow {
  name: string;
  /** Script path (or node:… / URL); '' for V8 pseudo-frames and natives called from nowhere. */
  file: string;
  /** 1-based; undefined when there is no script. */
  line: number | undefined;
  /** Builtins/natives folded into this row, heaviest first, e.g. `RegExp: ^(a+)+$`. */
  natives: string[];
  /** Scripted callers from the outermost down to this function, along its heaviest path. */
  calledFrom: Array<{ name: string; file: string; line: number | undefined }>;
}

export function functionRow(stats: FunctionStats): FunctionRow {
  const natives = [...stats.natives].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  const path = stats.heaviestPath.filter((frame) => frame.url !== '' && !isNativeFrame(frame));
  // The path ends at the row's own function (or a native inside it): callers are the frames before it.
  const own = path.length > 0 && frameKey(path[path.length - 1]) === frameKey(stats.frame) ? path.slice(0, -1) : path;
  return {
    name: functionName(stats.frame),
    file: frameFile(stats.frame),
    line: frameLine(stats.frame),
    natives,
    calledFrom: own.map((frame) => ({ name: functionName(frame), file: frameFile(frame), line: frameLine(frame) })),
  };
}

export function percentOf(part: number, whole: number): number {
  return whole > 0 ? (100 * part) / whole : 0;
}
