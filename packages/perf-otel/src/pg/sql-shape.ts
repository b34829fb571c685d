// The operation and main table of a statement, for `db.operation.name` and `db.collection.name`,
// and its `db.query.summary` (every operation and table, see query-summary.ts).
// The shape is read from the sanitised text (the dialect's lexer has replaced every literal and
// removed every comment), so no value can become a label: `SELECT $$ FROM secret $$` names no table.
// Statements repeat (parameterised queries), so shapes are cached by text in a bounded map.

import type { SqlDialect } from '../db/sql-lexer';
import { sanitizeSql } from '../db/sql-sanitize';
import { querySummary } from './query-summary';

export interface SqlShape {
  operation: string | undefined;
  collection: string | undefined;
  summary: string | undefined;
}

const CACHE_LIMIT = 2000;
// One cache per dialect: the same text can read differently (MySQL's "…" is a string, PostgreSQL's a name).
const caches: Record<SqlDialect, Map<string, SqlShape>> = { postgresql: new Map(), mysql: new Map() };
const NONE: SqlShape = { operation: undefined, collection: undefined, summary: undefined };

// "quoted" (SQL) and `quoted` (MySQL/MariaDB) identifiers, optionally schema-qualified.
const IDENT = String.raw`((?:"[^"]+"|\`[^\`]+\`|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|\`[^\`]+\`|[A-Za-z_][\w$]*))?)`;
const TABLE_PATTERNS: Record<string, RegExp> = {
  SELECT: new RegExp(String.raw`\bFROM\s+(?:ONLY\s+)?${IDENT}`, 'i'),
  DELETE: new RegExp(String.raw`\bFROM\s+(?:ONLY\s+)?${IDENT}`, 'i'),
  INSERT: new RegExp(String.raw`\bINTO\s+${IDENT}`, 'i'),
  UPDATE: new RegExp(String.raw`^[\s(]*UPDATE\s+(?:ONLY\s+)?${IDENT}`, 'i'),
  TRUNCATE: new RegExp(String.raw`^\s*TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?${IDENT}`, 'i'),
  COPY: new RegExp(String.raw`^\s*COPY\s+${IDENT}`, 'i'),
};

// Statements whose summary lists every operation and table; others are "<operation> [<table>]".
const SUMMARISED = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'REPLACE', 'WITH']);

export function sqlShape(text: string | undefined, dialect: SqlDialect): SqlShape {
  if (typeof text !== 'string' || text === '') return NONE;
  const cache = caches[dialect];
  let shape = cache.get(text);
  if (shape !== undefined) return shape;
  shape = parse(sanitizeSql(text, dialect));
  // Dynamic SQL (literals inlined) would grow the cache forever: start over when it fills.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, shape);
  return shape;
}

function parse(sql: string): SqlShape {
  const operation = /^\s*\(?\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase();
  if (operation === undefined) return NONE;
  if (SUMMARISED.has(operation)) {
    const { summary, tables } = querySummary(sql, operation);
    // The main table: the first one named, except in a CTE, where it is the main statement's.
    return operation === 'WITH' ? { ...cteShape(sql), summary } : { operation, collection: tables[0], summary };
  }
  const table = tableOf(operation, sql);
  return { operation, collection: table, summary: table === undefined ? operation : `${operation} ${table}` };
}

/** A CTE: the statement that counts is the one after the last `)` that closes a CTE body. */
function cteShape(sql: string): { operation: string; collection: string | undefined } {
  const main = [...sql.matchAll(/\)\s*(SELECT|INSERT|UPDATE|DELETE)\b/gi)].at(-1);
  if (main?.index === undefined) return { operation: 'WITH', collection: undefined };
  const operation = main[1].toUpperCase();
  return { operation, collection: tableOf(operation, sql.slice(main.index + 1)) };
}

function tableOf(operation: string, sql: string): string | undefined {
  return TABLE_PATTERNS[operation]?.exec(sql)?.[1]?.replace(/["`]/g, '');
}
