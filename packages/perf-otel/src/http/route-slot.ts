// Where the matched route template is found on the raw IncomingMessage when the response finishes.
// A framework hook stores a string (the template) or null (the framework routed this request but
// cannot name one template for it: nothing matched, an ambiguous mount, a RegExp path). null is
// final: a path template would only be a guess where the framework's own router decided.
import type { IncomingMessage } from 'node:http';
import type { RouteTemplater } from './route-template';

export const kRoute: unique symbol = Symbol.for('perf-otel.http.route');
export const kKoaContext: unique symbol = Symbol.for('perf-otel.http.koa-context');
export const kHapiRequest: unique symbol = Symbol.for('perf-otel.http.hapi-request');

interface KoaContext {
  method?: unknown;
  router?: unknown;
  matched?: unknown;
  _matchedRoute?: unknown;
  mountPath?: unknown;
}
interface KoaLayer {
  path?: unknown;
  methods?: unknown;
}

export interface RoutedRequest {
  /** Set by our Express, router and Fastify hooks. */
  [kRoute]?: string | null;
  /** Koa's context, on which @koa/router records the layers it matched. */
  [kKoaContext]?: KoaContext;
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
  if (koa !== undefined) return koaRoute(koa);
  const hapi = req[kHapiRequest]?.route;
  if (hapi !== undefined) {
    // hapi answers unmatched requests from its special notFound/badRequest routes ('/{p*}').
    return hapi.method !== '_special' && typeof hapi.path === 'string' ? hapi.path : null;
  }
  return undefined;
}

// @koa/router sets `_matchedRoute` to each layer it runs, router middleware included (a path-less
// `router.use()` leaves a RegExp source there), so it names the route only when it is one of the
// matched route layers; otherwise the most specific route layer matching path and method is the
// route, as @koa/router itself picks it.
function koaRoute(ctx: KoaContext): string | null | undefined {
  // No router ran: a plain Koa app, for which the path template stands in.
  if (ctx.router === undefined) return undefined;
  const matched = ctx.matched;
  // koa-mount strips its prefix from the path the router sees and leaves only the innermost
  // prefix in `mountPath`, never restored: which prefix a layer was matched under is unknown.
  if (!Array.isArray(matched) || ctx.mountPath !== undefined) return null;
  let route: string | null = null;
  for (let i = matched.length - 1; i >= 0; i--) {
    const { path, methods } = matched[i] as KoaLayer;
    if (typeof path !== 'string' || !Array.isArray(methods) || !methods.includes(ctx.method)) continue;
    if (path === ctx._matchedRoute) return path;
    route ??= path;
  }
  return route;
}

/**
 * The `http.route` of a request: the framework's template, else (no framework routed it) the path
 * template, except for 404s. The server metric and the database operations of the request read it
 * the same way, so both carry the same value.
 */
export function requestRoute(req: RoutedRequest & IncomingMessage, status: number | undefined, routeTemplate: RouteTemplater | undefined): string | undefined {
  const route = frameworkRoute(req);
  if (route !== undefined) return route ?? undefined;
  // An unmatched path is no endpoint: templating 404s would let random URLs mint series.
  if (routeTemplate === undefined || status === 404) return undefined;
  // A mount (connect, Express with its hooks off) may have cut its prefix off `url`.
  const url = typeof req.originalUrl === 'string' ? req.originalUrl : req.url;
  return url === undefined ? undefined : routeTemplate(url);
}
