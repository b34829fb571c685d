// The one place statement text is made safe to leave the process, per SQL dialect: MySQL and
// MariaDB share one set of lexical rules, everything else is read by PostgreSQL's.
import { DB_SYSTEM_NAME_VALUE_MARIADB, DB_SYSTEM_NAME_VALUE_MYSQL } from '../semconv';
import { sanitizeSql } from './sql-sanitize';

export function sanitizeStatement(text: string, system: string): string {
  const mysql = system === DB_SYSTEM_NAME_VALUE_MYSQL || system === DB_SYSTEM_NAME_VALUE_MARIADB;
  return sanitizeSql(text, mysql ? 'mysql' : 'postgresql');
}
