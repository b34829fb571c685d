/** What the progress display is told while a run goes. */
export interface ProgressState {
  stage: string;
  stageIndex: number;
  stageCount: number;
  repeat: number;
  repeats: number;
  elapsedSeconds: number;
  durationSeconds: number;
  requests: number;
  errors: number;
}

export interface ProgressSink {
  update(state: ProgressState): void;
  finish(): void;
}

const BAR_WIDTH = 24;

/** A one-line bar redrawn in place; only for terminals (a log file would fill with carriage returns). */
export function terminalProgressBar(stream: NodeJS.WriteStream): ProgressSink | undefined {
  if (!stream.isTTY) return undefined;
  return {
    update(state) {
      const done = Math.min(1, state.elapsedSeconds / state.durationSeconds);
      const filled = Math.round(done * BAR_WIDTH);
      const repeat = state.repeats > 1 ? ` run ${state.repeat}/${state.repeats}` : '';
      stream.write(
        `\r\x1b[K[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]${repeat} stage ${state.stageIndex + 1}/${state.stageCount} ${state.stage} ` +
          `${state.elapsedSeconds.toFixed(0)}/${state.durationSeconds}s ${state.requests} req ${state.errors} err`,
      );
    },
    finish() {
      stream.write('\r\x1b[K');
    },
  };
}
