// `db.query.summary` as the semantic conventions describe it: the operations and the tables they
// target, in the order they appear ("SELECT orders customers", "INSERT shipping SELECT orders"),
// so two statements on different tables are two series, and a statement with no table (SELECT
// pg_sleep(1)) says only its operation. Works on the statement text, never on its values.

const MAX_LENGTH = 255;
// Strings (skipped), identifiers (quoted or bare, schema-qualified) and the punctuation that matters.
const TOKEN = /'(?:[^'\\]|''|\\.)*'|((?:"[^"]*"|`[^`]*`|[A-Za-z_][\w$]*)(?:\s*\.\s*(?:"[^"]*"|`[^`]*`|[A-Za-z_][\w$]*))*)|([(),;])/g;
const DML = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'REPLACE']);
// A table list (after FROM) ends at these; JOIN starts another table.
const END_OF_TABLES = new Set([
  'WHERE',
  'GROUP',
  'ORDER',
  'LIMIT',
  'HAVING',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'RETURNING',
  'SET',
  'VALUES',
  'ON',
  'USING',
  'WINDOW',
  'OFFSET',
  'FETCH',
  'FOR',
  'SELECT',
  'LEFT',
  'RIGHT',
  'INNER',
  'OUTER',
  'FULL',
  'CROSS',
  'NATURAL',
  'STRAIGHT_JOIN',
  'DEFAULT',
  'WHEN',
  'THEN',
]);
const SKIP_BEFORE_TABLE = new Set(['ONLY', 'LATERAL', 'TABLE', 'IGNORE', 'LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY']);
// UPDATE/DELETE that are not statements: SELECT … FOR UPDATE, ON CONFLICT DO UPDATE, ON DUPLICATE
// KEY UPDATE, ON DELETE CASCADE.
const NOT_AN_OPERATION_AFTER = new Set(['FOR', 'DO', 'KEY', 'ON']);

type Token = { word: string; upper: string } | { punct: string };

export interface QuerySummary {
  summary: string;
  tables: string[];
}

/** The summary of `sql` (comments already removed), whose first keyword is `firstOperation`, and its tables in order. */
export function querySummary(sql: string, firstOperation: string): QuerySummary {
  const tokens = tokenize(sql);
  const parts: string[] = [];
  const tables: string[] = [];
  // Per open parenthesis: is it a function call (its FROM is EXTRACT(… FROM …), not a table)?
  const parens: boolean[] = [];
  let expect: 'table' | 'alias' | undefined;
  let list = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if ('punct' in t) {
      if (t.punct === '(') {
        const before = tokens[i - 1];
        parens.push(
          before !== undefined &&
            'word' in before &&
            !DML.has(before.upper) &&
            !END_OF_TABLES.has(before.upper) &&
            before.upper !== 'IN' &&
            before.upper !== 'EXISTS' &&
            before.upper !== 'AS' &&
            before.upper !== 'FROM' &&
            before.upper !== 'JOIN',
        );
        expect = undefined;
        list = false;
      } else if (t.punct === ')') {
        parens.pop();
        expect = undefined;
        list = false;
      } else if (t.punct === ',' && list) {
        expect = 'table';
      } else {
        expect = undefined;
        list = false;
      }
      continue;
    }
    const { upper } = t;
    const previous = tokens[i - 1];
    const prevUpper = previous !== undefined && 'word' in previous ? previous.upper : undefined;
    if (expect === 'table') {
      if (SKIP_BEFORE_TABLE.has(upper)) continue;
      const next = tokens[i + 1];
      // FROM generate_series(…), unnest(…): a function, not a table (INTO t (a, b) is a column list).
      if ((list && next !== undefined && 'punct' in next && next.punct === '(') || DML.has(upper)) {
        expect = undefined;
      } else {
        const table = t.word.replace(/["`]/g, '').replace(/\s+/g, '');
        parts.push(table);
        tables.push(table);
        expect = 'alias';
        continue;
      }
    }
    if (DML.has(upper) && !(prevUpper !== undefined && NOT_AN_OPERATION_AFTER.has(prevUpper))) {
      parts.push(upper);
      // UPDATE t SET …: the table follows at once.
      expect = upper === 'UPDATE' ? 'table' : undefined;
      list = false;
      continue;
    }
    if (upper === 'FROM' && parens.at(-1) !== true) {
      expect = 'table';
      list = true;
    } else if (upper === 'JOIN') {
      expect = 'table';
      list = true;
    } else if (upper === 'INTO') {
      expect = 'table';
      list = false;
    } else if (END_OF_TABLES.has(upper)) {
      expect = undefined;
      list = false;
    }
  }
  if (parts.length === 0) parts.push(firstOperation);
  const summary = parts.join(' ');
  return { summary: summary.length > MAX_LENGTH ? summary.slice(0, MAX_LENGTH) : summary, tables };
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  for (const m of sql.matchAll(TOKEN)) {
    if (m[1] !== undefined) tokens.push({ word: m[1], upper: m[1].toUpperCase() });
    else if (m[2] !== undefined) tokens.push({ punct: m[2] });
  }
  return tokens;
}
