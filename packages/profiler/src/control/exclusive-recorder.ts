// One profile at a time, whoever asks (HTTP or signal): two profilers in one process would skew
// each other, and the second caller is told what is running and for how long.
import type { ProfileKind } from '../analysis/profile-types';

export type RecordingKind = ProfileKind | 'snapshot';

export class BusyError extends Error {
  override readonly name = 'BusyError';
}

interface Active {
  kind: RecordingKind;
  endsAt: number;
  abort: AbortController;
}

export class ExclusiveRecorder {
  private active: Active | undefined;

  /** Runs `job` unless another recording is in progress (then throws BusyError). */
  async run<T>(kind: RecordingKind, seconds: number, job: (abort: AbortSignal) => Promise<T>, abort = new AbortController()): Promise<T> {
    if (this.active !== undefined) throw new BusyError(this.describeActive(this.active));
    const active: Active = { kind, endsAt: Date.now() + seconds * 1000, abort };
    this.active = active;
    try {
      return await job(abort.signal);
    } finally {
      if (this.active === active) this.active = undefined;
    }
  }

  /** What is recording now: lets a caller (or a test) wait for a recording without starting one. */
  status(): { recording: RecordingKind | null; secondsLeft: number } {
    const active = this.active;
    return active === undefined
      ? { recording: null, secondsLeft: 0 }
      : { recording: active.kind, secondsLeft: Math.max(0, Math.ceil((active.endsAt - Date.now()) / 1000)) };
  }

  /** Ends the running recording early (stop() of the control, a client that hung up). */
  abort(): void {
    this.active?.abort.abort();
  }

  private describeActive(active: Active): string {
    const what =
      active.kind === 'snapshot' ? 'a heap snapshot is being written' : `a ${active.kind} profile is already running (${this.status().secondsLeft} s left)`;
    return `${what}; one profile at a time, retry when it is done`;
  }
}
