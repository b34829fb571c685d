// A bounded stand-in for `http.route` when no framework names the route: the path with every
// segment that is not a known static word replaced by a placeholder, e.g.
// /users/42/orders/7f3a…c1 → /users/:id/orders/:hash and /profiles/jsmith → /profiles/:param.
// A label must never carry an identifier or unbounded text, so the rule is an allowlist: only
// vocabulary words (route-words.ts plus the app's own) are kept; the shape of the rest only picks
// the placeholder's name. The result is capped in segments and characters.
import { FILE_EXTENSIONS, ROUTE_WORDS } from './route-words';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^(?=.*\d)(?:0x)?[0-9a-f]{16,}$/i;
const DIGITS = /^\d+$/;
// ISO dates and date-times (2024-01-05, 2024-01-05T10:00:00Z, 2024-01), and dates with dots or
// underscores; a digit-only date (20240105) is already an :id.
const DATE = /^\d{4}[-_.]\d{1,2}(?:[-_.]\d{1,2})?(?:[T ].*)?$/i;
// Tokens: JWT/JWS/JWE (dot-separated base64url), and long base64/base64url runs.
const JWT = /^[\w-]+\.[\w-]+\.[\w.-]*$/;
// A run of letters only (a slug, a long word) is no token: it becomes :param.
const OPAQUE = /^(?=.*[\dA-Z+/=])[\w+/=.~-]{20,}$/;
const EMAIL = /@|%40/i;
const VERSION = /^v\d{1,2}(?:\.\d{1,2})?$/;
const WORD_PART = /^[a-z][a-z0-9]*$/;

const MAX_SEGMENTS = 8;
const MAX_WORD_LENGTH = 32;
// Labels are capped like tenant values; paths longer than any real template are not even cached.
export const MAX_ROUTE_LENGTH = 128;
const MAX_CACHED_PATH_LENGTH = 256;
const REST = ':rest';
const QUESTION_MARK = 0x3f;
const HASH = 0x23;
const SLASH = 0x2f;
// Paths repeat (the same resource is fetched again and again): a hit costs one map lookup instead
// of splitting and matching. Bounded: a flood of distinct paths only makes it start over.
const CACHE_LIMIT = 5000;

export type RouteTemplater = (url: string) => string | undefined;

/** `extraWords`: the app's own static path words (PERF_OTEL_HTTP_ROUTE_WORDS). */
export function createRouteTemplater(extraWords: readonly string[] = []): RouteTemplater {
  const words = new Set<string>(ROUTE_WORDS);
  for (const w of extraWords) words.add(w.toLowerCase());
  const extensions = new Set<string>(FILE_EXTENSIONS);
  const cache = new Map<string, string>();

  const isWord = (part: string): boolean => {
    if (words.has(part)) return true;
    // Plurals of listed singulars: users, categories, statuses.
    if (part.length > 3 && part.endsWith('s')) {
      if (words.has(part.slice(0, -1))) return true;
      if (part.endsWith('ies') && words.has(`${part.slice(0, -3)}y`)) return true;
      if (part.endsWith('es') && words.has(part.slice(0, -2))) return true;
    }
    return VERSION.test(part);
  };

  // A segment is static when it is a vocabulary word, a compound of them (reset-password,
  // user_profile), or a vocabulary file name (favicon.ico). Case must match: a lower-case word only.
  const isStatic = (segment: string): boolean => {
    if (segment.length > MAX_WORD_LENGTH) return false;
    if (isWord(segment)) return true;
    const dot = segment.lastIndexOf('.');
    if (dot > 0) {
      return extensions.has(segment.slice(dot + 1)) && isCompound(segment.slice(0, dot));
    }
    return isCompound(segment);
  };

  const isCompound = (name: string): boolean => {
    const parts = name.split(/[-_]/);
    // Route names compound two words (reset-password); longer runs are more likely slugs.
    if (parts.length > 2) return false;
    for (const part of parts) {
      if (!WORD_PART.test(part) || !isWord(part)) return false;
    }
    return true;
  };

  const placeholder = (segment: string): string => {
    if (isStatic(segment)) return segment;
    if (DIGITS.test(segment)) return ':id';
    if (UUID.test(segment)) return ':uuid';
    if (DATE.test(segment)) return ':date';
    if (EMAIL.test(segment)) return ':email';
    if (HEX.test(segment)) return ':hash';
    if (JWT.test(segment) || OPAQUE.test(segment)) return ':token';
    if (segment.includes('%')) return ':param';
    // Short ids mixing letters and digits (a1b2, 7fk3), and everything else: names, slugs, words
    // not in the vocabulary. Which placeholder is only a hint; neither carries the value.
    return /\d/.test(segment) ? ':id' : ':param';
  };

  const templateOf = (path: string): string => {
    const segments = path.split('/');
    let out = '';
    const n = Math.min(segments.length, MAX_SEGMENTS + 1);
    for (let i = 1; i < n; i++) {
      const s = segments[i];
      const next = `/${s === '' ? '' : placeholder(s)}`;
      if (out.length + next.length > MAX_ROUTE_LENGTH - REST.length - 1) return `${out}/${REST}`;
      out += next;
    }
    if (segments.length > n) out += `/${REST}`;
    return out === '' ? '/' : out;
  };

  return (url: string): string | undefined => {
    // Only origin-form targets are paths (not `*`, not absolute-form proxy requests).
    if (url.charCodeAt(0) !== SLASH) return undefined;
    let end = url.length;
    for (let i = 1; i < url.length; i++) {
      const c = url.charCodeAt(i);
      if (c === QUESTION_MARK || c === HASH) {
        end = i;
        break;
      }
    }
    const path = end === url.length ? url : url.slice(0, end);
    if (path.length > MAX_CACHED_PATH_LENGTH) return templateOf(path);
    let template = cache.get(path);
    if (template === undefined) {
      template = templateOf(path);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(path, template);
    }
    return template;
  };
}
