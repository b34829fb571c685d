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
  /**
   * Commands received per name (lower case, subcommands folded into their command) since start or the
   * last CONFIG RESETSTAT, from INFO commandstats: calls plus calls rejected before running (e.g. an
   * known command refused before running), so what came over the wire. Unknown commands and
   * subcommands are not in it: see errorCounts().
   */
  commandCounts(): Promise<Record<string, number>>;
  /** Error replies sent per prefix (ERR, WRONGTYPE…), from INFO errorstats. */
  errorCounts(): Promise<Record<string, number>>;
  output(): string;
  /** SIGTERM (then SIGKILL), then deletes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** Whether `reply` holds one whole RESP reply: a bulk string (`$n`, e.g. INFO) its n bytes; other replies the first chunk with a line end (small arrays come in one). */
function complete(reply: Buffer): boolean {
  const eol = reply.indexOf('\r\n');
  if (eol < 0) return false;
  if (reply[0] !== 0x24 /* $ */) return true;
  const length = Number(reply.subarray(1, eol).toString());
  return length < 0 || reply.length >= eol + 2 + length + 2;
}

/** One inline command on a fresh connection; resolves with the raw reply (simple, error, integer or bulk). */
function sendInline(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: LOOPBACK, port });
    let reply = Buffer.alloc(0);
    socket.setTimeout(2000, () => {
      socket.destroy();
      reject(new Error(`redis: no reply to ${line}`));
    });
    socket.once('error', reject);
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (chunk: Buffer) => {
      reply = Buffer.concat([reply, chunk]);
      if (complete(reply)) {
        socket.end();
        resolve(reply.toString('utf8'));
      }
    });
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
  const proc = new ManagedProcess(
    'redis-server',
    REDIS_SERVER_BIN,
    [
      '--port',
      String(port),
      '--bind',
      LOOPBACK,
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dataDir,
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--loglevel',
      'warning',
    ],
    { cwd: dataDir },
  );
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await proc.stop();
    await removeTempDir(dataDir);
  };
  try {
    await pollUntil(
      `redis-server on ${LOOPBACK}:${port}`,
      async () => ((await sendInline(port, 'PING')).startsWith('+PONG') ? true : undefined),
      READY_TIMEOUT_MS,
      proc.exitReason,
    );
  } catch (error) {
    await stop();
    throw new Error(`redis-server did not start: ${(error as Error).message}\n${proc.output.slice(-4000)}`, { cause: error });
  }
  return {
    host: LOOPBACK,
    port,
    get pid() {
      return proc.pid;
    },
    dataDir,
    url: `redis://${LOOPBACK}:${port}`,
    command: (line) => sendInline(port, line),
    async commandCounts() {
      const info = await sendInline(port, 'INFO commandstats');
      const counts: Record<string, number> = {};
      for (const m of info.matchAll(/^cmdstat_([^:|]+)[^:]*:calls=(\d+)(?:.*?rejected_calls=(\d+))?/gm)) {
        counts[m[1]] = (counts[m[1]] ?? 0) + Number(m[2]) + Number(m[3] ?? 0);
      }
      return counts;
    },
    async errorCounts() {
      const info = await sendInline(port, 'INFO errorstats');
      return Object.fromEntries([...info.matchAll(/^errorstat_([^:]+):count=(\d+)/gm)].map((m) => [m[1], Number(m[2])]));
    },
    output: () => proc.output,
    stop,
  };
}
