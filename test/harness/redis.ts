import { connect } from 'node:net';
import { freePort, LOOPBACK } from './free-port';
import { ManagedProcess, requireBinary } from './managed-process';
import { pollUntil } from './poll';
import { makeTempDir, removeTempDir } from './temp-dir';

export const REDIS_SERVER_BIN = '/usr/bin/redis-server';
const READY_TIMEOUT_MS = 30000;

export interface RunningRedis {
  host: string;
  port: number;
  readonly pid: number;
  dataDir: string;
  /** redis://127.0.0.1:<port> */
  url: string;
  /** Sends one command (inline protocol) and resolves with the raw reply, e.g. `+PONG\r\n`. */
  command(line: string): Promise<string>;
  output(): string;
  /** SIGTERM (then SIGKILL), then deletes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** One inline command on a fresh connection; the first reply chunk is enough for the simple replies tests use. */
function sendInline(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: LOOPBACK, port });
    socket.setTimeout(2000, () => { socket.destroy(); reject(new Error(`redis: no reply to ${line}`)); });
    socket.once('error', reject);
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.once('data', (chunk) => { socket.end(); resolve(chunk.toString('utf8')); });
  });
}

/**
 * Starts Debian's redis-server on a free loopback port with a temp working dir and no persistence
 * (`--save ''`, no AOF); resolves once it answers PING.
 */
export async function startRedis(): Promise<RunningRedis> {
  requireBinary(REDIS_SERVER_BIN, 'redis-server');
  const port = await freePort();
  const dataDir = await makeTempDir('redis');
  const proc = new ManagedProcess('redis-server', REDIS_SERVER_BIN, [
    '--port', String(port), '--bind', LOOPBACK, '--save', '', '--appendonly', 'no', '--dir', dataDir,
    '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'warning',
  ], { cwd: dataDir });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await proc.stop();
    await removeTempDir(dataDir);
  };
  try {
    await pollUntil(`redis-server on ${LOOPBACK}:${port}`, async () => ((await sendInline(port, 'PING')).startsWith('+PONG') ? true : undefined),
      READY_TIMEOUT_MS, proc.exitReason);
  } catch (error) {
    await stop();
    throw new Error(`redis-server did not start: ${(error as Error).message}\n${proc.output.slice(-4000)}`);
  }
  return {
    host: LOOPBACK,
    port,
    get pid() { return proc.pid; },
    dataDir,
    url: `redis://${LOOPBACK}:${port}`,
    command: (line) => sendInline(port, line),
    output: () => proc.output,
    stop,
  };
}
