// The tenant of the work in progress: read from the request when it starts, carried through the
// app's async work by an AsyncLocalStorage (created only when tenants are configured, so apps that
// do not use them pay nothing), and appended to every metric recorded meanwhile.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import { TENANT_ATTRIBUTE_PREFIX, type TenantSource } from './tenant-mapping';

/** Tenant attribute values, positionally in the order of the configured sources. */
export type TenantValues = readonly (string | undefined)[];

const MAX_VALUE_LENGTH = 64;
export const OTHER_VALUE = '_other';
// The contract with @org/perf-otel-api's withTenant(): a global hook, so the API package needs no
// dependency on the distribution and stays a no-op without it.
const HOOK = Symbol.for('perf-otel.tenant.hook');

export class TenantContext {
  readonly keys: readonly string[];
  private readonly storage = new AsyncLocalStorage<TenantValues>();
  private readonly seen: Array<Set<string>>;
  private readonly headerIndex = new Map<string, number>();
  private readonly attributeCache = new WeakMap<TenantValues, Attributes>();

  constructor(
    private readonly sources: readonly TenantSource[],
    private readonly maxValues: number,
  ) {
    this.keys = sources.map((s) => s.attribute);
    this.seen = sources.map(() => new Set());
    sources.forEach((s, i) => {
      if (s.header) this.headerIndex.set(s.header, i);
    });
    (globalThis as Record<symbol, unknown>)[HOOK] = {
      run: <T>(tenant: Record<string, unknown>, fn: () => T): T => this.storage.run(this.fromObject(tenant), fn),
      attributes: (): Attributes | undefined => this.currentAttributes(),
    };
  }

  /** Called when a request starts: the rest of its handling sees these values. */
  enterRequest(req: IncomingMessage): TenantValues {
    const values = this.fromRequest(req);
    this.storage.enterWith(values);
    return values;
  }

  current(): TenantValues | undefined {
    return this.storage.getStore();
  }

  /** The current tenant as attributes (for @org/perf-otel-api's instruments), built once per request. */
  private currentAttributes(): Attributes | undefined {
    const values = this.storage.getStore();
    if (values === undefined) return undefined;
    let attrs = this.attributeCache.get(values);
    if (attrs === undefined) {
      attrs = {};
      for (let i = 0; i < values.length; i++) if (values[i] !== undefined) attrs[this.keys[i]] = values[i];
      this.attributeCache.set(values, attrs);
    }
    return attrs;
  }

  stop(): void {
    delete (globalThis as Record<symbol, unknown>)[HOOK];
    this.storage.disable();
  }

  private fromRequest(req: IncomingMessage): TenantValues {
    const values: Array<string | undefined> = new Array(this.sources.length).fill(undefined);
    const raw = req.rawHeaders;
    let baggage: string | undefined;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i].toLowerCase();
      const index = this.headerIndex.get(name);
      if (index !== undefined) values[index] = this.normalise(index, raw[i + 1]);
      else if (name === 'baggage') baggage = baggage === undefined ? raw[i + 1] : `${baggage},${raw[i + 1]}`;
    }
    if (baggage !== undefined) {
      const entries = parseBaggage(baggage);
      this.sources.forEach((s, i) => {
        if (s.baggageKey !== undefined && entries.has(s.baggageKey)) values[i] = this.normalise(i, entries.get(s.baggageKey)!);
      });
    }
    return values;
  }

  private fromObject(tenant: Record<string, unknown>): TenantValues {
    return this.sources.map((s, i) => {
      const v = tenant[s.attribute.slice(TENANT_ATTRIBUTE_PREFIX.length)];
      return v === undefined || v === null ? undefined : this.normalise(i, String(v));
    });
  }

  /** Bounded by construction: trimmed, shortened, hashed for users, and capped per attribute. */
  private normalise(index: number, raw: string): string | undefined {
    let v = raw.trim();
    if (v === '') return undefined;
    if (this.sources[index].hashed) v = createHash('sha256').update(v).digest('hex').slice(0, 16);
    else if (v.length > MAX_VALUE_LENGTH) v = v.slice(0, MAX_VALUE_LENGTH);
    const seen = this.seen[index];
    if (seen.has(v)) return v;
    if (seen.size >= this.maxValues) return OTHER_VALUE;
    seen.add(v);
    return v;
  }
}

function parseBaggage(header: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const member of header.split(',')) {
    const [kv] = member.split(';', 1);
    const eq = kv.indexOf('=');
    if (eq <= 0) continue;
    try {
      out.set(kv.slice(0, eq).trim(), decodeURIComponent(kv.slice(eq + 1).trim()));
    } catch {
      /* a malformed member is skipped, as the W3C spec asks */
    }
  }
  return out;
}
