import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** True when no token is configured or the request carries it as `Authorization: Bearer <token>`. */
export function authorized(request: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined || token === '') return true;
  const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
  if (match === null) return false;
  // Hashing first gives equal lengths, so the comparison time says nothing about the token.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1].trim()), digest(token));
}
