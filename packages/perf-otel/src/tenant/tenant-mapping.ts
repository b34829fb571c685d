// Parses PERF_OTEL_TENANT_ATTRIBUTES: which request header or baggage key becomes which tenant
// attribute. The mapping is the allowlist: nothing else about a request can become a label.
import type { Warn } from '../config/env-readers';

export const TENANT_ATTRIBUTE_PREFIX = 'tenant.';
export const USER_TENANT = 'user';

export interface TenantSource {
  /** `tenant.team` */
  attribute: string;
  /** Lower-case header name, when read from a header. */
  header?: string;
  /** Baggage key, when read from W3C baggage. */
  baggageKey?: string;
  /** Hashed before use (user ids). */
  hashed: boolean;
}

const NAME = /^[a-z][a-z0-9_]{0,31}$/;
const HEADER = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

export function parseTenantMapping(mapping: Record<string, string>, userEnabled: boolean, warn: Warn): TenantSource[] {
  const out: TenantSource[] = [];
  for (const [name, from] of Object.entries(mapping)) {
    const where = `PERF_OTEL_TENANT_ATTRIBUTES entry "${name}=${from}"`;
    if (!NAME.test(name)) {
      warn(`${where}: "${name}" is not a valid attribute name; ignoring it. Use lower-case letters, digits and _ (e.g. team=x-team-id).`);
      continue;
    }
    if (name === USER_TENANT && !userEnabled) {
      warn(`${where}: user-level segmentation is off; ignoring it. Set PERF_OTEL_TENANT_USER_ENABLED=true to allow it (ids are hashed and capped).`);
      continue;
    }
    const source: TenantSource = { attribute: TENANT_ATTRIBUTE_PREFIX + name, hashed: name === USER_TENANT };
    if (from.startsWith('baggage:')) {
      const key = from.slice('baggage:'.length).trim();
      if (key === '') {
        warn(`${where}: no baggage key after "baggage:"; ignoring it. Write e.g. project=baggage:project.id.`);
        continue;
      }
      source.baggageKey = key;
    } else {
      const header = from.toLowerCase();
      if (!HEADER.test(header)) {
        warn(`${where}: "${from}" is not a valid header name; ignoring it. Write e.g. team=x-team-id or team=baggage:team.id.`);
        continue;
      }
      source.header = header;
    }
    out.push(source);
  }
  return out;
}
