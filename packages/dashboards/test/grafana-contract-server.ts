import { once } from 'node:events';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A local HTTP server implementing the request/response shapes of the Grafana HTTP API endpoints
 * `grafana push` uses, as Grafana documents them (Grafana cannot run on these machines):
 *   GET  /api/folders/:uid          200 folder | 404 {message: "folder not found"}
 *   POST /api/folders               200 folder | 409 when the uid is taken
 *   POST /api/dashboards/db         200 {id, uid, url, status: "success", version, slug};
 *                                   412 when the uid exists and overwrite is false; 400 unknown folderUid
 *   GET  /api/datasources/name/:n   200 datasource | 404 {message: "Data source not found"}
 *   POST /api/datasources           200 {datasource, id, message: "Datasource added", name} | 409 name taken
 *   PUT  /api/datasources/uid/:uid  200 {datasource, id, message: "Datasource updated", name} | 404
 * Every call needs `Authorization: Bearer <token>`, else 401 {message: "Invalid API key"}.
 */
export interface ContractGrafana {
  url: string;
  requests: Array<{ method: string; path: string; body?: unknown }>;
  folders: Map<string, { uid: string; title: string; id: number }>;
  dashboards: Map<string, { dashboard: Record<string, unknown>; folderUid: string; version: number }>;
  datasources: Map<string, Record<string, unknown> & { id: number; uid: string; name: string }>;
  close(): Promise<void>;
}

export async function startContractGrafana(token: string): Promise<ContractGrafana> {
  const state: Omit<ContractGrafana, 'url' | 'close'> = { requests: [], folders: new Map(), dashboards: new Map(), datasources: new Map() };
  let nextId = 1;

  const send = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const handle = (method: string, path: string, body: Record<string, unknown>, response: ServerResponse) => {
    let match: RegExpExecArray | null;
    if (method === 'GET' && (match = /^\/api\/folders\/([^/]+)$/.exec(path))) {
      const folder = state.folders.get(decodeURIComponent(match[1]));
      return folder ? send(response, 200, folder) : send(response, 404, { message: 'folder not found', status: 'not-found' });
    }
    if (method === 'POST' && path === '/api/folders') {
      const uid = String(body.uid);
      if (state.folders.has(uid)) return send(response, 409, { message: 'a folder with the same uid already exists' });
      const folder = { id: nextId++, uid, title: String(body.title) };
      state.folders.set(uid, folder);
      return send(response, 200, folder);
    }
    if (method === 'POST' && path === '/api/dashboards/db') {
      const dashboard = body.dashboard as Record<string, unknown>;
      const folderUid = String(body.folderUid ?? '');
      if (typeof dashboard?.uid !== 'string' || typeof dashboard.title !== 'string') return send(response, 400, { message: 'Dashboard title cannot be empty' });
      if (folderUid !== '' && !state.folders.has(folderUid)) return send(response, 400, { message: 'folder not found' });
      const existing = state.dashboards.get(dashboard.uid);
      if (existing && body.overwrite !== true)
        return send(response, 412, { message: 'The dashboard has been changed by someone else', status: 'version-mismatch' });
      const version = (existing?.version ?? 0) + 1;
      state.dashboards.set(dashboard.uid, { dashboard, folderUid, version });
      return send(response, 200, { id: nextId++, uid: dashboard.uid, url: `/d/${dashboard.uid}/slug`, status: 'success', version, slug: 'slug' });
    }
    if (method === 'GET' && (match = /^\/api\/datasources\/name\/([^/]+)$/.exec(path))) {
      const found = [...state.datasources.values()].find((datasource) => datasource.name === decodeURIComponent(match![1]));
      return found ? send(response, 200, found) : send(response, 404, { message: 'Data source not found' });
    }
    if (method === 'POST' && path === '/api/datasources') {
      if ([...state.datasources.values()].some((datasource) => datasource.name === body.name)) {
        return send(response, 409, { message: 'data source with the same name already exists' });
      }
      const datasource = { ...body, id: nextId++, uid: String(body.uid ?? `generated-${nextId}`), name: String(body.name) };
      state.datasources.set(datasource.uid, datasource);
      return send(response, 200, { datasource, id: datasource.id, message: 'Datasource added', name: datasource.name });
    }
    if (method === 'PUT' && (match = /^\/api\/datasources\/uid\/([^/]+)$/.exec(path))) {
      const existing = state.datasources.get(decodeURIComponent(match[1]));
      if (!existing) return send(response, 404, { message: 'Data source not found' });
      const datasource = { ...body, id: existing.id, uid: existing.uid, name: String(body.name) };
      state.datasources.set(existing.uid, datasource);
      return send(response, 200, { datasource, id: datasource.id, message: 'Datasource updated', name: datasource.name });
    }
    return send(response, 404, { message: 'Not found' });
  };

  const server = createServer(async (request: IncomingMessage, response) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    const body = text === '' ? undefined : JSON.parse(text);
    const path = (request.url ?? '').split('?')[0];
    state.requests.push({ method: request.method ?? '', path, body });
    if (request.headers.authorization !== `Bearer ${token}`) return send(response, 401, { message: 'Invalid API key' });
    handle(request.method ?? '', path, body ?? {}, response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    ...state,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
