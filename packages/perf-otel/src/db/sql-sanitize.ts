// SQL with every literal replaced by `?`, so a statement can leave the process (slow-query logs)
// without the data in it. The lexer (sql-lexer.ts) decides what is a literal by the dialect's own
// rules; here literals become `?`, comments go, blanks collapse and lists collapse so statement
// shapes group together. Identifiers, keywords and placeholders ($1, ?, :name) stay.
import { classify, CODE, LITERAL, type SqlDialect } from './sql-lexer';

const LIST = /\(\s*-?\?(?:\s*,\s*-?\?)+\s*\)/g;
const MAX_LENGTH = 2048;

export function sanitizeSql(sql: string, dialect: SqlDialect): string {
  const cls = classify(sql, dialect);
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const k = cls[i];
    let j = i + 1;
    while (j < sql.length && cls[j] === k) j++;
    out += k === CODE ? sql.slice(i, j) : k === LITERAL ? '?' : ' ';
    i = j;
  }
  out = out.replace(/\s+/g, ' ').replace(LIST, '(?)').trim();
  return out.length > MAX_LENGTH ? `${out.slice(0, MAX_LENGTH)}…` : out;
}
