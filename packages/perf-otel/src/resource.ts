// Service, host, process and container identity. Detection is synchronous and local (files and
// process state only), so start-up never waits on the network.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname, arch, type as osType } from 'node:os';
import { dirname, join } from 'node:path';
import type { Attributes } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';

interface AppPackage { name?: string; version?: string }

export function buildResource(serviceName: string | undefined, attributes: Attributes, env: NodeJS.ProcessEnv): Resource {
  const pkg = findAppPackage(process.argv[1] ? dirname(process.argv[1]) : process.cwd());
  const detected: Attributes = {
    'service.name': pkg?.name ?? `unknown_service:${process.argv0.split('/').pop() ?? 'node'}`,
    'service.instance.id': randomUUID(),
    'host.name': hostname(),
    'host.arch': arch(),
    'os.type': osType().toLowerCase(),
    'process.pid': process.pid,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': process.versions.node,
    'process.executable.name': process.title,
  };
  if (pkg?.version) detected['service.version'] = pkg.version;
  if (env.NODE_ENV?.trim()) detected['deployment.environment.name'] = env.NODE_ENV.trim();
  const container = containerId();
  if (container) detected['container.id'] = container;
  const explicit: Attributes = { ...attributes };
  if (serviceName) explicit['service.name'] = serviceName;
  return defaultResource().merge(resourceFromAttributes(detected)).merge(resourceFromAttributes(explicit));
}

function findAppPackage(start: string): AppPackage | undefined {
  let dir = start;
  for (let i = 0; i < 20; i++) {
    // Skip our own and other dependencies' manifests when the entry point lives in node_modules.
    if (!dir.includes(`${'/'}node_modules${'/'}`) && !dir.endsWith('/node_modules')) {
      try {
        return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as AppPackage;
      } catch { /* no manifest here */ }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

const CONTAINER_ID = /([0-9a-f]{64})/;

function containerId(): string | undefined {
  for (const file of ['/proc/self/cgroup', '/proc/self/mountinfo']) {
    try {
      const lines = readFileSync(file, 'utf8').split('\n');
      for (const line of lines) {
        if (file.endsWith('mountinfo') && !line.includes('/containers/')) continue;
        const m = CONTAINER_ID.exec(line);
        if (m) return m[1];
      }
    } catch { /* not Linux, or not readable */ }
  }
  return undefined;
}
