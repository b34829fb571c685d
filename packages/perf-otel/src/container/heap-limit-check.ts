// A heap allowed to grow past the container's memory limit means the kernel OOM-kills the process
// (no stack, no heap-out-of-memory message) before V8 ever tries its hardest garbage collection.
import { getHeapStatistics } from 'node:v8';
import type { MemorySource } from './cgroup-sources';

const MIB = 1024 * 1024;

/** The warning to print at start, or undefined when the heap limit fits the container. */
export function heapLimitWarning(memory: MemorySource | undefined): string | undefined {
  const limit = memory?.limit();
  if (limit === undefined) return undefined;
  const heap = getHeapStatistics().heap_size_limit;
  if (heap <= limit) return undefined;
  // Heap plus code, buffers and native memory must fit: three quarters of the limit leaves room.
  const suggested = Math.floor((limit * 0.75) / MIB);
  return (
    `the V8 heap limit (${Math.round(heap / MIB)} MiB) is above the container memory limit ` +
    `(${Math.round(limit / MIB)} MiB, ${memory!.limitFile()}): the kernel will OOM-kill the process before V8 runs out of heap. ` +
    `Set NODE_OPTIONS=--max-old-space-size=${suggested} (75 % of the container limit) or raise the container's memory limit.`
  );
}
