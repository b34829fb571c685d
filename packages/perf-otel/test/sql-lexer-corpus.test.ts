// A corpus of statements written to trip regex sanitisers: every literal (marked SECRET or a number)
// must go, and the statement shape must stay readable.
import { sanitizeSql } from '../src/db/sql-sanitize';

const NO_LITERAL = /SECRET|4711|31337|DEADBEEF|1010|1e5|\.5\b|0x1F|1_000|3\.14/;

describe('PostgreSQL lexical rules', () => {
  it.each([
    ["SELECT * FROM users WHERE note = E'it\\'s -- SECRET1' AND id = 31337", 'SELECT * FROM users WHERE note = ? AND id = ?'],
    ["SELECT id\nFROM t\nWHERE a = 'x -- SECRET2'\n  AND b = 'y /* SECRET3'\n  AND c = 1", 'SELECT id FROM t WHERE a = ? AND b = ? AND c = ?'],
    // standard_conforming_strings on (the default): 'a\' is a whole string; read with it off, the
    // statement would leave a string open, so that reading is not the server's.
    ["SELECT 'a\\' , 'SECRET4'", 'SELECT ? , ?'],
    ["INSERT INTO t (a) VALUES ($$SECRET5 'quoted' $$), ($fn$ SECRET6 $$ inner $$ $fn$)", 'INSERT INTO t (a) VALUES (?), (?)'],
    ['SELECT /* outer /* inner SECRET7 */ still SECRET8 */ a FROM t', 'SELECT a FROM t'],
    ['SELECT U&\'d\\0061t\\+000061 SECRET9\', U&"d\\0061t" FROM t', 'SELECT ?, U&"d\\0061t" FROM t'],
    ["SELECT B'1010', X'DEADBEEF', N'SECRET10' FROM t", 'SELECT ?, ?, ? FROM t'],
    [
      'SELECT "weird ""col""" FROM "Tab le" WHERE x = 1e5 AND y = .5 AND z = 0x1F AND w = 1_000 AND v = 3.14E-2',
      'SELECT "weird ""col""" FROM "Tab le" WHERE x = ? AND y = ? AND z = ? AND w = ? AND v = ?',
    ],
    ['SELECT a$b$c FROM t WHERE a = $1 AND b = $2', 'SELECT a$b$c FROM t WHERE a = $1 AND b = $2'],
    ["SELECT 'SECRET11'\n'SECRET12' AS cont", 'SELECT ? ? AS cont'],
    ["SELECT 'unterminated SECRET13", 'SELECT ?'],
    ["SELECT * FROM t WHERE id IN (1, 2, -3) AND note = e'\\\\' AND k = 'SECRET14'", 'SELECT * FROM t WHERE id IN (?) AND note = ? AND k = ?'],
    ["UPDATE accounts SET pw = 'SECRET15''s' -- trailing SECRET16\nWHERE id = 4711", 'UPDATE accounts SET pw = ? WHERE id = ?'],
    ['SELECT $tag$ a $tagx$ SECRET17 $tag$ FROM t', 'SELECT ? FROM t'],
    ["SELECT '2024-01-01'::date, 'SECRET18'::text || col FROM t", 'SELECT ?::date, ?::text || col FROM t'],
  ])('%s', (sql, expected) => {
    const out = sanitizeSql(sql, 'postgresql');
    expect(out).toBe(expected);
    expect(out).not.toMatch(NO_LITERAL);
  });
});

describe('MySQL/MariaDB lexical rules', () => {
  it.each([
    ["SELECT * FROM `users` WHERE email = 'o\\'brien SECRET20' AND pin = 4711", 'SELECT * FROM `users` WHERE email = ? AND pin = ?'],
    ['SELECT * FROM t WHERE a = "SECRET21" # comment SECRET22\nAND b = 1', 'SELECT * FROM t WHERE a = ? AND b = ?'],
    // `--` starts a comment only before a blank: 5--3 is five minus minus three.
    ["SELECT 5--3 FROM t WHERE x = 'SECRET23'", 'SELECT ?--? FROM t WHERE x = ?'],
    ['SELECT 1 -- SECRET24\nFROM t', 'SELECT ? FROM t'],
    // /*! … */ and /*+ … */ are executed: their content is code, and its literals go too.
    [
      "SELECT /*!50700 SQL_NO_CACHE */ a FROM t WHERE b = 'SECRET25' /*!50000 AND c = 'SECRET26' */ /*+ MAX_EXECUTION_TIME(31337) */",
      'SELECT SQL_NO_CACHE a FROM t WHERE b = ? AND c = ? MAX_EXECUTION_TIME(?)',
    ],
    ["SELECT _utf8mb4'SECRET27', X'DEADBEEF', B'1010', 0x1F, N'SECRET28' FROM `odd``name`", 'SELECT _utf8mb4?, ?, ?, ?, ? FROM `odd``name`'],
    ["SELECT * FROM t WHERE a = 'x\\\\' AND b = 'SECRET29'", 'SELECT * FROM t WHERE a = ? AND b = ?'],
    ['INSERT INTO t VALUES (\'a\', "b\\"SECRET30", 3.5)', 'INSERT INTO t VALUES (?)'],
    // ANSI_QUOTES makes "…" a name; hiding a name is safe, showing a value is not: it goes either way.
    ['SELECT "col" FROM t', 'SELECT ? FROM t'],
  ])('%s', (sql, expected) => {
    const out = sanitizeSql(sql, 'mysql');
    expect(out).toBe(expected);
    expect(out).not.toMatch(NO_LITERAL);
  });
});

describe('generated statements (seeded, the same every run)', () => {
  // Literals of every form, each holding the marker, glued between code fragments that tempt a
  // lexer to lose its place (comment markers, quotes of the other kind, dollars, backslashes).
  const PG_LITERALS = [
    "'SEC''RET'",
    "E'SEC\\'RET'",
    "e'SEC\\\\'",
    "$$SEC'RET$$",
    '$q$SEC $$ RET$q$',
    "U&'SEC\\0041RET'",
    "B'1010'",
    "X'5EC'",
    "'--SECRET'",
    "'/*SECRET'",
    '31337',
    '.31337',
    '3e1337',
  ];
  const MY_LITERALS = [
    "'SEC\\'RET'",
    "'SEC''RET'",
    '"SEC\\"RET"',
    '"SEC""RET"',
    "'--SECRET'",
    "'#SECRET'",
    "X'5EC'",
    "b'1010'",
    '0x31337',
    '31337',
    "_utf8mb4'SECRET'",
  ];
  const CODE = [' SELECT ', ' a ', ', ', ' = ', ' ( ', ' ) ', '\n', ' "ident" ', ' $1 ', ' -- comment\n', ' /* c */ ', ' + ', ' ::text ', ' AS x '];
  const MY_CODE = [...CODE.filter((c) => !c.includes('$') && !c.includes('::') && !c.includes('"')), ' `ident` ', ' # comment\n', ' ? ', ' /*!50000 b */ '];
  let seed = 42;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const statement = (literals: string[], code: string[]) =>
    Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? code[next(code.length)] : literals[next(literals.length)])).join('');

  it('PostgreSQL: 2000 statements, no literal survives', () => {
    for (let i = 0; i < 2000; i++) {
      const sql = statement(PG_LITERALS, CODE);
      expect({ sql, out: sanitizeSql(sql, 'postgresql') }).not.toEqual({ sql, out: expect.stringMatching(/SEC|RET|1337|1010|5EC/) });
    }
  });

  it('MySQL: 2000 statements, no literal survives', () => {
    for (let i = 0; i < 2000; i++) {
      const sql = statement(MY_LITERALS, MY_CODE);
      expect({ sql, out: sanitizeSql(sql, 'mysql') }).not.toEqual({ sql, out: expect.stringMatching(/SEC|RET|1337|1010|5EC/) });
    }
  });
});
