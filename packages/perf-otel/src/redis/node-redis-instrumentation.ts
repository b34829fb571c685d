// node-redis (`redis` 4, 5 and 6, i.e. @redis/client 1, 5 and 6) metrics: each command counted once
// into db.client.operation.duration with its own outcome. A MULTI's commands are counted by the
// EXEC reply, which holds each one's error. Pipelines (and every command of @redis/client 1, whose
// client sends through a private method) are counted at the command queue, where each command has
// its own reply: the client method that hands them over marks which client they belong to for the
// synchronous moment of the call. The connection handshake (HELLO, AUTH, CLIENT SETINFO, SELECT of
// the configured database) goes to the queue unmarked and is not counted. The official
// @opentelemetry/instrumentation-redis emits spans only.
import { performance } from 'node:perf_hooks';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { emptyOperation, type DbOperation, type DbOperationMetrics } from '../db/operation-metrics';
import { DB_SYSTEM_NAME_VALUE_REDIS } from '../semconv';
import type { DbCaller } from '../db/request-scope';
import { VERSION } from '../version';
import { commandName, redisErrorPrefix, redisErrorType } from './redis-common';

const V1 = ['^1.0.0'];
const V5 = ['>=5.0.0 <7'];
const kDb = Symbol('perf-otel.redis.db');
/** @redis/client 1 methods that send one command each through the private #sendCommand. */
const V1_SENDERS = ['commandsExecutor', 'sendCommand', 'executeScript', 'executeFunction', 'SELECT'];

type Args = readonly unknown[];
interface Client {
  options?: { socket?: { host?: string; port?: number; path?: string }; database?: number };
  _self?: Client;
  [kDb]?: string;
}
interface BatchCommand {
  args: Args;
}
type Method = (this: Client, ...args: unknown[]) => unknown;
type Proto = Record<string, unknown>;
type Exports = { default?: { prototype: Proto } } | undefined;
interface AttachConfig {
  BaseClass?: { name?: string };
  executor?: Method;
}

/** Who the commands now entering the queue belong to (set for the synchronous part of a client call). */
interface Marked {
  client: Client;
  start: number;
  caller: DbCaller;
}

export class NodeRedisMetricsInstrumentation extends InstrumentationBase {
  private marked: Marked | undefined;
  private readonly op: DbOperation = emptyOperation(DB_SYSTEM_NAME_VALUE_REDIS);

  constructor(private readonly operations: DbOperationMetrics) {
    super('@org/perf-otel/redis', VERSION, { enabled: false });
  }

  protected override init() {
    const file = (path: string, versions: string[], wrappers: Record<string, (original: Method) => Method>) =>
      new InstrumentationNodeModuleFile(
        `@redis/client/dist/lib/client/${path}`,
        versions,
        (exports: Exports) => {
          const proto = exports?.default?.prototype;
          if (proto) {
            for (const [name, wrapper] of Object.entries(wrappers)) {
              if (typeof proto[name] === 'function') this._wrap(proto as never, name as never, wrapper as never);
            }
          }
          this.operations.driverLoaded();
          return exports;
        },
        (exports: Exports) => {
          const proto = exports?.default?.prototype;
          if (proto) for (const name of Object.keys(wrappers)) this._unwrap(proto as never, name as never);
        },
      );
    const mark = (o: Method) => this.marking(o);
    return [
      new InstrumentationNodeModuleDefinition('@redis/client', V5, undefined, undefined, [
        file('index.js', V5, {
          sendCommand: (o) => this.wrapSendCommand(o),
          _executeMulti: (o) => this.wrapMulti(o, (replies) => replies),
          _executePipeline: mark,
        }),
        file('commands-queue.js', V5, { addBatch: (o) => this.wrapQueue(o, 'batch') }),
      ]),
      new InstrumentationNodeModuleDefinition('@redis/client', V1, undefined, undefined, [
        file('index.js', V1, {
          ...Object.fromEntries(V1_SENDERS.map((name) => [name, mark])),
          // With a chain id a MULTI, without a pipeline; the EXEC reply comes last.
          multiExecutor: (o) => {
            const multi = this.wrapMulti(o, (results) => (Array.isArray(results) ? results[results.length - 1] : undefined));
            const pipeline = this.marking(o);
            return function multiExecutor(this: Client, ...args: unknown[]) {
              return (args[2] === undefined ? pipeline : multi).apply(this, args);
            };
          },
        }),
        file('commands-queue.js', V1, { addCommand: (o) => this.wrapQueue(o, 'command') }),
        // The typed commands (client.get…) are attached with the executor captured when the client
        // module loads, before its prototype could be patched: mark at attachment instead.
        new InstrumentationNodeModuleFile(
          '@redis/client/dist/lib/commander.js',
          V1,
          (exports: { attachCommands?: unknown } | undefined) => {
            if (typeof exports?.attachCommands === 'function') {
              this._wrap(
                exports as never,
                'attachCommands' as never,
                ((original: (config: AttachConfig) => unknown) => (config: AttachConfig) => {
                  if (config?.BaseClass?.name === 'RedisClient' && typeof config.executor === 'function') config.executor = mark(config.executor);
                  return original(config);
                }) as never,
              );
            }
            return exports;
          },
          (exports: { attachCommands?: unknown } | undefined) => {
            if (exports) this._unwrap(exports as never, 'attachCommands' as never);
          },
        ),
      ]),
    ];
  }

  private record(client: Client, name: unknown, start: number, caller: DbCaller, err: unknown): void {
    const { op } = this;
    const self = client._self ?? client;
    const o = self.options;
    const socket = o?.socket;
    op.address = socket?.path ?? socket?.host ?? 'localhost';
    op.port = socket?.path === undefined ? (socket?.port ?? 6379) : undefined;
    op.namespace = self[kDb] ?? String(o?.database ?? 0);
    op.operation = commandName(typeof name === 'string' ? name : String(name));
    op.statusCode = err === undefined ? undefined : redisErrorPrefix(err);
    op.errorType = err === undefined ? undefined : redisErrorType(err, op.statusCode);
    this.operations.record(op, start, caller);
  }

  /** Counts one command when its reply or error arrives. */
  private settle(client: Client, args: Args, start: number, caller: DbCaller, reply: Promise<unknown>): void {
    reply.then(
      () => {
        // SELECT moves the connection to another database: later commands belong to it.
        if (commandName(String(args[0])) === 'SELECT') (client._self ?? client)[kDb] = String(args[1]);
        this.record(client, args[0], start, caller, undefined);
      },
      (err: unknown) => this.record(client, args[0], start, caller, err),
    );
  }

  private wrapSendCommand(original: Method): Method {
    const self = this;
    const operations = this.operations;
    return function sendCommand(this: Client, args: unknown): unknown {
      const start = performance.now();
      const caller = operations.caller();
      // `arguments` passes the options on without an array per command.
      const result = original.apply(this, arguments as unknown as unknown[]);
      if (Array.isArray(args) && typeof (result as Promise<unknown>)?.then === 'function') self.settle(this, args, start, caller, result as Promise<unknown>);
      return result;
    };
  }

  /** MULTI, the commands, EXEC: each counted when EXEC answers, a failed command with its own error. */
  private wrapMulti(original: Method, execReplies: (result: unknown) => unknown): Method {
    const self = this;
    const operations = this.operations;
    return function executeMulti(this: Client, commands: unknown): unknown {
      const start = performance.now();
      const caller = operations.caller();
      // Its commands reach the queue unmarked: their QUEUED replies are not their outcome.
      const outer = self.marked;
      self.marked = undefined;
      let result: Promise<unknown>;
      try {
        result = original.apply(this, arguments as unknown as unknown[]) as Promise<unknown>;
      } finally {
        self.marked = outer;
      }
      const list = commands as BatchCommand[];
      if (!Array.isArray(list) || typeof result?.then !== 'function') return result;
      const client = this;
      const each = (err: unknown, replies: unknown) => {
        self.record(client, 'MULTI', start, caller, err);
        list.forEach((c, i) => {
          const reply = Array.isArray(replies) ? replies[i] : undefined;
          self.record(client, c.args[0], start, caller, reply instanceof Error ? reply : err);
        });
        self.record(client, 'EXEC', start, caller, err);
      };
      // A rejection with replies (MultiErrorReply) is EXEC's answer; any other (closed connection,
      // WATCH, a command refused while queueing) failed them all.
      result.then(
        (value) => each(undefined, execReplies(value)),
        (err: unknown) => {
          const replies = (err as { replies?: unknown } | null)?.replies;
          if (Array.isArray(replies)) each(undefined, replies);
          else each(err, undefined);
        },
      );
      return result;
    };
  }

  /** Marks the commands the call hands to the queue as this client's. */
  private marking(original: Method): Method {
    const self = this;
    const operations = this.operations;
    return function marked(this: Client): unknown {
      const outer = self.marked;
      self.marked = { client: this, start: performance.now(), caller: operations.caller() };
      try {
        return original.apply(this, arguments as unknown as unknown[]);
      } finally {
        self.marked = outer;
      }
    };
  }

  /** The queue's addCommand(args) → reply, or addBatch([{ args }]) → replies: counts marked commands. */
  private wrapQueue(original: Method, kind: 'command' | 'batch'): Method {
    const self = this;
    return function enqueue(this: Client, commands: unknown): unknown {
      const result = original.apply(this, arguments as unknown as unknown[]);
      const m = self.marked;
      if (m === undefined) return result;
      if (kind === 'command') {
        if (Array.isArray(commands) && typeof (result as Promise<unknown>)?.then === 'function')
          self.settle(m.client, commands, m.start, m.caller, result as Promise<unknown>);
      } else if (Array.isArray(commands) && Array.isArray(result)) {
        (result as Promise<unknown>[]).forEach((reply, i) => {
          const args = (commands as BatchCommand[])[i]?.args;
          if (Array.isArray(args)) self.settle(m.client, args, m.start, m.caller, reply);
        });
      }
      return result;
    };
  }
}
