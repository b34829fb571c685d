// What ioredis and node-redis metrics share: command names as semconv writes them, and the error
// prefix Redis puts first in every error reply.

const MAX_NAMES = 1000;
const upper = new Map<string, string>();

/** `get` → `GET`, cached: the set of command names an app uses is small. */
export function commandName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  let u = upper.get(name);
  if (u === undefined) {
    u = name.toUpperCase();
    // Names come from code, but raw sendCommand could pass anything: keep the cache bounded.
    if (upper.size >= MAX_NAMES) upper.clear();
    upper.set(name, u);
  }
  return u;
}

const PREFIX = /^([A-Z][A-Z_-]*)(?:\s|$)/;
/** Error classes of server replies: ioredis (redis-errors) and node-redis (RESP2 simple, RESP3 blob). */
const REPLY_ERRORS = new Set(['ReplyError', 'ErrorReply', 'SimpleError', 'BlobError']);

/** `WRONGTYPE`, `ERR`, `NOSCRIPT`…: the server's error class, for db.response.status_code. */
export function redisErrorPrefix(err: unknown): string | undefined {
  const e = err as { message?: unknown } | null;
  // Only server replies carry a prefix; client errors (closed connection, timeouts) have none.
  if (typeof e?.message !== 'string' || !REPLY_ERRORS.has(e.constructor?.name)) return undefined;
  return PREFIX.exec(e.message)?.[1];
}

export function redisErrorType(err: unknown, prefix: string | undefined): string {
  return prefix ?? (err as Error | null)?.constructor?.name ?? '_OTHER';
}
