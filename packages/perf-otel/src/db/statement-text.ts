// The one place statement text is made safe to leave the process, per SQL dialect. It calls the
// shared sanitiser; for MySQL/MariaDB it first removes what that sanitiser (written for PostgreSQL)
// would leave in: backslash-escaped and double-quoted strings, and `#` comments. A dialect-aware
// tokenizer can replace the body of this function without touching its callers.
import { sanitizeSql } from '../pg/sql-sanitize';
import { DB_SYSTEM_NAME_VALUE_MARIADB, DB_SYSTEM_NAME_VALUE_MYSQL } from '../semconv';

// MySQL strings: '…' and "…" (unless ANSI_QUOTES, where "…" is an identifier: replacing it hides a
// name, never a value), each with \-escapes and doubled quotes; `…` identifiers are kept.
const MYSQL_LITERALS = /`(?:[^`]|``)*`|'(?:[^'\\]|\\[\s\S]|'')*'|"(?:[^"\\]|\\[\s\S]|"")*"|#[^\n]*/g;

export function sanitizeStatement(text: string, system: string): string {
  if (system === DB_SYSTEM_NAME_VALUE_MYSQL || system === DB_SYSTEM_NAME_VALUE_MARIADB) {
    return sanitizeSql(text.replace(MYSQL_LITERALS, (m) => (m[0] === '`' ? m : m[0] === '#' ? ' ' : '?')));
  }
  return sanitizeSql(text);
}
