import { ERROR_TYPE_VALUE_OTHER } from './semconv';

/**
 * The `error.type` of a thrown value: its `code` when it has one (`ECONNREFUSED`, SQLSTATE `40P01`),
 * else its constructor's name (`TypeError`, `ValidationError`), else `_OTHER` (thrown primitives).
 */
export function errorType(error: unknown): string {
  if (typeof error !== 'object' || error === null) return ERROR_TYPE_VALUE_OTHER;
  const code = (error as { code?: unknown }).code;
  if ((typeof code === 'string' && code !== '') || typeof code === 'number') return String(code);
  const name = (error as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : ERROR_TYPE_VALUE_OTHER;
}
