// Route templates from frameworks that do not keep them on the raw request the way Express does.
// Fastify publishes its matched route on a diagnostics channel; Koa keeps it on its context, which
// we link to the raw request when Koa creates the context.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { kKoaContext, kRoute, type RoutedRequest } from './route-slot';
import { VERSION } from '../version';

const FASTIFY_HANDLER_START = 'tracing:fastify.request.handler:start';

export function instrumentFastifyRoutes(): () => void {
  const onStart = (m: unknown) => {
    const { request, route } = m as { request?: { raw?: RoutedRequest }; route?: { url?: string } };
    if (request?.raw && typeof route?.url === 'string') request.raw[kRoute] = route.url;
  };
  subscribe(FASTIFY_HANDLER_START, onStart);
  return () => unsubscribe(FASTIFY_HANDLER_START, onStart);
}

interface KoaApplication { prototype: { createContext(req: IncomingMessage, res: unknown): object } }

export class KoaRouteInstrumentation extends InstrumentationBase {
  constructor() {
    super('@org/perf-otel/koa', VERSION, {});
  }

  protected override init() {
    return new InstrumentationNodeModuleDefinition(
      'koa', ['>=2.0.0 <4'],
      (Koa: KoaApplication) => {
        this._wrap(Koa.prototype, 'createContext', (original: KoaApplication['prototype']['createContext']) =>
          function createContext(this: unknown, req: IncomingMessage & RoutedRequest, res: unknown) {
            const ctx = original.call(this, req, res);
            req[kKoaContext] = ctx as { _matchedRoute?: unknown };
            return ctx;
          });
        return Koa;
      },
      (Koa: KoaApplication) => { this._unwrap(Koa.prototype, 'createContext'); },
    );
  }
}
