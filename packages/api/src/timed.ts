// Timing of functions and methods into a seconds histogram, with `error.type` on throw or rejection.
import { performance } from 'node:perf_hooks';
import type { Attributes } from '@opentelemetry/api';
import { AttributeSets, frozenAttributes } from './attributes';
import { errorType } from './error-type';
import { histogram } from './instruments';
import { ATTR_CODE_FUNCTION_NAME, ATTR_ERROR_TYPE, DURATION_BUCKETS_SECONDS, METRIC_APP_METHOD_DURATION } from './semconv';
import type { HistogramMetric, TimedMethodDecorator } from './types';

/** Distinct error types cached per timer; more are still recorded, each with a fresh object. */
const MAX_CACHED_ERROR_TYPES = 64;

function durationHistogram(name: string): HistogramMetric {
  return histogram(name, { unit: 's', buckets: DURATION_BUCKETS_SECONDS, description: 'Duration of a timed function or method' });
}

function isPromise(value: unknown): value is Promise<unknown> {
  // Native promises only (also from another realm). Other thenables, e.g. query builders, run on
  // `then`: calling it here would change what the timed function does.
  return (
    value instanceof Promise ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as PromiseLike<unknown>).then === 'function' &&
      Object.prototype.toString.call(value) === '[object Promise]')
  );
}

/** Records the duration of calls into one histogram with fixed attributes. */
class DurationTimer {
  private readonly failures: AttributeSets;

  constructor(
    private readonly histogram: HistogramMetric,
    private readonly attributes: Attributes,
  ) {
    this.failures = new AttributeSets(ATTR_ERROR_TYPE, attributes, MAX_CACHED_ERROR_TYPES);
  }

  run(fn: (...args: never[]) => unknown, thisArg: unknown, args: unknown[]): unknown {
    const start = performance.now();
    let result: unknown;
    try {
      result = Reflect.apply(fn, thisArg, args);
    } catch (error) {
      this.failed(start, error);
      throw error;
    }
    if (isPromise(result)) {
      return result.then(
        (value) => {
          this.succeeded(start);
          return value;
        },
        (error: unknown) => {
          this.failed(start, error);
          throw error;
        },
      );
    }
    this.succeeded(start);
    return result;
  }

  private succeeded(start: number): void {
    this.histogram.record((performance.now() - start) / 1000, this.attributes);
  }

  private failed(start: number, error: unknown): void {
    this.histogram.record((performance.now() - start) / 1000, this.failures.get(errorType(error)));
  }
}

function timeFunction<F extends (...args: never[]) => unknown>(name: string, fn: F, attributes: Attributes | undefined): F {
  const timer = new DurationTimer(durationHistogram(name), frozenAttributes(attributes));
  const timedFunction = function (this: unknown, ...args: unknown[]): unknown {
    return timer.run(fn, this, args);
  };
  Object.defineProperty(timedFunction, 'name', { value: fn.name });
  return timedFunction as unknown as F;
}

/** The class that declares the decorated method, found from the receiver of the first call. */
function declaringClassName(receiver: unknown, replacement: unknown, context: ClassMethodDecoratorContext): string {
  if (!context.private) {
    let owner: unknown = context.static ? receiver : Object.getPrototypeOf(receiver);
    while (owner !== null && owner !== undefined) {
      if (Object.getOwnPropertyDescriptor(owner, context.name)?.value === replacement) {
        return context.static ? (owner as { name: string }).name : (owner as { constructor: { name: string } }).constructor.name;
      }
      owner = Object.getPrototypeOf(owner);
    }
  }
  // Private methods are no properties: the receiver's class is the best name there is.
  return context.static ? (receiver as { name: string }).name : ((receiver as object | null)?.constructor?.name ?? '');
}

function assertStandardDecorator(method: unknown, context: unknown): asserts context is ClassMethodDecoratorContext {
  if (typeof method !== 'function' || typeof context !== 'object' || context === null) {
    throw new TypeError(
      'perf-otel-api: @timed is a standard (TC39) decorator but was called as a legacy one: turn "experimentalDecorators" off ' +
        '(TypeScript 5+), or with swc set jsc.transform.decoratorVersion to "2022-03"',
    );
  }
  const kind = (context as { kind?: unknown }).kind;
  if (kind !== 'method') {
    throw new TypeError(`perf-otel-api: @timed decorates methods, not a ${String(kind)}: use timed(name, fn) for other functions`);
  }
}

function timeMethod(name: string | undefined, attributes: Attributes | undefined): TimedMethodDecorator {
  const durations = durationHistogram(name ?? METRIC_APP_METHOD_DURATION);
  const fixed = frozenAttributes(attributes);
  return function decorate<This, Args extends unknown[], Return>(
    method: (this: This, ...args: Args) => Return,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
  ): (this: This, ...args: Args) => Return {
    assertStandardDecorator(method, context);
    const methodName = String(context.name);
    // The class name is unknown at decoration time; it is looked up once, at the first call.
    let timer: DurationTimer | undefined;
    const timedMethod = function (this: This, ...args: Args): Return {
      timer ??= new DurationTimer(
        durations,
        Object.freeze({ ...fixed, [ATTR_CODE_FUNCTION_NAME]: `${declaringClassName(this, timedMethod, context)}.${methodName}` }),
      );
      return timer.run(method, this, args) as Return;
    };
    Object.defineProperty(timedMethod, 'name', { value: method.name });
    return timedMethod;
  };
}

/**
 * `timed(name, fn, attributes?)` returns `fn` wrapped to record each call's duration (seconds) into
 * histogram `name`; sync and async (native promise) functions; a throw or rejection adds `error.type`
 * and is rethrown unchanged.
 *
 * `@timed(name?, attributes?)` is the same as a standard class method decorator, adding
 * `code.function.name` = `Class.method`; without a name it records into `app.method.duration`.
 */
export function timed<F extends (...args: never[]) => unknown>(name: string, fn: F, attributes?: Attributes): F;
export function timed(name?: string, attributes?: Attributes): TimedMethodDecorator;
export function timed(name?: string, fnOrAttributes?: ((...args: never[]) => unknown) | Attributes, attributes?: Attributes): unknown {
  if (typeof fnOrAttributes === 'function') return timeFunction(name as string, fnOrAttributes, attributes);
  return timeMethod(name, fnOrAttributes);
}
