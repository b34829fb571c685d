/**
 * The few Grafana HTTP API calls `grafana push` needs (Grafana 9+; documented under
 * /developers/http_api: folder, dashboard, data_source). Authenticates with a service account
 * token as a Bearer header; the token never appears in messages.
 */
export interface GrafanaFolder {
  uid: string;
  title: string;
}

export interface GrafanaDatasource {
  uid: string;
  name: string;
  type: string;
  url: string;
  access: 'proxy';
  isDefault?: boolean;
  jsonData?: Record<string, unknown>;
}

export interface SavedDashboard {
  uid: string;
  url: string;
  version: number;
  status: string;
}

export class GrafanaApiError extends Error {
  override readonly name = 'GrafanaApiError';

  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    detail: string,
  ) {
    super(`Grafana ${method} ${path} answered ${status}: ${detail}${GrafanaApiError.hint(status)}`);
  }

  private static hint(status: number): string {
    if (status === 401) return '; check --token (a service account token of this Grafana)';
    if (status === 403) return '; the token needs the Editor role (Admin for datasources)';
    return '';
  }
}

export class GrafanaApi {
  private readonly base: string;

  constructor(
    url: string,
    private readonly token: string,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  /** Resolves the JSON body, or undefined on 404; throws GrafanaApiError on any other failure. */
  private async call<T>(method: string, path: string, body?: unknown): Promise<T | undefined> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new Error(`cannot reach Grafana at ${this.base}: ${(error as Error).cause ?? (error as Error).message}; check --url`, { cause: error });
    }
    const text = await response.text();
    if (response.status === 404 && method === 'GET') return undefined;
    if (!response.ok) {
      let detail = text;
      try {
        detail = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        /* not JSON: keep the text */
      }
      throw new GrafanaApiError(method, path, response.status, detail);
    }
    return JSON.parse(text) as T;
  }

  getFolder(uid: string): Promise<GrafanaFolder | undefined> {
    return this.call<GrafanaFolder>('GET', `/api/folders/${encodeURIComponent(uid)}`);
  }

  async createFolder(folder: GrafanaFolder): Promise<GrafanaFolder> {
    return (await this.call<GrafanaFolder>('POST', '/api/folders', folder))!;
  }

  async saveDashboard(dashboard: object, folderUid: string, message: string): Promise<SavedDashboard> {
    return (await this.call<SavedDashboard>('POST', '/api/dashboards/db', { dashboard, folderUid, overwrite: true, message }))!;
  }

  getDatasourceByName(name: string): Promise<(GrafanaDatasource & { id: number }) | undefined> {
    return this.call('GET', `/api/datasources/name/${encodeURIComponent(name)}`);
  }

  async createDatasource(datasource: GrafanaDatasource): Promise<void> {
    await this.call('POST', '/api/datasources', datasource);
  }

  async updateDatasource(uid: string, datasource: GrafanaDatasource): Promise<void> {
    await this.call('PUT', `/api/datasources/uid/${encodeURIComponent(uid)}`, datasource);
  }
}
