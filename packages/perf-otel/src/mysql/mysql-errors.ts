// error.type and db.response.status_code of a failed MySQL/MariaDB statement.

/** Server errors carry the MySQL error number (1062 duplicate key, 1213 deadlock…), as semconv asks; client errors their code. */
export function mysqlStatusCode(err: unknown): string | undefined {
  const e = err as { errno?: unknown; sqlState?: unknown } | null;
  return typeof e?.errno === 'number' && typeof e.sqlState === 'string' ? String(e.errno) : undefined;
}

export function mysqlErrorType(err: unknown, statusCode: string | undefined): string {
  if (statusCode !== undefined) return statusCode;
  const code = (err as { code?: unknown } | null)?.code;
  // e.g. PROTOCOL_CONNECTION_LOST, ECONNREFUSED, PROTOCOL_SEQUENCE_TIMEOUT.
  if (typeof code === 'string') return code;
  return (err as Error | null)?.constructor?.name ?? '_OTHER';
}
