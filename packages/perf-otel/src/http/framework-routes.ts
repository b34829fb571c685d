// Route templates from frameworks that do not keep them on the raw request the way Express does.
// Fastify announces each instance on a diagnostics channel; a root onRequest hook names the raw
// request before any hook of the app runs, so a rejecting auth hook, a failed validation or a
// throwing handler keep their route. Koa keeps the route on its context and hapi on its request:
// we link those to the raw request when the framework creates them.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { kHapiRequest, kKoaContext, kRoute, type RoutedRequest } from './route-slot';
import { VERSION } from '../version';

const FASTIFY_INITIALIZATION = 'fastify.initialization';
// Fastify 4 and 5 keep the matched route's context (whose config.url is the full route url,
// prefixes included) under this symbol; `request.routeOptions` would build an object per request.
const FASTIFY_CONTEXT = 'fastify.context';
const kFastifyHooked = Symbol('perf-otel.fastify.hooked');

type FastifyRequest = { raw: RoutedRequest; routeOptions?: { url?: unknown } } & Record<symbol, { config?: { url?: unknown } } | undefined>;
type OnRequestHook = (request: FastifyRequest, reply: unknown, done: () => void) => void;
interface FastifyInstance {
  addHook(name: 'onRequest', hook: OnRequestHook): unknown;
  [kFastifyHooked]?: true;
}

export function instrumentFastifyRoutes(): () => void {
  const onInit = (m: unknown) => {
    const fastify = (m as { fastify?: FastifyInstance }).fastify;
    if (fastify === undefined || fastify[kFastifyHooked]) return;
    fastify[kFastifyHooked] = true;
    let contextKey: symbol | null | undefined;
    // Added at creation, before any of the app's hooks: root hooks run first for every route.
    fastify.addHook('onRequest', function nameRoute(request, _reply, done) {
      if (contextKey === undefined) {
        contextKey = Object.getOwnPropertySymbols(request).find((s) => s.description === FASTIFY_CONTEXT) ?? null;
      }
      // Should a release rename the symbol: the public (allocating) getter.
      const url = contextKey === null ? request.routeOptions?.url : request[contextKey]?.config?.url;
      // The not-found handler's context has no url: Fastify routed it, and no route matched.
      request.raw[kRoute] = typeof url === 'string' ? url : null;
      done();
    });
  };
  subscribe(FASTIFY_INITIALIZATION, onInit);
  return () => unsubscribe(FASTIFY_INITIALIZATION, onInit);
}

interface KoaApplication {
  prototype: { createContext(req: IncomingMessage, res: unknown): object };
}

export class KoaRouteInstrumentation extends InstrumentationBase {
  constructor() {
    super('@org/perf-otel/koa', VERSION, {});
  }

  protected override init() {
    return new InstrumentationNodeModuleDefinition(
      'koa',
      ['>=2.0.0 <4'],
      (Koa: KoaApplication) => {
        this._wrap(
          Koa.prototype,
          'createContext',
          (original: KoaApplication['prototype']['createContext']) =>
            function createContext(this: unknown, req: IncomingMessage & RoutedRequest, res: unknown) {
              const ctx = original.call(this, req, res);
              req[kKoaContext] = ctx as { _matchedRoute?: unknown };
              return ctx;
            },
        );
        return Koa;
      },
      (Koa: KoaApplication) => {
        this._unwrap(Koa.prototype, 'createContext');
      },
    );
  }
}

interface HapiRequestClass {
  generate(server: unknown, req: RoutedRequest, res: unknown, options: unknown): { route?: unknown };
}

export class HapiRouteInstrumentation extends InstrumentationBase {
  constructor() {
    super('@org/perf-otel/hapi', VERSION, {});
  }

  protected override init() {
    // hapi builds its request in lib/request.js (required by its own CommonJS code, so ESM apps are
    // covered too); `request.route` is updated in place when routing matches.
    return new InstrumentationNodeModuleDefinition('@hapi/hapi', ['>=20.0.0 <22'], undefined, undefined, [
      new InstrumentationNodeModuleFile(
        '@hapi/hapi/lib/request.js',
        ['>=20.0.0 <22'],
        (Request: HapiRequestClass) => {
          this._wrap(
            Request,
            'generate',
            (original: HapiRequestClass['generate']) =>
              function generate(this: unknown, server: unknown, req: RoutedRequest, res: unknown, options: unknown) {
                const request = original.call(this, server, req, res, options);
                req[kHapiRequest] = request as RoutedRequest[typeof kHapiRequest];
                return request;
              },
          );
          return Request;
        },
        (Request: HapiRequestClass) => {
          this._unwrap(Request, 'generate');
        },
      ),
    ]);
  }
}
