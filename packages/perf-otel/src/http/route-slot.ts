// Where the matched route template is found on the raw IncomingMessage when the response finishes.
// A framework hook stores a string (the template) or null (the framework routed this request but
// cannot name one template for it: nothing matched, an ambiguous mount, a RegExp path). null is
// final: a path template would only be a guess where the framework's own router decided.
export const kRoute: unique symbol = Symbol.for('perf-otel.http.route');
export const kKoaContext: unique symbol = Symbol.for('perf-otel.http.koa-context');
export const kHapiRequest: unique symbol = Symbol.for('perf-otel.http.hapi-request');

export interface RoutedRequest {
  /** Set by our Express, router and Fastify hooks. */
  [kRoute]?: string | null;
  /** Koa's context, whose router (@koa/router) records the matched layer's path. */
  [kKoaContext]?: { _matchedRoute?: unknown; router?: unknown };
  /** hapi's request object, whose `route` is the matched route (a special one when none matched). */
  [kHapiRequest]?: { route?: { method?: unknown; path?: unknown } };
  /** Express and connect keep the URL before any mount rewrote `url`. */
  originalUrl?: unknown;
}

/** The template, null when a framework routed the request without one, undefined when none did. */
export function frameworkRoute(req: RoutedRequest): string | null | undefined {
  const stored = req[kRoute];
  if (stored !== undefined) return stored;
  const koa = req[kKoaContext];
  if (koa !== undefined) {
    const matched = koa._matchedRoute;
    if (typeof matched === 'string') return matched;
    // A router ran and matched nothing (or matched a RegExp): it cannot tell.
    return koa.router !== undefined ? null : undefined;
  }
  const hapi = req[kHapiRequest]?.route;
  if (hapi !== undefined) {
    // hapi answers unmatched requests from its special notFound/badRequest routes ('/{p*}').
    return hapi.method !== '_special' && typeof hapi.path === 'string' ? hapi.path : null;
  }
  return undefined;
}
