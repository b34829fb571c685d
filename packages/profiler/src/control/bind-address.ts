// Where the endpoint listens, and whether that is reachable from other machines.
import { isIP } from 'node:net';

/**
 * `localhost` is bound as 127.0.0.1: resolving it may yield ::1 first, and then clients that try
 * 127.0.0.1 (most tools, most docs) would find nothing.
 */
export function bindHost(host: string): string {
  return host.trim().toLowerCase() === 'localhost' ? '127.0.0.1' : host.trim();
}

export function isLoopback(host: string): boolean {
  const h = bindHost(host).replace(/^\[|\]$/g, '');
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./i.test(h);
  return false;
}

/** `http://host:port` with IPv6 hosts bracketed. */
export function httpAddress(host: string, port: number): string {
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}
