// The parts of pg and pg-pool we touch, typed loosely: both are plain JavaScript.
import type { EventEmitter } from 'node:events';

export interface PgClient {
  database?: string;
  host?: string;
  port?: number;
  query(...args: unknown[]): unknown;
  connect(...args: unknown[]): unknown;
}

export interface PgPool extends EventEmitter {
  options: { max?: number; host?: string; port?: number; database?: string; connectionString?: string };
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  _clients: PgClient[];
  connect(...args: unknown[]): unknown;
  end(...args: unknown[]): unknown;
  newClient(...args: unknown[]): unknown;
}

export interface PgPoolConstructor {
  prototype: PgPool;
}
export interface PgClientConstructor {
  prototype: PgClient;
}
