// Which characters of a SQL statement are data (string, bit/hex and numeric literals), which are
// comments and which are code, following the lexical rules of PostgreSQL or MySQL/MariaDB. Used to
// cut every literal out of statement text before it leaves the process (see sql-sanitize.ts).
//
// Some rules depend on server settings the client cannot see: PostgreSQL's
// standard_conforming_strings (a backslash escapes a quote in '…' only when off) and MySQL's
// NO_BACKSLASH_ESCAPES and ANSI_QUOTES. When the text could read differently under them (it holds
// a backslash or, for MySQL, a double quote), it is scanned under every reading. A reading that
// leaves a string or comment open at the end cannot be the server's (the server would have refused
// the statement), so it is set aside when another reading closes everything; of the rest, a
// character counts as code only if it is code under all of them. Whichever the setting, no literal
// is shown, and the usual reading's statement shape survives a `\'` inside a string.

export type SqlDialect = 'postgresql' | 'mysql';

export const CODE = 0;
export const LITERAL = 1;
export const COMMENT = 2;

interface Reading {
  /** Backslash escapes the next character inside '…' (PostgreSQL with standard_conforming_strings off; MySQL by default). */
  backslashInPlain: boolean;
  /** "…" is a string (MySQL without ANSI_QUOTES), else a quoted identifier. */
  doubleQuoteIsString: boolean;
}

/** One class (CODE, LITERAL, COMMENT) per UTF-16 unit of `sql`. */
export function classify(sql: string, dialect: SqlDialect): Uint8Array {
  const readings: Reading[] =
    dialect === 'postgresql' ? [{ backslashInPlain: false, doubleQuoteIsString: false }] : [{ backslashInPlain: true, doubleQuoteIsString: true }];
  if (sql.includes('\\')) {
    readings.push({ backslashInPlain: !readings[0].backslashInPlain, doubleQuoteIsString: readings[0].doubleQuoteIsString });
  }
  if (dialect === 'mysql' && sql.includes('"')) {
    for (const r of [...readings]) readings.push({ ...r, doubleQuoteIsString: false });
  }
  const scans = readings.map((r) => scan(sql, dialect, r));
  const closed = scans.filter((s) => s.complete);
  const [first, ...others] = (closed.length > 0 ? closed : scans).map((s) => s.cls);
  const out = first;
  for (const other of others) {
    // Data under any reading wins over comment, comment over code.
    for (let j = 0; j < out.length; j++) {
      if (out[j] === LITERAL || other[j] === LITERAL) out[j] = LITERAL;
      else if (other[j] === COMMENT) out[j] = COMMENT;
    }
  }
  return out;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c) || c === 36; // $ is allowed inside names in both dialects
const isHexDigit = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const QUOTE = 39;
const DQUOTE = 34;
const BACKSLASH = 92;
const BACKTICK = 96;
const DOLLAR = 36;
const SLASH = 47;
const STAR = 42;
const DASH = 45;
const HASH = 35;
const DOT = 46;
const BANG = 33;
const PLUS = 43;

interface Scan {
  cls: Uint8Array;
  complete: boolean;
}

function scan(sql: string, dialect: SqlDialect, reading: Reading): Scan {
  const cls = new Uint8Array(sql.length);
  const n = sql.length;
  let complete = true;
  // Every quoted token and block comment ends at OPEN (past the end) when its closer is missing.
  const mark = (from: number, to: number, k: number) => {
    if (to > n) complete = false;
    cls.fill(k, from, Math.min(to, n));
  };
  const pg = dialect === 'postgresql';
  let inExecutableComment = false; // MySQL /*! … */ and /*+ … */: the content is code
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    const next = i + 1 < n ? sql.charCodeAt(i + 1) : -1;
    // Comments
    if (c === DASH && next === DASH && (pg || i + 2 >= n || sql.charCodeAt(i + 2) <= 32)) {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      mark(i, stop, COMMENT);
      i = stop;
      continue;
    }
    if (!pg && c === HASH) {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      mark(i, stop, COMMENT);
      i = stop;
      continue;
    }
    if (c === SLASH && next === STAR) {
      if (!pg && i + 2 < n && (sql.charCodeAt(i + 2) === BANG || sql.charCodeAt(i + 2) === PLUS) && !inExecutableComment) {
        let j = i + 3;
        while (j < n && isDigit(sql.charCodeAt(j))) j++; // /*!50700 … */: a version, then code
        mark(i, j, COMMENT);
        inExecutableComment = true;
        i = j;
        continue;
      }
      const stop = pg ? nestedCommentEnd(sql, i) : plainCommentEnd(sql, i);
      mark(i, stop, COMMENT);
      i = stop;
      continue;
    }
    if (inExecutableComment && c === STAR && next === SLASH) {
      mark(i, i + 2, COMMENT);
      inExecutableComment = false;
      i += 2;
      continue;
    }
    // Strings, with their prefixes
    if (c === QUOTE) {
      const stop = quotedEnd(sql, i, QUOTE, reading.backslashInPlain);
      mark(i, stop, LITERAL);
      i = stop;
      continue;
    }
    if (isIdentStart(c)) {
      const prefixEnd = stringPrefixEnd(sql, i, pg);
      if (prefixEnd !== -1) {
        const upper = sql.charCodeAt(i) | 0x20;
        // PostgreSQL E'…' always takes backslash escapes; U&'…' never does (its backslash starts a code point).
        const backslash = pg ? upper === 101 && prefixEnd === i + 1 : reading.backslashInPlain;
        const stop = quotedEnd(sql, prefixEnd, QUOTE, backslash);
        mark(i, stop, LITERAL);
        i = stop;
        continue;
      }
      // A MySQL charset introducer (_utf8mb4'…') is a name followed by a string: the name stays.
      let j = i + 1;
      while (j < n && isIdentPart(sql.charCodeAt(j))) j++;
      i = j;
      continue;
    }
    if (c === DQUOTE) {
      const stop = quotedEnd(sql, i, DQUOTE, !pg && reading.doubleQuoteIsString && reading.backslashInPlain);
      mark(i, stop, !pg && reading.doubleQuoteIsString ? LITERAL : CODE);
      i = stop;
      continue;
    }
    if (!pg && c === BACKTICK) {
      const stop = quotedEnd(sql, i, BACKTICK, false);
      mark(i, stop, CODE);
      i = stop;
      continue;
    }
    if (c === DOLLAR) {
      if (isDigit(next)) {
        // $1: a parameter, kept
        let j = i + 1;
        while (j < n && isDigit(sql.charCodeAt(j))) j++;
        i = j;
        continue;
      }
      if (pg) {
        const stop = dollarQuotedEnd(sql, i);
        if (stop !== -1) {
          mark(i, stop, LITERAL);
          i = stop;
          continue;
        }
      }
      i++;
      continue;
    }
    // Numbers: 42, 4.2, .42, 4., 1e5, 1.5E-3, 0x1F, 0o17, 0b101, 1_000
    if (isDigit(c) || (c === DOT && isDigit(next))) {
      const stop = numberEnd(sql, i);
      mark(i, stop, LITERAL);
      i = stop;
      continue;
    }
    i++;
  }
  return { cls, complete: complete && !inExecutableComment };
}

/** Past the end: a token whose closer is missing. */
const OPEN = Number.MAX_SAFE_INTEGER;

/** End of a '…', "…" or `…` token starting at `start` (doubled quotes escape; optionally backslashes). Unterminated: the rest. */
function quotedEnd(sql: string, start: number, quote: number, backslash: boolean): number {
  const n = sql.length;
  let i = start + 1;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (backslash && c === BACKSLASH) {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (i + 1 < n && sql.charCodeAt(i + 1) === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return OPEN;
}

/** E'…', B'…', X'…', N'…', U&'…' (PostgreSQL); B'…', X'…', N'…' (MySQL): where the quote starts, else -1. */
function stringPrefixEnd(sql: string, i: number, pg: boolean): number {
  if (i > 0 && isIdentPart(sql.charCodeAt(i - 1))) return -1;
  const c = sql.charCodeAt(i) | 0x20;
  const next = sql.charCodeAt(i + 1);
  if (next === QUOTE && (c === 98 || c === 120 || c === 110 || (pg && c === 101))) return i + 1;
  if (pg && c === 117 && next === 38 && sql.charCodeAt(i + 2) === QUOTE) return i + 2; // U&'
  return -1;
}

function nestedCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.charCodeAt(i) === SLASH && sql.charCodeAt(i + 1) === STAR) {
      depth++;
      i += 2;
      continue;
    }
    if (sql.charCodeAt(i) === STAR && sql.charCodeAt(i + 1) === SLASH) {
      depth--;
      i += 2;
      if (depth === 0) return i;
      continue;
    }
    i++;
  }
  return OPEN;
}

function plainCommentEnd(sql: string, start: number): number {
  const end = sql.indexOf('*/', start + 2);
  return end === -1 ? OPEN : end + 2;
}

/** $$…$$ or $tag$…$tag$ starting at `start`; -1 when `$` does not open a dollar quote here. */
function dollarQuotedEnd(sql: string, start: number): number {
  if (start > 0 && isIdentPart(sql.charCodeAt(start - 1))) return -1; // a$b$ is a name
  let j = start + 1;
  if (j < sql.length && isIdentStart(sql.charCodeAt(j))) {
    j++;
    while (j < sql.length && isIdentPart(sql.charCodeAt(j)) && sql.charCodeAt(j) !== DOLLAR) j++;
  }
  if (sql.charCodeAt(j) !== DOLLAR) return -1;
  const tag = sql.slice(start, j + 1);
  const close = sql.indexOf(tag, j + 1);
  return close === -1 ? OPEN : close + tag.length;
}

function numberEnd(sql: string, start: number): number {
  const n = sql.length;
  let i = start;
  const c1 = sql.charCodeAt(i + 1) | 0x20;
  if (sql.charCodeAt(i) === 48 && (c1 === 120 || c1 === 111 || c1 === 98) && i + 2 < n && isHexDigit(sql.charCodeAt(i + 2))) {
    i += 2;
  }
  // Digits, letters (hex digits, exponent markers, junk glued on like 123abc), _, . and an exponent sign.
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (isDigit(c) || isIdentStart(c) || c === DOT) {
      i++;
      continue;
    }
    if ((c === PLUS || c === DASH) && (sql.charCodeAt(i - 1) | 0x20) === 101 && isDigit(sql.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    break;
  }
  return i;
}
