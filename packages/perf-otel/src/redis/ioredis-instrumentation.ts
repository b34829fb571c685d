// ioredis metrics: every command that Redis#sendCommand accepts (typed commands, pipelines and
// MULTI, the ready check) is counted once into db.client.operation.duration when its reply or
// error arrives. The official @opentelemetry/instrumentation-ioredis emits spans only.
import { performance } from 'node:perf_hooks';
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { emptyOperation, type DbOperationMetrics } from '../db/operation-metrics';
import { DB_SYSTEM_NAME_VALUE_REDIS } from '../semconv';
import type { DbCaller } from '../db/request-scope';
import { VERSION } from '../version';
import { commandName, redisErrorPrefix, redisErrorType } from './redis-common';

const SUPPORTED = ['>=4.0.0 <7'];
const kSeen = Symbol('perf-otel.ioredis.seen');

interface IoredisCommand {
  name: string;
  resolve: (value: unknown) => unknown;
  reject: (err: unknown) => unknown;
  [kSeen]?: true;
}
interface IoredisClient {
  options: { host?: string; port?: number; path?: string; db?: number };
  condition?: { select?: number } | null;
}
type SendCommand = (this: IoredisClient, command: IoredisCommand, ...rest: unknown[]) => unknown;
type RedisClass = { prototype: { sendCommand: SendCommand } };

export class IoredisMetricsInstrumentation extends InstrumentationBase {
  constructor(private readonly operations: DbOperationMetrics) {
    super('@org/perf-otel/ioredis', VERSION, { enabled: false });
  }

  protected override init() {
    const classOf = (exports: RedisClass & { default?: RedisClass }): RedisClass | undefined =>
      typeof exports?.prototype?.sendCommand === 'function' ? exports : exports?.default;
    return [
      new InstrumentationNodeModuleDefinition(
        'ioredis',
        SUPPORTED,
        (exports: RedisClass & { default?: RedisClass }) => {
          const Redis = classOf(exports);
          if (Redis !== undefined) this._wrap(Redis.prototype, 'sendCommand', (original) => this.wrapSendCommand(original));
          this.operations.driverLoaded();
          return exports;
        },
        (exports: RedisClass & { default?: RedisClass }) => {
          const Redis = exports && classOf(exports);
          if (Redis !== undefined) this._unwrap(Redis.prototype, 'sendCommand');
        },
      ),
    ];
  }

  private wrapSendCommand(original: SendCommand): SendCommand {
    const { operations } = this;
    const op = emptyOperation(DB_SYSTEM_NAME_VALUE_REDIS);
    function record(client: IoredisClient, command: IoredisCommand, start: number, caller: DbCaller, err: unknown): void {
      const o = client.options;
      op.address = o.path ?? o.host ?? 'localhost';
      op.port = o.path === undefined ? (o.port ?? 6379) : undefined;
      // semconv: the database index is the namespace; SELECT changes it on the connection.
      op.namespace = String(client.condition?.select ?? o.db ?? 0);
      op.operation = commandName(command.name);
      op.statusCode = err === undefined ? undefined : redisErrorPrefix(err);
      op.errorType = err === undefined ? undefined : redisErrorType(err, op.statusCode);
      operations.record(op, start, caller);
    }

    return function sendCommand(this: IoredisClient, command: IoredisCommand): unknown {
      // A command passes here again when the offline queue is flushed or after a reconnect: count it once.
      if (command !== null && typeof command === 'object' && command[kSeen] === undefined && typeof command.resolve === 'function') {
        command[kSeen] = true;
        const start = performance.now();
        const caller = operations.caller();
        const client = this;
        const { resolve, reject } = command;
        // A command that timed out can still get its reply later: the first outcome counts.
        let settled = false;
        command.resolve = (value: unknown) => {
          if (!settled) {
            settled = true;
            record(client, command, start, caller, undefined);
          }
          return resolve(value);
        };
        command.reject = (err: unknown) => {
          if (!settled) {
            settled = true;
            record(client, command, start, caller, err);
          }
          return reject(err);
        };
      }
      // `arguments` keeps the stream/node arguments pipelines pass, without an array per command.
      return original.apply(this, arguments as unknown as Parameters<SendCommand>);
    };
  }
}
