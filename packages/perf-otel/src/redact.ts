// Secrets never reach a log line: passwords in URLs, header values, tokens.
const REDACTED = '[redacted]';

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = REDACTED;
    for (const key of [...u.searchParams.keys()]) {
      if (/pass|token|secret|key|auth/i.test(key)) u.searchParams.set(key, REDACTED);
    }
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@/]*@/, `//$1:${REDACTED}@`);
  }
}

export function redactHeaders(headers: Record<string, string>): string {
  return Object.keys(headers)
    .map((k) => `${k}=${REDACTED}`)
    .join(',');
}
