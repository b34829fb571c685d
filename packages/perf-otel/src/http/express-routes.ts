// Express's matched route template, with every mount prefix, for success and error paths alike.
// Express keeps only concrete values on the request: `req.baseUrl` is the matched text of the mounts
// (ids included) and is restored when a router hands the request back, so by the time an app-level
// error handler or a json-server style "render" middleware answers, `req.baseUrl + req.route.path`
// has lost its prefix. So the template is recorded as routing happens:
// - `use(path, …)` tags each new layer with its mount template (layers do not keep their path);
// - entering a router pushes the template of the mount that led to it, leaving restores it;
// - a route's dispatch stores `prefix + route.path` on the request; it stays when the route calls
//   `next(err)` or `next()` (json-server answers from a later middleware with the route's data);
// - a plain handler mounted on a path (`app.use('/healthz', fn)`) names the request until it calls
//   `next`; handlers mounted at the root never do (that would label everything "/").
// Per request this costs one property store per route dispatch and one closure per mounted router
// entered; labels are cached on the route and layer objects. Express 4 keeps its router in its own
// files; Express 5 uses the `router` package.
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { kRoute, type RoutedRequest } from './route-slot';
import { VERSION } from '../version';

const kPrefix = Symbol('perf-otel.express.prefix');
const kEntering = Symbol('perf-otel.express.entering');
const kMount = Symbol('perf-otel.express.mount');
const kCache = Symbol('perf-otel.express.label-cache');
const kPatched = Symbol('perf-otel.express.patched');

// `any` arguments: the wrapped functions are Express's, untyped, and called with whatever it passes.
type Handler = (...args: any[]) => unknown;
// The mount template relative to the parent router: '' at the root, null when it is not one string.
type Template = string | null;

interface ExpressRequest extends RoutedRequest {
  [kPrefix]?: Template;
  [kEntering]?: Template;
}
interface LabelCache { prefix: Template | undefined; template: Template; label: string | null }
interface Layer {
  handle: Handler & { stack?: unknown; handle?: unknown };
  [kMount]?: { template: Template; leaf: boolean; cache?: LabelCache };
}
interface Router { stack: Layer[]; [kCache]?: LabelCache }
interface Route { path: unknown; [kCache]?: LabelCache }
interface RouterProto { use: Handler; handle: Handler }
interface RouteProto { dispatch: Handler }
type LayerProto = Record<string, Handler> & { [kPatched]?: true };

export class ExpressRouteInstrumentation extends InstrumentationBase {
  constructor() {
    super('@org/perf-otel/express', VERSION, {});
  }

  protected override init() {
    return [
      // Express 4: lib/router/index.js exports the router prototype, lib/router/route.js the Route.
      new InstrumentationNodeModuleDefinition('express', ['>=4.0.0 <5'], undefined, undefined, [
        new InstrumentationNodeModuleFile('express/lib/router/index.js', ['>=4.0.0 <5'],
          (proto: RouterProto) => { this.patchRouter(proto); return proto; },
          (proto: RouterProto) => { this._unwrap(proto, 'use'); this._unwrap(proto, 'handle'); }),
        new InstrumentationNodeModuleFile('express/lib/router/route.js', ['>=4.0.0 <5'],
          (Route: { prototype: RouteProto }) => { this.patchRoute(Route.prototype); return Route; },
          (Route: { prototype: RouteProto }) => { this._unwrap(Route.prototype, 'dispatch'); }),
      ]),
      // Express 5 (and the router package used on its own).
      new InstrumentationNodeModuleDefinition('router', ['>=2.0.0 <3'],
        (Router: { prototype: RouterProto; Route: { prototype: RouteProto } }) => {
          this.patchRouter(Router.prototype);
          this.patchRoute(Router.Route.prototype);
          return Router;
        },
        (Router: { prototype: RouterProto; Route: { prototype: RouteProto } }) => {
          this._unwrap(Router.prototype, 'use');
          this._unwrap(Router.prototype, 'handle');
          this._unwrap(Router.Route.prototype, 'dispatch');
        }),
    ];
  }

  private patchRouter(proto: RouterProto): void {
    const patchLayer = (layerProto: LayerProto) => this.patchLayer(layerProto);
    this._wrap(proto, 'use', (original: Handler) => function use(this: Router, ...args: unknown[]) {
      const before = this.stack.length;
      const result = original.apply(this, args);
      const template = mountTemplate(args[0]);
      for (let i = before; i < this.stack.length; i++) {
        const layer = this.stack[i];
        patchLayer(Object.getPrototypeOf(layer) as LayerProto);
        if (template === '') continue;
        const handle = layer.handle;
        // Routers and mounted apps (Express wraps those in `mounted_app`) add a prefix for what
        // they route; anything else is a leaf handler answering for the mount path itself.
        const nested = (typeof handle.handle === 'function' && Array.isArray(handle.stack)) || handle.name === 'mounted_app';
        layer[kMount] = { template, leaf: !nested };
      }
      return result;
    });
    this._wrap(proto, 'handle', (original: Handler) => function handle(this: Router, req: ExpressRequest, res: unknown, out: Handler) {
      const parent = req[kPrefix];
      const mount = req[kEntering];
      if (parent === undefined) {
        // The application's own router: the request is Express's from here on.
        if (req[kRoute] === undefined) req[kRoute] = null;
        req[kPrefix] = mount ?? '';
        return original.call(this, req, res, out);
      }
      if (mount === undefined || mount === '') return original.call(this, req, res, out);
      req[kEntering] = undefined;
      req[kPrefix] = join(this, parent, mount);
      return original.call(this, req, res, function restorePrefix(err?: unknown) {
        req[kPrefix] = parent;
        return out(err);
      });
    });
  }

  private patchRoute(proto: RouteProto): void {
    this._wrap(proto, 'dispatch', (original: Handler) => function dispatch(this: Route, req: ExpressRequest, res: unknown, done: Handler) {
      req[kRoute] = join(this, req[kPrefix], this.path);
      return original.call(this, req, res, done);
    });
  }

  // The layer prototype is not exported by Express 4 nor router; it is reached through a layer.
  private patchLayer(layerProto: LayerProto): void {
    if (layerProto[kPatched]) return;
    layerProto[kPatched] = true;
    const method = typeof layerProto.handleRequest === 'function' ? 'handleRequest' : 'handle_request';
    this._wrap(layerProto, method, (original: Handler) => function handleRequest(this: Layer, req: ExpressRequest, res: unknown, next: Handler) {
      const mount = this[kMount];
      if (mount === undefined) return original.call(this, req, res, next);
      if (!mount.leaf) {
        // The router (or mounted app) entered synchronously by this call picks it up.
        req[kEntering] = mount.template;
        try {
          return original.call(this, req, res, next);
        } finally {
          req[kEntering] = undefined;
        }
      }
      const previous = req[kRoute];
      req[kRoute] = join(mount, req[kPrefix], mount.template);
      return original.call(this, req, res, function leafNext(err?: unknown) {
        req[kRoute] = previous;
        return next(err);
      });
    });
  }
}

// The first argument of `use()` as Express reads it: a path, or the first handler.
function mountTemplate(arg: unknown): Template {
  let first = arg;
  while (Array.isArray(first) && first.length !== 0) first = first[0];
  if (typeof first === 'function') return '';
  const path = Array.isArray(arg) && arg.length === 1 ? arg[0] : arg;
  if (typeof path !== 'string') return null;
  // Express matches mounts without their trailing slash and never puts one on `req.baseUrl`.
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end--;
  return end === path.length ? path : path.slice(0, end);
}

// prefix + template, cached on the object that owns the template: one string per route in steady
// state, compared by identity.
function join(owner: { [kCache]?: LabelCache } | { cache?: LabelCache }, prefix: Template | undefined, template: unknown): string | null {
  const holder = owner as { [kCache]?: LabelCache };
  const cached = holder[kCache];
  if (cached !== undefined && cached.prefix === prefix && cached.template === template) return cached.label;
  const label = concat(prefix, template);
  holder[kCache] = { prefix, template: template as Template, label };
  return label;
}

function concat(prefix: Template | undefined, template: unknown): string | null {
  // A route dispatched outside any router we saw, an ambiguous mount, a RegExp or array path.
  if (prefix === undefined || prefix === null || typeof template !== 'string') return null;
  if (template === '' || template === '/') return prefix === '' ? '/' : prefix;
  return prefix + (template.charCodeAt(0) === 0x2f ? template : `/${template}`);
}
