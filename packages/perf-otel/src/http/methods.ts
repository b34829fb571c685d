// Semconv: methods outside the known set are reported as `_OTHER` so that a client sending
// arbitrary methods cannot create series.
const KNOWN = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE', 'QUERY']);

export function normalizeMethod(method: string | undefined): string {
  return method !== undefined && KNOWN.has(method) ? method : '_OTHER';
}
