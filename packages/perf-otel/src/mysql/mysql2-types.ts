// The parts of mysql2 we touch, typed loosely: it is plain JavaScript.
import type { EventEmitter } from 'node:events';

export interface Mysql2ConnectionConfig {
  host?: string;
  port?: number;
  socketPath?: string;
  database?: string;
}

export interface Mysql2Connection extends EventEmitter {
  config: Mysql2ConnectionConfig;
  /** Set once the server's handshake arrived; its version names MariaDB. */
  _handshakePacket?: { serverVersion?: string } | null;
}

/** mysql2's ring buffer of connections / waiting callbacks. */
export interface Mysql2Queue {
  readonly length: number;
  get(index: number): unknown;
}

export interface Mysql2Pool extends EventEmitter {
  config: { connectionLimit: number; connectionConfig: Mysql2ConnectionConfig };
  _allConnections: Mysql2Queue;
  _freeConnections: Mysql2Queue;
  _connectionQueue: Mysql2Queue;
}

/** A loaded class: the module file exports its constructor. */
export interface Constructor { prototype: object }

/** The prototype in `proto`'s chain that defines `method` itself (mysql2 3.x moved methods to base classes). */
export function ownerOf(proto: object, method: string): object | undefined {
  for (let p: object | null = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.prototype.hasOwnProperty.call(p, method)) return p;
  }
  return undefined;
}
