// The HTTP side of the control channel: POST /profile/cpu|heap?seconds=N answers with the standard
// profile JSON once the recording is done; POST /snapshot/heap streams a heap snapshot.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ProfileKind } from '../analysis/profile-types';
import { authorized } from './bearer-auth';
import { BusyError, type ExclusiveRecorder } from './exclusive-recorder';
import { profileFileName } from './file-name';
import { localRequestProblem } from './local-request';
import { recordProfile, writeHeapSnapshot } from './record-profile';
import { parseSeconds } from './seconds-param';

const ENDPOINTS = 'POST /profile/cpu?seconds=N, POST /profile/heap?seconds=N, POST /snapshot/heap, GET /status';
const PROFILE_PATHS: Record<string, ProfileKind> = { '/profile/cpu': 'cpu', '/profile/heap': 'heap' };

export function createControlServer(token: string | undefined, host: string, recorder: ExclusiveRecorder, log: (message: string) => void): Server {
  const policy = { host, tokenRequired: token !== undefined && token !== '', tokenHint: 'set PERF_OTEL_PROFILING_TOKEN' };
  const server = createServer((request, response) => {
    const refused = localRequestProblem(request, policy);
    if (refused !== undefined) return sendError(response, 403, refused);
    handle(request, response, token, recorder).catch((error: unknown) => {
      // Never into the app: a failed recording is a 500 for the caller and one log line.
      const message = `profiling failed: ${(error as Error)?.message ?? String(error)}`;
      log(message);
      if (!response.headersSent) sendError(response, 500, message);
      else response.destroy();
    });
  });
  // Neither the server nor a connection to it keeps the app alive.
  server.unref();
  // @org/perf-otel's HTTP server metrics leave out servers carrying this registered symbol: the
  // control channel's requests are not the app's traffic.
  (server as Server & Record<symbol, unknown>)[Symbol.for('perf-otel.http.own-server')] = true;
  server.on('connection', (socket) => socket.unref());
  server.on('clientError', (_error, socket) => socket.destroy());
  return server;
}

async function handle(request: IncomingMessage, response: ServerResponse, token: string | undefined, recorder: ExclusiveRecorder): Promise<void> {
  if (!authorized(request, token)) {
    response.setHeader('WWW-Authenticate', 'Bearer');
    return sendError(response, 401, 'missing or wrong token: send the header "Authorization: Bearer <PERF_OTEL_PROFILING_TOKEN>" (perf-otel profile --token)');
  }
  const url = new URL(request.url ?? '/', 'http://control');
  const kind = PROFILE_PATHS[url.pathname];
  if (url.pathname === '/status') {
    return request.method === 'GET' ? sendJson(response, 200, recorder.status()) : sendError(response, 405, `/status takes GET, not ${request.method}`);
  }
  const snapshot = url.pathname === '/snapshot/heap';
  if (kind === undefined && !snapshot) return sendError(response, 404, `no such endpoint ${url.pathname}; the endpoints are ${ENDPOINTS}`);
  if (request.method !== 'POST') return sendError(response, 405, `${url.pathname} takes POST, not ${request.method}`);

  // A caller that hangs up ends its recording: the next one need not wait for nobody.
  const abort = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) abort.abort();
  });
  try {
    if (snapshot) {
      await recorder.run(
        'snapshot',
        0,
        async () => {
          startDownload(response, profileFileName('snapshot'));
          await writeHeapSnapshot((chunk) => response.write(chunk));
          response.end();
        },
        abort,
      );
      return;
    }
    const seconds = parseSeconds(url.searchParams.get('seconds'));
    if (typeof seconds === 'string') return sendError(response, 400, seconds);
    const profile = await recorder.run(kind, seconds, (signal) => recordProfile(kind, seconds, signal), abort);
    startDownload(response, profileFileName(kind));
    response.end(JSON.stringify(profile));
  } catch (error) {
    if (error instanceof BusyError) return sendError(response, 409, error.message);
    if (abort.signal.aborted) return;
    throw error;
  }
}

function startDownload(response: ServerResponse, fileName: string): void {
  response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Disposition': `attachment; filename="${fileName}"` });
}

function sendError(response: ServerResponse, status: number, message: string): void {
  sendJson(response, status, { error: message });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(`${JSON.stringify(body)}\n`);
}
