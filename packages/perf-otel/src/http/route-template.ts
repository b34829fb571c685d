// A bounded-cardinality stand-in for `http.route` when no framework names the route: the path with
// ids, uuids, hashes and tokens replaced by placeholders, e.g. /users/42/orders/7f3a…c1 → /users/:id/orders/:hash.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]{16,}$/i;
const DIGITS = /^\d+$/;
// Long opaque ids (base64url, ULIDs, slugs with ids): letters and digits mixed, 20+ chars.
const TOKEN = /^(?=.*\d)(?=.*[a-z])[\w-]{20,}$/i;
const MAX_SEGMENTS = 12;
const QUESTION_MARK = 0x3f;
const ZERO = 0x30;
const NINE = 0x39;
// Paths repeat (the same resource is fetched again and again): a hit costs one map lookup instead
// of splitting and matching. Bounded: a flood of distinct paths only makes it start over.
const CACHE_LIMIT = 5000;
const cache = new Map<string, string>();

export function routeTemplate(url: string): string {
  // One pass to find the query and whether the path has a digit. Every placeholder kind contains a
  // digit, so a path without one is already a template, and most paths are short.
  let end = url.length;
  let digit = false;
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === QUESTION_MARK) { end = i; break; }
    if (c >= ZERO && c <= NINE) digit = true;
  }
  const path = end === url.length ? url : url.slice(0, end);
  if (!digit) return path;
  let template = cache.get(path);
  if (template === undefined) {
    template = templateOf(path);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(path, template);
  }
  return template;
}

function templateOf(path: string): string {
  const segments = path.split('/');
  if (segments.length > MAX_SEGMENTS + 1) segments.length = MAX_SEGMENTS + 1;
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i];
    if (s === '') continue;
    if (DIGITS.test(s)) segments[i] = ':id';
    else if (UUID.test(s)) segments[i] = ':uuid';
    else if (HEX.test(s)) segments[i] = ':hash';
    else if (TOKEN.test(s)) segments[i] = ':token';
  }
  return segments.join('/');
}
