// Takes a profile from a running service's control endpoint: what `perf-otel profile` and the
// loadtest runner (profiling a chosen stage) call.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename } from 'node:path';
import { FILE_EXTENSION, type CpuProfile, type HeapProfile, type ProfileKind } from '../analysis/profile-types';
import { MAX_SECONDS } from '../control/seconds-param';

export interface CapturedProfile<K extends ProfileKind = ProfileKind> {
  kind: K;
  profile: K extends 'cpu' ? CpuProfile : HeapProfile;
  /** The profile exactly as the service sent it: write this to keep the standard file. */
  json: string;
  /** File name the service suggested: `perf-otel-<pid>-<timestamp>.cpuprofile` / `.heapprofile`. */
  fileName: string;
}

/** The endpoint answered with an error (401, 409, 400…) or could not be reached. */
export class CaptureError extends Error {
  override readonly name = 'CaptureError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Records a `seconds`-long CPU or heap profile of the service whose profiling endpoint is `target`
 * (e.g. `http://127.0.0.1:9465`) and resolves when it is done. Starting it at the beginning of a
 * load stage profiles that stage.
 */
export async function captureProfile<K extends ProfileKind>(target: string, kind: K, seconds: number, token?: string): Promise<CapturedProfile<K>> {
  if (!(seconds > 0 && seconds <= MAX_SECONDS)) throw new CaptureError(`the duration must be above 0 and at most ${MAX_SECONDS} s, got ${seconds} s`);
  let url: URL;
  try {
    url = new URL(`profile/${kind}?seconds=${seconds}`, target.endsWith('/') ? target : `${target}/`);
  } catch {
    throw new CaptureError(`"${target}" is not a URL; give the profiling endpoint, e.g. http://127.0.0.1:9465`);
  }
  const response = await post(url, token);
  const body = await readBody(response);
  if (response.statusCode !== 200) {
    throw new CaptureError(`${target} refused the ${kind} profile (${response.statusCode}): ${errorText(body)}`, response.statusCode);
  }
  const suggested = /filename="([^"]+)"/.exec(response.headers['content-disposition'] ?? '')?.[1];
  const fileName =
    suggested !== undefined && basename(suggested) === suggested && suggested.endsWith(FILE_EXTENSION[kind])
      ? suggested
      : `perf-otel-${new Date().toISOString().replace(/:/g, '-')}${FILE_EXTENSION[kind]}`;
  let profile: CapturedProfile<K>['profile'];
  try {
    profile = JSON.parse(body);
  } catch {
    throw new CaptureError(`${target} answered 200 but not with profile JSON (is it a perf-otel profiling endpoint?)`);
  }
  return { kind, profile, json: body, fileName };
}

/** node:http rather than fetch: no client-side limit on how long the headers take (a profile answers when it is done). */
function post(url: URL, token: string | undefined): Promise<IncomingMessage> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new CaptureError(`"${url.origin}" is not an http(s) URL; give e.g. http://127.0.0.1:9465`));
  }
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', headers: { 'X-Perf-Otel': '1', ...(token ? { Authorization: `Bearer ${token}` } : {}) } }, resolve);
    req.on('error', (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'ECONNREFUSED' ? ' (is the service running with PERF_OTEL_PROFILING_ENABLED=true, and is this its PERF_OTEL_PROFILING_PORT?)' : '';
      reject(new CaptureError(`cannot reach ${url.origin}: ${error.code ?? error.message}${hint}`));
    });
    req.end();
  });
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}

function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not ours: show the start of whatever it was
  }
  return body.slice(0, 200).trim() || '(empty body)';
}
