import { sanitizeStatement } from '../src/db/statement-text';

describe('sanitizeStatement', () => {
  it.each([
    ["SELECT * FROM `users` WHERE email = 'o\\'brien@example.com' AND pin = 4711", 'SELECT * FROM `users` WHERE email = ? AND pin = ?'],
    ['SELECT * FROM t WHERE name = "alice" OR name = "b\\"ob"', 'SELECT * FROM t WHERE name = ? OR name = ?'],
    ["INSERT INTO `it's` (`a`) VALUES ('x''y', 12.5) # secret comment 31337", "INSERT INTO `it's` (`a`) VALUES (?)"],
    ['SELECT `id` FROM `Users` AS `User` WHERE `User`.`id` IN (1, 2, 3)', 'SELECT `id` FROM `Users` AS `User` WHERE `User`.`id` IN (?)'],
  ])('mysql: %s', (sql, expected) => {
    expect(sanitizeStatement(sql, 'mysql')).toBe(expected);
    expect(sanitizeStatement(sql, 'mariadb')).toBe(expected);
  });

  it('leaves PostgreSQL text to the shared sanitiser (double quotes are identifiers there)', () => {
    expect(sanitizeStatement('SELECT "Name" FROM t WHERE a = \'x\'', 'postgresql')).toBe('SELECT "Name" FROM t WHERE a = ?');
  });
});
