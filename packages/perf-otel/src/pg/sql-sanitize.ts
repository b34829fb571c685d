// SQL with every literal replaced by `?`, so a statement can leave the process (slow-query logs)
// without the data in it: strings (incl. E'' and dollar-quoted), numbers, booleans-as-literals stay
// out; identifiers, keywords and $n placeholders stay in. Lists collapse so shapes group together.
const STRING = /(?:\b[EeBbXxUu]&?)?'(?:[^']|'')*'/g;
const DOLLAR = /\$([A-Za-z_][A-Za-z_0-9]*)?\$[\s\S]*?\$\1\$/g;
const NUMBER = /(?<![\w$.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.])/g;
const LIST = /\(\s*\?(?:\s*,\s*\?)+\s*\)/g;
const COMMENTS = /--[^\n]*|\/\*[\s\S]*?\*\//g;
const MAX_LENGTH = 2048;

export function sanitizeSql(sql: string): string {
  const out = sql
    .replace(COMMENTS, ' ')
    .replace(DOLLAR, '?')
    .replace(STRING, '?')
    .replace(NUMBER, '?')
    .replace(LIST, '(?)')
    .replace(/\s+/g, ' ')
    .trim();
  return out.length > MAX_LENGTH ? `${out.slice(0, MAX_LENGTH)}…` : out;
}
