import type { WriteTarget } from './options';

/** What one write attempt came to, and what to do about it. */
export type WriteOutcome =
  | { kind: 'written' }
  /** 5xx, 429, timeout, network error: keep the lines and try again later. */
  | { kind: 'retry'; reason: string; retryAfterMillis?: number }
  /** Other 4xx: InfluxDB will never take these lines; `droppedLines` of them were lost. */
  | { kind: 'rejected'; reason: string; droppedLines: number };

const MAX_REASON_CHARS = 300;

/** InfluxDB 1.x answers a partial write with 400 and "dropped=N": the other lines were stored. */
function droppedByPartialWrite(body: string, sent: number): number {
  const match = /dropped=(\d+)/.exec(body);
  return match === null ? sent : Math.min(Number(match[1]), sent);
}

function retryAfterMillis(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** POSTs one batch of lines; never throws, resolves by `timeoutMillis` at the latest. */
export async function writeLines(target: WriteTarget, lines: readonly string[], timeoutMillis: number): Promise<WriteOutcome> {
  let response: Response;
  try {
    response = await fetch(target.writeUrl, {
      method: 'POST',
      headers: target.headers,
      body: lines.join('\n'),
      signal: AbortSignal.timeout(Math.max(1, timeoutMillis)),
    });
  } catch (error) {
    const err = error as Error & { cause?: { code?: string } };
    const reason = err.name === 'TimeoutError' ? `no answer within ${timeoutMillis} ms` : (err.cause?.code ?? err.message);
    return { kind: 'retry', reason };
  }
  let body = '';
  try {
    body = (await response.text()).slice(0, MAX_REASON_CHARS);
  } catch {
    // The status is what matters; a body cut short by the timeout changes nothing.
  }
  if (response.ok) return { kind: 'written' };
  const reason = `HTTP ${response.status}${body ? `: ${body.trim()}` : ''}`;
  if (response.status === 429 || response.status >= 500) {
    return { kind: 'retry', reason, retryAfterMillis: retryAfterMillis(response.headers.get('retry-after')) };
  }
  return { kind: 'rejected', reason, droppedLines: droppedByPartialWrite(body, lines.length) };
}
