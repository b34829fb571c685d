// Options of the InfluxDB exporter and the write request they imply. The distribution's env registry
// parses the environment and passes these in: nothing here reads process.env.

export interface InfluxDbExporterOptions {
  /** Base URL, e.g. http://127.0.0.1:8086. A path other than "/" is used as the write path as is. */
  url: string;
  /** 1: POST /write?db=&rp=&precision=ns (basic auth); 2: POST /api/v2/write?org=&bucket=&precision=ns (token). */
  apiVersion: 1 | 2;
  database?: string;
  retentionPolicy?: string;
  username?: string;
  password?: string;
  org?: string;
  bucket?: string;
  token?: string;
  /** Per export/flush, including retries: export resolves within this even when InfluxDB hangs. Default 10000. */
  timeoutMillis?: number;
  /** Points held while InfluxDB is unreachable; on overflow the oldest are dropped and counted. Default 100000. */
  maxBufferedPoints?: number;
  /** Resource attributes written as tags (every one when unset); perf-otel passes the Collector config's list. */
  resourceAttributes?: readonly string[];
}

export const DEFAULT_TIMEOUT_MILLIS = 10000;
export const DEFAULT_MAX_BUFFERED_POINTS = 100000;

/** Everything needed to send one batch. */
export interface WriteTarget {
  /** Full write URL including the query string. */
  writeUrl: string;
  headers: Record<string, string>;
  /** writeUrl without credentials, for log messages. */
  displayUrl: string;
}

const problem = (what: string, fix: string) => `InfluxDB exporter: ${what}; ${fix}`;
// A bad URL is echoed as a short prefix: it may be huge, or carry a password.
const shortUrl = (url: string) => JSON.stringify(url.length > 40 ? `${url.slice(0, 40)}…` : url);

/** Problems with the options, each one line naming the option and the fix; empty when usable. */
export function validateInfluxDbOptions(options: InfluxDbExporterOptions): string[] {
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(options.url);
  } catch {
    problems.push(problem(`url ${shortUrl(options.url)} is not a URL`, 'use e.g. http://127.0.0.1:8086'));
  }
  if (url !== undefined && url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(problem(`url ${shortUrl(options.url)} is not http(s)`, 'use an http:// or https:// URL'));
  }
  if (options.apiVersion !== 1 && options.apiVersion !== 2) {
    problems.push(problem(`apiVersion ${String(options.apiVersion)} is not supported`, 'use 1 (InfluxDB 1.x) or 2 (2.x/3.x)'));
  }
  if (options.apiVersion === 1 && !options.database) {
    problems.push(problem('apiVersion 1 needs a database', 'set database (e.g. perf_otel)'));
  }
  if (options.apiVersion === 2 && (!options.org || !options.bucket)) {
    problems.push(problem('apiVersion 2 needs org and bucket', 'set org and bucket (and token)'));
  }
  for (const key of ['timeoutMillis', 'maxBufferedPoints'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      problems.push(problem(`${key} ${value} is not a positive integer`, `leave it unset for the default`));
    }
  }
  return problems;
}

/** The write URL and headers for the options, as the Collector's influxdb exporter composes them. */
export function writeTargetFor(options: InfluxDbExporterOptions): WriteTarget {
  const url = new URL(options.url);
  if (url.pathname === '' || url.pathname === '/') url.pathname = options.apiVersion === 1 ? '/write' : '/api/v2/write';
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
  if (options.apiVersion === 1) {
    url.searchParams.set('db', options.database ?? '');
    if (options.retentionPolicy) url.searchParams.set('rp', options.retentionPolicy);
    if (options.username) {
      headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
    }
  } else {
    url.searchParams.set('org', options.org ?? '');
    url.searchParams.set('bucket', options.bucket ?? '');
    if (options.token) headers.authorization = `Token ${options.token}`;
  }
  url.searchParams.set('precision', 'ns');
  // Credentials in the URL itself (http://u:p@host) become basic auth and never reach a log line.
  if (url.username && headers.authorization === undefined) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  }
  url.username = '';
  url.password = '';
  return { writeUrl: url.toString(), headers, displayUrl: `${url.origin}${url.pathname}` };
}
