// node-redis (`redis` 5+, i.e. @redis/client 5/6) metrics: each command counted once into
// db.client.operation.duration with its own outcome. Single commands are timed at
// RedisClient#sendCommand; a MULTI's commands by the EXEC reply, which holds each one's error; a
// pipeline's commands at the command queue, where each has its own reply (the client reports only
// the pipeline's first error). The connection handshake (HELLO, AUTH, CLIENT SETINFO, SELECT of the
// configured database) goes straight to the queue and is not counted. The official
// @opentelemetry/instrumentation-redis emits spans only.
import { performance } from 'node:perf_hooks';
import {
  InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { emptyOperation, type DbOperation, type DbOperationMetrics } from '../db/operation-metrics';
import { DB_SYSTEM_NAME_VALUE_REDIS } from '../semconv';
import type { TenantValues } from '../tenant/tenant-context';
import { VERSION } from '../version';
import { commandName, redisErrorPrefix, redisErrorType } from './redis-common';

const SUPPORTED = ['>=5.0.0 <7'];
const kDb = Symbol('perf-otel.redis.db');

type Args = readonly unknown[];
interface Client {
  options?: { socket?: { host?: string; port?: number; path?: string }; database?: number };
  _self?: Client;
  [kDb]?: string;
}
interface BatchCommand { args: Args }
type Method = (this: Client, ...args: unknown[]) => unknown;
type Proto = Record<string, unknown>;

/** The pipeline being handed to the queue: set around the synchronous part of _executePipeline. */
interface PendingPipeline { client: Client; start: number; tv: TenantValues | undefined }

export class NodeRedisMetricsInstrumentation extends InstrumentationBase {
  private pipeline: PendingPipeline | undefined;
  private readonly op: DbOperation = emptyOperation(DB_SYSTEM_NAME_VALUE_REDIS);

  constructor(private readonly operations: DbOperationMetrics) {
    super('@org/perf-otel/redis', VERSION, { enabled: false });
  }

  protected override init() {
    const wrapAll = (proto: Proto | undefined, names: string[], wrapper: (name: string, original: Method) => Method) => {
      if (proto) for (const n of names) if (typeof proto[n] === 'function') this._wrap(proto as never, n as never, ((o: Method) => wrapper(n, o)) as never);
    };
    const unwrapAll = (proto: Proto | undefined, names: string[]) => {
      if (proto) for (const n of names) this._unwrap(proto as never, n as never);
    };
    const client = new InstrumentationNodeModuleFile('@redis/client/dist/lib/client/index.js', SUPPORTED,
      (exports: { default?: { prototype: Proto } }) => {
        wrapAll(exports?.default?.prototype, ['sendCommand'], (_n, o) => this.wrapSendCommand(o));
        wrapAll(exports?.default?.prototype, ['_executeMulti'], (_n, o) => this.wrapMulti(o));
        wrapAll(exports?.default?.prototype, ['_executePipeline'], (_n, o) => this.wrapPipeline(o));
        return exports;
      },
      (exports: { default?: { prototype: Proto } }) => unwrapAll(exports?.default?.prototype, ['sendCommand', '_executeMulti', '_executePipeline']));
    const queue = new InstrumentationNodeModuleFile('@redis/client/dist/lib/client/commands-queue.js', SUPPORTED,
      (exports: { default?: { prototype: Proto } }) => {
        wrapAll(exports?.default?.prototype, ['addBatch'], (_n, o) => this.wrapAddBatch(o));
        return exports;
      },
      (exports: { default?: { prototype: Proto } }) => unwrapAll(exports?.default?.prototype, ['addBatch']));
    return [new InstrumentationNodeModuleDefinition('@redis/client', SUPPORTED, undefined, undefined, [client, queue])];
  }

  private record(client: Client, name: unknown, start: number, tv: TenantValues | undefined, err: unknown): void {
    const { op } = this;
    const self = client._self ?? client;
    const o = self.options;
    const socket = o?.socket;
    op.address = socket?.path ?? socket?.host ?? 'localhost';
    op.port = socket?.path === undefined ? socket?.port ?? 6379 : undefined;
    op.namespace = self[kDb] ?? String(o?.database ?? 0);
    op.operation = commandName(typeof name === 'string' ? name : String(name));
    op.statusCode = err === undefined ? undefined : redisErrorPrefix(err);
    op.errorType = err === undefined ? undefined : redisErrorType(err, op.statusCode);
    this.operations.record(op, start, tv);
  }

  private wrapSendCommand(original: Method): Method {
    const self = this;
    const tenant = this.operations.tenant;
    return function sendCommand(this: Client, args: unknown): unknown {
      const start = performance.now();
      const tv = tenant?.current();
      // `arguments` passes the options on without an array per command.
      const result = original.apply(this, arguments as unknown as unknown[]);
      const list = args as Args;
      if (!Array.isArray(list) || typeof (result as Promise<unknown>)?.then !== 'function') return result;
      const client = this;
      (result as Promise<unknown>).then(() => {
        // SELECT moves the connection to another database: later commands belong to it.
        if (commandName(String(list[0])) === 'SELECT') (client._self ?? client)[kDb] = String(list[1]);
        self.record(client, list[0], start, tv, undefined);
      }, (err: unknown) => self.record(client, list[0], start, tv, err));
      return result;
    };
  }

  /** MULTI, the commands, EXEC: each counted when EXEC answers, a failed command with its own error. */
  private wrapMulti(original: Method): Method {
    const self = this;
    const tenant = this.operations.tenant;
    return function executeMulti(this: Client, commands: unknown): unknown {
      const start = performance.now();
      const tv = tenant?.current();
      const result = original.apply(this, arguments as unknown as unknown[]) as Promise<unknown>;
      const list = commands as BatchCommand[];
      if (!Array.isArray(list) || typeof result?.then !== 'function') return result;
      const client = this;
      // EXEC's replies hold each command's own error (node-redis throws MultiErrorReply only later,
      // when it transforms them); a rejection here (closed connection, WATCH) failed them all.
      const each = (err: unknown, replies: readonly unknown[] | undefined) => {
        self.record(client, 'MULTI', start, tv, err);
        list.forEach((c, i) => {
          const reply = replies?.[i];
          self.record(client, c.args[0], start, tv, reply instanceof Error ? reply : err);
        });
        self.record(client, 'EXEC', start, tv, err);
      };
      result.then((replies) => each(undefined, Array.isArray(replies) ? replies : undefined), (err: unknown) => {
        const replies = (err as { replies?: unknown } | null)?.replies;
        if (Array.isArray(replies)) each(undefined, replies);
        else each(err, undefined);
      });
      return result;
    };
  }

  private wrapPipeline(original: Method): Method {
    const self = this;
    const tenant = this.operations.tenant;
    return function executePipeline(this: Client): unknown {
      self.pipeline = { client: this, start: performance.now(), tv: tenant?.current() };
      try {
        return original.apply(this, arguments as unknown as unknown[]);
      } finally {
        self.pipeline = undefined;
      }
    };
  }

  private wrapAddBatch(original: Method): Method {
    const self = this;
    return function addBatch(this: unknown, commands: unknown): unknown {
      const promises = original.apply(this as Client, arguments as unknown as unknown[]);
      const pending = self.pipeline;
      // Only a pipeline's batch: MULTI batches are counted by their EXEC reply.
      if (pending === undefined || !Array.isArray(promises) || !Array.isArray(commands)) return promises;
      self.pipeline = undefined;
      const list = commands as BatchCommand[];
      promises.forEach((p: Promise<unknown>, i) => {
        const name = list[i]?.args?.[0];
        p.then(() => self.record(pending.client, name, pending.start, pending.tv, undefined),
          (err: unknown) => self.record(pending.client, name, pending.start, pending.tv, err));
      });
      return promises;
    };
  }
}
