// Express's matched route template, with every mount prefix, for success and error paths alike.
// Express keeps only concrete values on the request: `req.baseUrl` is the matched text of the mounts
// (ids included) and is restored when a router hands the request back, so by the time an app-level
// error handler or a json-server style "render" middleware answers, `req.baseUrl + req.route.path`
// has lost its prefix. So the template is recorded as routing happens:
// - `use(path, …)` gives each layer it adds on a path a request method of its own that knows the
//   mount template (layers do not keep their path; root-mounted layers are left alone);
// - entering a router pushes the template of the mount that led to it, leaving restores it;
// - a route's dispatch stores `prefix + route.path` on the request; it stays when the route calls
//   `next(err)` or `next()` (json-server answers from a later middleware with the route's data);
// - a plain handler mounted on a path (`app.use('/healthz', fn)`) names the request until it calls
//   `next`; handlers mounted at the root never do (that would label everything "/").
// Per request this costs one property store per route dispatch and one closure per path mount
// entered; labels are cached on the route, router and mount. Express 4 keeps its router in its own
// files; Express 5 uses the `router` package.
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { kRoute, type RoutedRequest } from './route-slot';
import { VERSION } from '../version';

const kPrefix = Symbol('perf-otel.express.prefix');
const kEntering = Symbol('perf-otel.express.entering');
const kCache = Symbol('perf-otel.express.label-cache');

// `any` arguments: the wrapped functions are Express's, untyped, and called with whatever it passes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (...args: any[]) => unknown;
// The mount template relative to the parent router: '' at the root, null when it is not one string.
type Template = string | null;

interface ExpressRequest extends RoutedRequest {
  [kPrefix]?: Template;
  [kEntering]?: Template;
}
interface LabelCache {
  prefix: Template | undefined;
  template: Template;
  label: string | null;
}
interface Layer {
  handle: Handler & { stack?: unknown; handle?: unknown };
  handleRequest?: Handler;
  handle_request?: Handler;
}
interface Router {
  stack: Layer[];
  [kCache]?: LabelCache;
}
interface Route {
  path: unknown;
  [kCache]?: LabelCache;
}
interface RouterProto {
  use: Handler;
  handle: Handler;
}
interface RouteProto {
  dispatch: Handler;
}

export class ExpressRouteInstrumentation extends InstrumentationBase {
  constructor() {
    super('@org/perf-otel/express', VERSION, {});
  }

  protected override init() {
    return [
      // Express 4: lib/router/index.js exports the router prototype, lib/router/route.js the Route.
      new InstrumentationNodeModuleDefinition('express', ['>=4.0.0 <5'], undefined, undefined, [
        new InstrumentationNodeModuleFile(
          'express/lib/router/index.js',
          ['>=4.0.0 <5'],
          (proto: RouterProto) => {
            this.patchRouter(proto);
            return proto;
          },
          (proto: RouterProto) => {
            this._unwrap(proto, 'use');
            this._unwrap(proto, 'handle');
          },
        ),
        new InstrumentationNodeModuleFile(
          'express/lib/router/route.js',
          ['>=4.0.0 <5'],
          (Route: { prototype: RouteProto }) => {
            this.patchRoute(Route.prototype);
            return Route;
          },
          (Route: { prototype: RouteProto }) => {
            this._unwrap(Route.prototype, 'dispatch');
          },
        ),
      ]),
      // Express 5 (and the router package used on its own).
      new InstrumentationNodeModuleDefinition(
        'router',
        ['>=2.0.0 <3'],
        (Router: { prototype: RouterProto; Route: { prototype: RouteProto } }) => {
          this.patchRouter(Router.prototype);
          this.patchRoute(Router.Route.prototype);
          return Router;
        },
        (Router: { prototype: RouterProto; Route: { prototype: RouteProto } }) => {
          this._unwrap(Router.prototype, 'use');
          this._unwrap(Router.prototype, 'handle');
          this._unwrap(Router.Route.prototype, 'dispatch');
        },
      ),
    ];
  }

  private patchRouter(proto: RouterProto): void {
    this._wrap(
      proto,
      'use',
      (original: Handler) =>
        function use(this: Router, ...args: unknown[]) {
          const before = this.stack.length;
          const result = original.apply(this, args);
          const template = mountTemplate(args[0]);
          // Handlers mounted at the root need nothing: only path mounts get a wrapper of their own.
          if (template !== '') for (let i = before; i < this.stack.length; i++) tagMount(this.stack[i], template);
          return result;
        },
    );
    this._wrap(
      proto,
      'handle',
      (original: Handler) =>
        function handle(this: Router, req: ExpressRequest, res: unknown, out: Handler) {
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
        },
    );
  }

  private patchRoute(proto: RouteProto): void {
    this._wrap(
      proto,
      'dispatch',
      (original: Handler) =>
        function dispatch(this: Route, req: ExpressRequest, res: unknown, done: Handler) {
          req[kRoute] = join(this, req[kPrefix], this.path);
          return original.call(this, req, res, done);
        },
    );
  }
}

// A layer mounted on a path gets its own request method (Express 4 `handle_request`, router
// `handleRequest`), shadowing the shared one: every other layer runs exactly as without us.
function tagMount(layer: Layer, template: Template): void {
  const method = typeof layer.handleRequest === 'function' ? 'handleRequest' : 'handle_request';
  const original = layer[method];
  if (typeof original !== 'function') return;
  const handle = layer.handle;
  // Routers and mounted apps (Express wraps those in `mounted_app`) add a prefix for what they
  // route; anything else is a leaf handler answering for the mount path itself.
  if ((typeof handle.handle === 'function' && Array.isArray(handle.stack)) || handle.name === 'mounted_app') {
    layer[method] = function enterMount(this: Layer, req: ExpressRequest, res: unknown, next: Handler) {
      // The router (or mounted app) entered synchronously by this call picks it up.
      req[kEntering] = template;
      try {
        return original.call(this, req, res, next);
      } finally {
        req[kEntering] = undefined;
      }
    };
    return;
  }
  const labels: { [kCache]?: LabelCache } = {};
  layer[method] = function answerForMount(this: Layer, req: ExpressRequest, res: unknown, next: Handler) {
    const previous = req[kRoute];
    req[kRoute] = join(labels, req[kPrefix], template);
    return original.call(this, req, res, function leafNext(err?: unknown) {
      req[kRoute] = previous;
      return next(err);
    });
  };
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
function join(holder: { [kCache]?: LabelCache }, prefix: Template | undefined, template: unknown): string | null {
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
