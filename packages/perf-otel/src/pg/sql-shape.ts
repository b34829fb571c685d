// The operation and main table of a statement, for `db.operation.name` and `db.collection.name`.
// Statements repeat (parameterised queries), so shapes are cached by text in a bounded map.

export interface SqlShape { operation: string | undefined; collection: string | undefined }

const CACHE_LIMIT = 2000;
const cache = new Map<string, SqlShape>();
const NONE: SqlShape = { operation: undefined, collection: undefined };

const COMMENTS = /--[^\n]*|\/\*[\s\S]*?\*\//g;
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

export function sqlShape(text: string | undefined): SqlShape {
  if (typeof text !== 'string' || text === '') return NONE;
  let shape = cache.get(text);
  if (shape !== undefined) return shape;
  shape = parse(text);
  // Dynamic SQL (literals inlined) would grow the cache forever: start over when it fills.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, shape);
  return shape;
}

function parse(text: string): SqlShape {
  let sql = text.replace(COMMENTS, ' ');
  let operation = /^\s*\(?\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase();
  if (operation === undefined) return NONE;
  if (operation === 'WITH') {
    // A CTE: the statement that counts is the one after the last `)` that closes a CTE body.
    const mains = [...sql.matchAll(/\)\s*(SELECT|INSERT|UPDATE|DELETE)\b/gi)];
    const main = mains.at(-1);
    if (main?.index === undefined) return { operation, collection: undefined };
    operation = main[1].toUpperCase();
    sql = sql.slice(main.index + 1);
  }
  const table = TABLE_PATTERNS[operation]?.exec(sql)?.[1]?.replace(/["`]/g, '');
  return { operation, collection: table };
}
