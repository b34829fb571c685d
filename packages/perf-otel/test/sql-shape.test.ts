import { sqlShape } from '../src/pg/sql-shape';

describe('sqlShape', () => {
  it.each([
    ['SELECT * FROM items WHERE id = $1', 'SELECT', 'items', 'SELECT items'],
    ['select count(*) from public.orders o join items i on true', 'SELECT', 'public.orders', 'SELECT public.orders items'],
    ['INSERT INTO "Audit" (a) VALUES ($1)', 'INSERT', 'Audit', 'INSERT Audit'],
    ['UPDATE accounts SET balance = balance - $1', 'UPDATE', 'accounts', 'UPDATE accounts'],
    ['DELETE FROM sessions WHERE expires < now()', 'DELETE', 'sessions', 'DELETE sessions'],
    ['/* report */ -- note\n SELECT 1', 'SELECT', undefined, 'SELECT'],
    ['WITH recent AS (SELECT * FROM events) SELECT * FROM recent', 'SELECT', 'recent', 'SELECT events SELECT recent'],
    ['WITH moved AS (DELETE FROM queue RETURNING *) INSERT INTO archive SELECT * FROM moved', 'INSERT', 'archive', 'DELETE queue INSERT archive SELECT moved'],
    ['BEGIN', 'BEGIN', undefined, 'BEGIN'],
    ['CREATE TABLE t (id int)', 'CREATE', undefined, 'CREATE'],
    ['SELECT `id`, `name` FROM `Users` AS `User` WHERE `User`.`id` = 1;', 'SELECT', 'Users', 'SELECT Users'],
    ['INSERT INTO `shop`.`orders` (`a`) VALUES (?)', 'INSERT', 'shop.orders', 'INSERT shop.orders'],
    // The summary names every operation and table in order, as semconv's db.query.summary does.
    ['SELECT * FROM songs s, artists a WHERE s.artist = a.id', 'SELECT', 'songs', 'SELECT songs artists'],
    ['SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer LEFT JOIN lines l ON true', 'SELECT', 'orders', 'SELECT orders customers lines'],
    ['INSERT INTO shipping_details (id, street) SELECT id, street FROM orders', 'INSERT', 'shipping_details', 'INSERT shipping_details SELECT orders'],
    ['SELECT order_date FROM (SELECT * FROM orders o JOIN customers c ON o.c = c.id) x', 'SELECT', 'orders', 'SELECT SELECT orders customers'],
    ['SELECT pg_sleep(1)', 'SELECT', undefined, 'SELECT'],
    ['SELECT EXTRACT(YEAR FROM created_at), count(*) FROM orders GROUP BY 1', 'SELECT', 'orders', 'SELECT orders'],
    ['SELECT * FROM generate_series(1, 3)', 'SELECT', undefined, 'SELECT'],
    ['SELECT * FROM items WHERE id = 1 FOR UPDATE', 'SELECT', 'items', 'SELECT items'],
    ['INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = 2', 'INSERT', 't', 'INSERT t'],
    ["SELECT 'FROM fake' AS x FROM real_table", 'SELECT', 'real_table', 'SELECT real_table'],
    ['SELECT id FROM users WHERE id IN (SELECT user_id FROM orders)', 'SELECT', 'users', 'SELECT users SELECT orders'],
    ['TRUNCATE TABLE audit', 'TRUNCATE', 'audit', 'TRUNCATE audit'],
  ])('%s', (sql, operation, collection, summary) => {
    expect(sqlShape(sql, 'postgresql')).toEqual({ operation, collection, summary });
  });

  it('gives nothing for no text', () => {
    expect(sqlShape(undefined, 'postgresql')).toEqual({ operation: undefined, collection: undefined, summary: undefined });
  });

  // A literal that reads like SQL must not become a table name (a label value) in either dialect.
  it.each([
    ['postgresql', "SELECT 'report FROM alice_secret' AS note"],
    ['postgresql', 'SELECT $$ FROM dollar_secret $$'],
    ['postgresql', "SELECT $tag$ FROM tagged_secret $tag$, E'\\' FROM e_secret'"],
    ['mysql', 'SELECT "x FROM dq_secret" AS note'],
    ['mysql', "SELECT 'it\\'s FROM bs_secret' AS note"],
  ] as const)('%s: %s names no table', (dialect, sql) => {
    expect(sqlShape(sql, dialect)).toEqual({ operation: 'SELECT', collection: undefined, summary: 'SELECT' });
  });
});
