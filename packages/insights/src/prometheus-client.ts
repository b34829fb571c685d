// A client for the Prometheus HTTP API (instant and range queries). Failures become one-line
// messages that name the URL and say what to do, never a stack trace.

export const PROMETHEUS_URL_ENV = 'PERF_OTEL_PROMETHEUS_URL';
export const DEFAULT_PROMETHEUS_URL = 'http://localhost:9090';
const REQUEST_TIMEOUT_MS = 30000;

export interface Sample {
  labels: Record<string, string>;
  value: number;
}
export interface Series {
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

/** Prometheus could not be reached or refused a query; `message` is meant for users as is. */
export class PrometheusError extends Error {
  override readonly name = 'PrometheusError';
}

interface ApiBody<T> {
  status: 'success' | 'error';
  data: T;
  error?: string;
  errorType?: string;
}
interface RawSample {
  metric: Record<string, string>;
  value: [number, string];
}
interface RawSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

const HOW_TO_POINT = `pass --prometheus URL or set ${PROMETHEUS_URL_ENV}`;

export class PrometheusClient {
  readonly url: string;

  constructor(url: string) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new PrometheusError(`"${url}" is not a URL; ${HOW_TO_POINT} to e.g. http://localhost:9090`);
    }
    this.url = parsed.toString().replace(/\/$/, '');
  }

  async instant(query: string, time?: number): Promise<Sample[]> {
    const params: Record<string, string> = { query };
    if (time !== undefined) params.time = String(time);
    const data = await this.api<{ resultType: string; result: RawSample[] | [number, string] }>('/api/v1/query', params);
    if (data.resultType === 'scalar') {
      const [, value] = data.result as [number, string];
      return [{ labels: {}, value: Number(value) }];
    }
    return (data.result as RawSample[]).map((s) => ({ labels: s.metric, value: Number(s.value[1]) }));
  }

  async range(query: string, start: number, end: number, stepSeconds: number): Promise<Series[]> {
    const data = await this.api<{ result: RawSeries[] }>('/api/v1/query_range', {
      query,
      start: String(start),
      end: String(end),
      step: String(stepSeconds),
    });
    return data.result.map((s) => ({ labels: s.metric, points: s.values.map(([t, v]) => [t, Number(v)] as [number, number]) }));
  }

  /** Label names of the series `selector` matches between start and end (unix seconds). */
  async labelNames(selector: string, start: number, end: number): Promise<string[]> {
    return this.api<string[]>('/api/v1/labels', { 'match[]': selector, start: String(start), end: String(end) });
  }

  /** Resolves when Prometheus answers its build-info endpoint; the version it reports. */
  async buildVersion(): Promise<string> {
    const data = await this.call<{ version: string }>('/api/v1/status/buildinfo', undefined);
    return data.version;
  }

  private api<T>(path: string, params: Record<string, string>): Promise<T> {
    return this.call<T>(path, new URLSearchParams(params).toString());
  }

  private async call<T>(path: string, form: string | undefined): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method: form === undefined ? 'GET' : 'POST',
        headers: form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const { cause } = error as { cause?: { code?: string; message?: string } };
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new PrometheusError(`cannot reach Prometheus at ${this.url} (${reason}); start it, or ${HOW_TO_POINT}`);
    }
    const text = await response.text();
    let body: ApiBody<T>;
    try {
      body = JSON.parse(text) as ApiBody<T>;
    } catch {
      throw new PrometheusError(
        `${this.url}${path} answered HTTP ${response.status} without the Prometheus API's JSON; is ${this.url} a Prometheus server? ${HOW_TO_POINT}`,
      );
    }
    if (body.status !== 'success') {
      throw new PrometheusError(`Prometheus at ${this.url} rejected a query (${body.errorType}: ${body.error})`);
    }
    return body.data;
  }
}
