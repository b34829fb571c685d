// Runs a Node script in a child on the app CPU (when pinned) and returns the JSON of its last line.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pinnedCommand } from './pinning.mjs';

const run = promisify(execFile);

export async function nodeJson(pinning, args, { env = process.env, timeoutMs = 300000 } = {}) {
  const [cmd, argv] = pinnedCommand(pinning, 'app', process.execPath, args);
  const { stdout } = await run(cmd, argv, { env, timeout: timeoutMs, maxBuffer: 16 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop());
}
