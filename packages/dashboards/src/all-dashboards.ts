import { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { collectorHealth } from './dashboards/collector';
import { containers } from './dashboards/containers';
import { database } from './dashboards/database';
import { endpointDrillDown } from './dashboards/endpoint';
import { runtimeAndHost } from './dashboards/runtime-host';
import { serviceOverview } from './dashboards/service-overview';
import { tenants } from './dashboards/tenants';
import { trends } from './dashboards/trends';
import { finalizeDashboard } from './finalize';

/** Every perf-otel dashboard, keyed by the file name it is written to. */
export function allDashboards(): Map<string, Dashboard> {
  const builders = {
    'service-overview': serviceOverview(),
    endpoint: endpointDrillDown(),
    database: database(),
    'runtime-host': runtimeAndHost(),
    containers: containers(),
    tenants: tenants(),
    trends: trends(),
    collector: collectorHealth(),
  };
  return new Map(Object.entries(builders).map(([name, builder]) => [name, finalizeDashboard(builder.build())]));
}

/** The JSON Grafana imports: stable key order from the builders, 2-space indent, trailing newline. */
export const dashboardJson = (dashboard: Dashboard): string => `${JSON.stringify(dashboard, null, 2)}\n`;
