import { CliIo } from '../src/command';
import { COMMANDS } from '../src/commands';
import { dispatch } from '../src/dispatch';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the real dispatcher with the real commands, capturing what it writes. */
export async function runCli(argv: string[], cwd: string): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    cwd,
  };
  const code = await dispatch(argv, COMMANDS, io);
  return { code, out, err };
}
