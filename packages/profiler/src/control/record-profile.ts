// Records one profile of this process through an in-process inspector session. The session exists
// only while recording: nothing is enabled, and nothing is paid, between requests.
import type { Session as InspectorSession } from 'node:inspector/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CpuProfile, HeapProfile, ProfileKind } from '../analysis/profile-types';

/** Loaded on first use: an idle control channel does not even load the inspector module. */
function openSession(): InspectorSession {
  const { Session } = require('node:inspector/promises') as { Session: typeof InspectorSession };
  const session = new Session();
  session.connect();
  return session;
}

/** Bytes between heap samples; V8's default, cheap enough to leave on for minutes under load. */
const HEAP_SAMPLING_INTERVAL = 32 * 1024;

export async function recordProfile(kind: 'cpu', seconds: number, abort: AbortSignal): Promise<CpuProfile>;
export async function recordProfile(kind: 'heap', seconds: number, abort: AbortSignal): Promise<HeapProfile>;
export async function recordProfile(kind: ProfileKind, seconds: number, abort: AbortSignal): Promise<CpuProfile | HeapProfile>;
export async function recordProfile(kind: ProfileKind, seconds: number, abort: AbortSignal): Promise<CpuProfile | HeapProfile> {
  const session = openSession();
  try {
    if (kind === 'cpu') {
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      await wait(seconds, abort);
      return (await session.post('Profiler.stop')).profile as CpuProfile;
    }
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: HEAP_SAMPLING_INTERVAL });
    await wait(seconds, abort);
    // The sampler forgets objects the GC frees: collecting first leaves what is still held, which
    // is what a leak hunt needs (garbage not yet collected would otherwise hide the retaining site).
    await session.post('HeapProfiler.collectGarbage');
    return (await session.post('HeapProfiler.stopSampling')).profile as HeapProfile;
  } finally {
    // Closing the session also stops a profiler it started (an aborted recording ends here).
    session.disconnect();
  }
}

/**
 * Streams a full heap snapshot (`.heapsnapshot`) chunk by chunk. The process is paused while V8
 * writes it and may need as much memory again as the heap holds.
 */
export async function writeHeapSnapshot(write: (chunk: string) => void): Promise<void> {
  const session = openSession();
  const onChunk = (message: { params: { chunk: string } }) => write(message.params.chunk);
  session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await session.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    session.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
    session.disconnect();
  }
}

/** An unref'd wait: a recording never keeps an app alive that is done. */
function wait(seconds: number, abort: AbortSignal): Promise<void> {
  return sleep(seconds * 1000, undefined, { ref: false, signal: abort });
}
