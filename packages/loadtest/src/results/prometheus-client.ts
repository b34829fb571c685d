// The two Prometheus HTTP API calls the report needs, with failures turned into one-line messages.

interface ApiAnswer {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[] };
}

export class PrometheusClient {
  constructor(readonly url: string) {}

  /** The first series' value at `time` (seconds), or null when the query matches nothing. */
  async scalarAt(query: string, time: number): Promise<number | null> {
    const answer = await this.call('query', { query, time: String(time) });
    const value = answer.data?.result[0]?.value?.[1];
    return value === undefined ? null : Number(value);
  }

  /** The first series' values from `start` to `end` (seconds) at `stepSeconds`. */
  async rangeValues(query: string, start: number, end: number, stepSeconds: number): Promise<number[]> {
    const answer = await this.call('query_range', { query, start: String(start), end: String(end), step: String(stepSeconds) });
    return (answer.data?.result[0]?.values ?? []).map(([, value]) => Number(value)).filter(Number.isFinite);
  }

  private async call(endpoint: string, params: Record<string, string>): Promise<ApiAnswer> {
    const address = `${this.url.replace(/\/+$/, '')}/api/v1/${endpoint}?${new URLSearchParams(params)}`;
    let response: Response;
    try {
      response = await fetch(address);
    } catch (error) {
      const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
      throw new Error(`cannot reach Prometheus at ${this.url} (${cause?.code ?? (error as Error).message}); check --prometheus`, { cause: error });
    }
    const answer = (await response.json().catch(() => ({ status: 'error', error: `HTTP ${response.status}, not the Prometheus API` }))) as ApiAnswer;
    if (answer.status !== 'success') throw new Error(`Prometheus at ${this.url} rejected ${params.query}: ${answer.error}`);
    return answer;
  }
}
