// A token-free endpoint on loopback must not be reachable from a web page the user happens to have
// open: a page can send "simple" cross-site POSTs to localhost, and a DNS-rebinding page can even
// read the answers (its own host name then resolves to 127.0.0.1). So, when no token protects the
// endpoint:
// - Host must name this machine's loopback (localhost, 127.x.x.x, [::1]) or the configured host;
//   a rebinding page sends its own name;
// - an Origin header (browsers send it) must be the endpoint's own origin: tools send none;
// - a POST must carry `X-Perf-Otel` or `Content-Type: application/json`, which a page cannot send
//   cross-site without a preflight the endpoint never grants.
// With a token, the token is the check: a page cannot attach it.
import type { IncomingMessage } from 'node:http';
import { bindHost, isLoopback } from './bind-address';

export interface LocalPolicy {
  /** The configured bind host: requests may name it too. */
  host: string;
  /** A token is required: the checks below are not needed. */
  tokenRequired: boolean;
  /** What to say to use another name (the variable or flag that sets a token). */
  tokenHint: string;
}

export const LOCAL_HEADER = 'x-perf-otel';

/** The reason this request is refused (a one-line message for a 403), or undefined. */
export function localRequestProblem(request: IncomingMessage, policy: LocalPolicy): string | undefined {
  if (policy.tokenRequired) return undefined;
  const host = request.headers.host;
  if (host !== undefined && !allowedName(hostName(host), policy.host)) {
    return (
      `Host "${short(host)}" is not a loopback name of this machine: send localhost, 127.0.0.1 or [::1] ` +
      `(a page that rebinds its own DNS name to 127.0.0.1 sends its name); to serve other names, ${policy.tokenHint}`
    );
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return `cross-origin request refused (Origin "${short(origin)}"): this endpoint answers tools, not web pages`;
  }
  if (request.headers['sec-fetch-site'] === 'cross-site') return 'cross-site request refused: this endpoint answers tools, not web pages';
  if (request.method === 'POST' && request.headers[LOCAL_HEADER] === undefined && mediaType(request.headers['content-type']) !== 'application/json') {
    return (
      `a POST must carry the header "X-Perf-Otel: 1" (or Content-Type: application/json), which a web page cannot send cross-site; ` +
      'perf-otel profile sends it, with curl add -H "X-Perf-Otel: 1"'
    );
  }
  return undefined;
}

function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') === -1 ? undefined : h.indexOf(']'));
  return h.replace(/:\d*$/, '').replace(/\.$/, '');
}

function allowedName(name: string, configured: string): boolean {
  if (name === 'localhost' || isLoopback(name)) return true;
  const c = bindHost(configured)
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return c !== '0.0.0.0' && c !== '::' && c !== '' && name === c;
}

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0].trim().toLowerCase();
}

function short(v: string): string {
  return v.length > 60 ? `${v.slice(0, 60)}…` : v;
}
