// Chooses each request autocannon sends: a weighted random pick among the scenario's requests,
// a random value for list-valued headers (tenants), and a generated body for payload specs.
import { randomBytes } from 'node:crypto';
import type { RequestSpec } from '../scenario/scenario';

export interface PickedRequest {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export type Random = () => number;

export function createRequestPicker(specs: RequestSpec[], basePath: string, random: Random = Math.random): () => PickedRequest {
  const total = specs.reduce((sum, spec) => sum + spec.weight, 0);
  // One random pool per payload spec, sliced per request: generating fresh bytes per request would
  // make the load generator, not the server, the bottleneck.
  const pools = new Map(
    specs.filter((spec) => spec.payload).map((spec) => [spec, randomBytes(spec.payload!.maxBytes).toString('base64url').slice(0, spec.payload!.maxBytes)]),
  );
  const choose = <T>(values: T[]): T => values[Math.floor(random() * values.length)];
  return () => {
    let roll = random() * total;
    const spec = specs.find((candidate) => (roll -= candidate.weight) < 0) ?? specs[specs.length - 1];
    const headers = Object.fromEntries(Object.entries(spec.headers).map(([name, value]) => [name, Array.isArray(value) ? choose(value) : value]));
    let body = spec.body;
    if (spec.payload) {
      const { minBytes, maxBytes } = spec.payload;
      body = pools.get(spec)!.slice(0, minBytes + Math.floor(random() * (maxBytes - minBytes + 1)));
    }
    return { name: spec.name, method: spec.method, path: basePath + spec.path, headers, body };
  };
}
