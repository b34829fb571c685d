// The signal side of the control channel: `kill -USR2 <pid>` writes a fixed-length CPU profile to a
// file, for when no port can be reached (a container without a published port, a jump host).
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusyError, type ExclusiveRecorder } from './exclusive-recorder';
import { profileFileName } from './file-name';
import { recordProfile } from './record-profile';

export interface SignalTriggerOptions {
  signal: NodeJS.Signals;
  outputDir: string | undefined;
  signalSeconds: number;
  log: (message: string) => void;
}

/** Installs the listener; returns its removal. */
export function installSignalTrigger(options: SignalTriggerOptions, recorder: ExclusiveRecorder): () => void {
  const { signal, signalSeconds, log } = options;
  const dir = options.outputDir ?? tmpdir();
  // The file name leads each line: the distribution's log says a repeated line only once per window.
  const onSignal = () => {
    const name = profileFileName('cpu');
    log(`profiling: ${signal}: recording ${signalSeconds} s of CPU into ${name}`);
    recorder
      .run('cpu', signalSeconds, async (abort) => {
        const profile = await recordProfile('cpu', signalSeconds, abort);
        await mkdir(dir, { recursive: true });
        const file = join(dir, name);
        await writeFile(file, JSON.stringify(profile));
        log(`profiling: ${name} written: ${file}`);
      })
      .catch((error: unknown) => {
        if (error instanceof BusyError) log(`profiling: ${name} not recorded (${signal} ignored): ${error.message}`);
        else if ((error as Error)?.name !== 'AbortError') log(`profiling: ${name} failed: ${(error as Error)?.message ?? String(error)}`);
      });
  };
  process.on(signal, onSignal);
  return () => {
    process.off(signal, onSignal);
  };
}
