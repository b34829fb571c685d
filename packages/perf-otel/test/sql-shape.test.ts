import { sqlShape } from '../src/pg/sql-shape';

describe('sqlShape', () => {
  it.each([
    ['SELECT * FROM items WHERE id = $1', 'SELECT', 'items'],
    ['select count(*) from public.orders o join items i on true', 'SELECT', 'public.orders'],
    ['INSERT INTO "Audit" (a) VALUES ($1)', 'INSERT', 'Audit'],
    ['UPDATE accounts SET balance = balance - $1', 'UPDATE', 'accounts'],
    ['DELETE FROM sessions WHERE expires < now()', 'DELETE', 'sessions'],
    ['/* report */ -- note\n SELECT 1', 'SELECT', undefined],
    ['WITH recent AS (SELECT * FROM events) SELECT * FROM recent', 'SELECT', 'recent'],
    ['WITH moved AS (DELETE FROM queue RETURNING *) INSERT INTO archive SELECT * FROM moved', 'INSERT', 'archive'],
    ['BEGIN', 'BEGIN', undefined],
    ['CREATE TABLE t (id int)', 'CREATE', undefined],
    ['SELECT `id`, `name` FROM `Users` AS `User` WHERE `User`.`id` = 1;', 'SELECT', 'Users'],
    ['INSERT INTO `shop`.`orders` (`a`) VALUES (?)', 'INSERT', 'shop.orders'],
  ])('%s', (sql, operation, collection) => {
    expect(sqlShape(sql)).toEqual({ operation, collection });
  });

  it('gives nothing for no text', () => {
    expect(sqlShape(undefined)).toEqual({ operation: undefined, collection: undefined });
  });
});
