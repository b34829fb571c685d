// Service, host, process, container and Kubernetes identity. Detection is synchronous and local (files and
// process state only), so start-up never waits on the network.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname, arch, type as osType } from 'node:os';
import { dirname, join } from 'node:path';
import type { Attributes } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import * as V from './config/env-vars';
import { containerIdFromCgroup, containerIdFromMountInfo } from './container/container-id';
import { readText } from './container/cgroup-sources';
import {
  ATTR_CONTAINER_ID,
  ATTR_K8S_CONTAINER_NAME,
  ATTR_K8S_DEPLOYMENT_NAME,
  ATTR_K8S_NAMESPACE_NAME,
  ATTR_K8S_NODE_NAME,
  ATTR_K8S_POD_NAME,
  ATTR_K8S_POD_UID,
} from './semconv';

const KUBERNETES_ENV = [
  [V.K8S_POD_NAME, ATTR_K8S_POD_NAME],
  [V.K8S_POD_UID, ATTR_K8S_POD_UID],
  [V.K8S_NAMESPACE_NAME, ATTR_K8S_NAMESPACE_NAME],
  [V.K8S_NODE_NAME, ATTR_K8S_NODE_NAME],
  [V.K8S_CONTAINER_NAME, ATTR_K8S_CONTAINER_NAME],
  [V.K8S_DEPLOYMENT_NAME, ATTR_K8S_DEPLOYMENT_NAME],
] as const;

interface AppPackage {
  name?: string;
  version?: string;
}

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
  if (container) detected[ATTR_CONTAINER_ID] = container;
  Object.assign(detected, kubernetesAttributes(env));
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
      } catch {
        /* no manifest here */
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

function containerId(): string | undefined {
  const cgroup = readText('/proc/self/cgroup');
  const fromCgroup = cgroup === undefined ? undefined : containerIdFromCgroup(cgroup);
  if (fromCgroup) return fromCgroup;
  const mounts = readText('/proc/self/mountinfo');
  return mounts === undefined ? undefined : containerIdFromMountInfo(mounts);
}

/** k8s.* from the variables the manifest fills from the downward API (deploy/k8s). */
function kubernetesAttributes(env: NodeJS.ProcessEnv): Attributes {
  const out: Attributes = {};
  for (const [variable, attribute] of KUBERNETES_ENV) {
    const value = variable.read(env, () => {});
    if (value !== undefined) out[attribute] = value;
  }
  return out;
}
