// Where the matched route template is found on the raw IncomingMessage when the response finishes.
export const kRoute: unique symbol = Symbol.for('perf-otel.http.route');
export const kKoaContext: unique symbol = Symbol.for('perf-otel.http.koa-context');

export interface RoutedRequest {
  /** Set by our Fastify hook. */
  [kRoute]?: string;
  /** Koa's context, whose router (@koa/router) records the matched layer's path. */
  [kKoaContext]?: { _matchedRoute?: unknown };
  /** Express decorates the raw request itself. */
  route?: { path?: unknown };
  baseUrl?: string;
}

export function frameworkRoute(req: RoutedRequest, express: boolean): string | undefined {
  const stored = req[kRoute];
  if (stored !== undefined) return stored;
  const path = express ? req.route?.path : undefined;
  if (typeof path === 'string') return (req.baseUrl ?? '') + path;
  const koa = req[kKoaContext]?._matchedRoute;
  if (typeof koa === 'string') return koa;
  return undefined;
}
