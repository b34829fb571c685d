import { sanitizeSql } from '../src/db/sql-sanitize';

describe('sanitizeSql: no literal leaves the process', () => {
  it.each([
    ["SELECT * FROM users WHERE email = 'a@b.c' AND id = 42", 'SELECT * FROM users WHERE email = ? AND id = ?'],
    ["INSERT INTO t (a, b) VALUES ('it''s', -3.5e2)", 'INSERT INTO t (a, b) VALUES (?)'],
    ['SELECT * FROM t WHERE id IN (1, 2, 3) AND x = $1', 'SELECT * FROM t WHERE id IN (?) AND x = $1'],
    ["SELECT E'\\\\x00', $tag$secret$tag$, $$more$$ FROM t2", 'SELECT ?, ?, ? FROM t2'],
    ['SELECT col1, t3.col2 FROM t3 -- password=hunter2\n LIMIT 10', 'SELECT col1, t3.col2 FROM t3 LIMIT ?'],
  ])('%s', (sql, expected) => {
    expect(sanitizeSql(sql, 'postgresql')).toBe(expected);
  });
});
