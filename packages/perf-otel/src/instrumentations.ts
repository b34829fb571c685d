// Which instrumentations run, from OTEL_NODE_ENABLED/DISABLED_INSTRUMENTATIONS, wired to the fast
// producer (hot paths) or the SDK meter (collection-time readings).
import type { Meter } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { EffectiveConfig } from './config/resolve-config';
import { instrumentContainer } from './container/container-metrics';
import type { ProcessCgroup } from './container/open-cgroup';
import { createClientDuration, instrumentHttpClient, instrumentUndici } from './http/client-metrics';
import { ExpressRouteInstrumentation } from './http/express-routes';
import { HapiRouteInstrumentation, instrumentFastifyRoutes, KoaRouteInstrumentation } from './http/framework-routes';
import { httpServerRequestKeys, instrumentHttpServer } from './http/server-metrics';
import { createRouteTemplater } from './http/route-template';
import { instrumentDisk, instrumentFilesystem, instrumentNetwork, instrumentProcess, instrumentSystem } from './host/host-metrics';
import type { FastMetricProducer } from './metric-store/fast-metric-producer';
import { hasDatabaseInstrumentation, installDatabaseInstrumentations } from './db/install-databases';
import { RequestScope } from './db/request-scope';
import { instrumentEventLoop } from './runtime/event-loop';
import { instrumentGc, instrumentHeap } from './runtime/gc-heap';
import type { TenantContext } from './tenant/tenant-context';
import type { WindowClock } from './window-clock';

export interface InstrumentationContext {
  config: EffectiveConfig;
  producer: FastMetricProducer;
  meter: Meter;
  clock: WindowClock;
  tenant: TenantContext | undefined;
  resource: Resource;
  /** The process's cgroup; undefined outside one (bare metal, macOS, the root cgroup). */
  cgroup: ProcessCgroup | undefined;
}

export interface Installed {
  stops: Array<() => void>;
  /** Only when slow-query records are on. */
  loggerProvider: LoggerProvider | undefined;
}

export function installInstrumentations({ config, producer, meter, clock, tenant, resource, cgroup }: InstrumentationContext): Installed {
  const on = config.instrumentations;
  const stops: Array<() => void> = [];
  const routeTemplate = config.http.routeFromPath ? createRouteTemplater(config.http.routeWords) : undefined;
  // Database operations are counted per HTTP request and carry its route (N+1 queries).
  const requests = on.has('http') && hasDatabaseInstrumentation(config) ? new RequestScope(producer, httpServerRequestKeys(tenant), routeTemplate) : undefined;
  if (requests) stops.push(() => requests.stop());
  if (on.has('http')) {
    stops.push(instrumentHttpServer(producer, meter, { ...config.http, routeTemplate, tenant, requests }));
  }
  if (on.has('http') || on.has('undici')) {
    const clientDuration = createClientDuration(producer);
    if (on.has('http')) stops.push(instrumentHttpClient(clientDuration));
    if (on.has('undici')) stops.push(instrumentUndici(clientDuration));
  }
  if (on.has('fastify')) stops.push(instrumentFastifyRoutes());
  if (on.has('express')) {
    const express = new ExpressRouteInstrumentation();
    stops.push(() => express.disable());
  }
  if (on.has('koa')) {
    const koa = new KoaRouteInstrumentation();
    stops.push(() => koa.disable());
  }
  if (on.has('hapi')) {
    const hapi = new HapiRouteInstrumentation();
    stops.push(() => hapi.disable());
  }
  const loggerProvider = installDatabaseInstrumentations({ config, producer, meter, tenant, resource, requests }, stops);
  if (on.has('runtime-node')) {
    stops.push(instrumentEventLoop(meter, clock, config.eventLoopDelayResolutionMs));
    stops.push(instrumentGc(meter));
    instrumentHeap(meter);
  }
  if (on.has('host-metrics')) {
    instrumentProcess(meter, clock);
    instrumentSystem(meter, clock);
    instrumentNetwork(meter);
    instrumentDisk(meter);
    instrumentFilesystem(meter);
    if (cgroup) instrumentContainer(meter, clock, cgroup);
  }

  return { stops, loggerProvider };
}
