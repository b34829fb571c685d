// The parts of mysql2 and mysql we touch, typed loosely: both are plain JavaScript.
import type { EventEmitter } from 'node:events';

export interface MysqlConnectionConfig {
  host?: string;
  port?: number;
  socketPath?: string;
  database?: string;
}

export interface MysqlConnection extends EventEmitter {
  config: MysqlConnectionConfig;
  /** mysql2: set once the server's handshake arrived; its version names MariaDB. */
  _handshakePacket?: { serverVersion?: string } | null;
  /** mysql: the same, on its protocol object. */
  _protocol?: { _handshakeInitializationPacket?: { serverVersion?: string } | null };
}

/** Connections / waiting callbacks: a ring buffer in mysql2, an array in mysql. */
export type MysqlQueue = { readonly length: number; get(index: number): unknown } | readonly unknown[];

export interface MysqlPool extends EventEmitter {
  config: { connectionLimit: number; connectionConfig: MysqlConnectionConfig };
  _allConnections: MysqlQueue;
  _freeConnections: MysqlQueue;
  _connectionQueue: MysqlQueue;
}

/** The last entry of a pool's queue. */
export function lastOf(queue: MysqlQueue): unknown {
  return 'get' in queue && typeof queue.get === 'function' ? queue.get(queue.length - 1) : (queue as readonly unknown[])[queue.length - 1];
}

/** A loaded class: the module file exports its constructor. */
export interface Constructor {
  prototype: object;
}

/** The prototype in `proto`'s chain that defines `method` itself (mysql2 3.x moved methods to base classes). */
export function ownerOf(proto: object, method: string): object | undefined {
  for (let p: object | null = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.prototype.hasOwnProperty.call(p, method)) return p;
  }
  return undefined;
}
