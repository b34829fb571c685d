// perf-otel's own one-line log on stderr, and the adapter that routes the SDK's diag messages
// through it. Repeats of a message (an exporter failing every interval) are said once per window;
// a message that reports a change of state (`{ change: true }`) is always said, because hiding the
// second "failed" after a "works again" would leave a log that contradicts reality.
import { DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import type { LogLevel } from './config/env-vars';

const RANKS: Record<LogLevel, number> = { none: 0, error: 1, warn: 2, info: 3, debug: 4, verbose: 5, all: 6 };
const REPEAT_WINDOW_MS = 5 * 60_000;
// A safety net: whatever a message quotes, one log line stays readable.
const MAX_LINE = 1000;

/** `change`: the message reports a new state (failing, working again); never held back as a repeat. */
export interface SayOptions {
  change?: boolean;
}

export class Logger {
  private readonly lastSaid = new Map<string, number>();
  constructor(private readonly level: LogLevel) {}

  error(message: string, how?: SayOptions): void {
    this.write(1, message, how);
  }
  warn(message: string, how?: SayOptions): void {
    this.write(2, message, how);
  }
  info(message: string, how?: SayOptions): void {
    this.write(3, message, how);
  }
  debug(message: string): void {
    this.write(4, message);
  }

  private write(rank: number, message: string, how?: SayOptions): void {
    if (rank > RANKS[this.level]) return;
    const line = message.startsWith('perf-otel') ? message : `perf-otel: ${message}`;
    const key = line.slice(0, 120);
    const now = Date.now();
    const last = this.lastSaid.get(key);
    if (how?.change !== true && last !== undefined && now - last < REPEAT_WINDOW_MS) return;
    if (this.lastSaid.size > 500) this.lastSaid.clear();
    this.lastSaid.set(key, now);
    const flat = line.replace(/\s*\n\s*/g, ' ');
    process.stderr.write(`${flat.length > MAX_LINE ? `${flat.slice(0, MAX_LINE - 3)}...` : flat}\n`);
  }

  diagLogger(): DiagLogger {
    const fmt = (message: string, args: unknown[]) =>
      [message, ...args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : safeJson(a)))].join(' ');
    return {
      error: (m, ...a) => this.error(fmt(m, a)),
      warn: (m, ...a) => this.warn(fmt(m, a)),
      info: (m, ...a) => this.debug(fmt(m, a)),
      debug: (m, ...a) => this.debug(fmt(m, a)),
      verbose: (m, ...a) => this.debug(fmt(m, a)),
    };
  }

  /**
   * The SDK's global error handler prints whole stacks as JSON. Export failures are already said,
   * once and with the fix, by ReportingExporter; anything else is one line without the stack.
   */
  errorHandler(): (error: unknown) => void {
    return (error) => {
      const message = error instanceof Error ? error.message : typeof error === 'string' ? error : safeJson(error);
      if (message.includes('metrics export failed')) this.debug(message);
      else this.warn(message.split('\n')[0]);
    };
  }

  diagLevel(): DiagLogLevel {
    return RANKS[this.level] >= RANKS.debug ? DiagLogLevel.DEBUG : RANKS[this.level] >= RANKS.warn ? DiagLogLevel.WARN : DiagLogLevel.ERROR;
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v)?.slice(0, 300) ?? String(v);
  } catch {
    return String(v);
  }
}
