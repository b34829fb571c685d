import { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { allDashboards } from '../all-dashboards';
import { INFLUXDB_DATABASE, INFLUXDB_DATASOURCE_NAME, INFLUXDB_TYPE, PROMETHEUS_DATASOURCE_NAME, PROMETHEUS_TYPE } from '../datasources';
import { GrafanaApi, GrafanaDatasource } from './grafana-api';

export const DEFAULT_FOLDER = { uid: 'perf-otel', title: 'perf-otel' };
export const DEFAULT_PROMETHEUS_URL = 'http://prometheus:9090';
export const DEFAULT_INFLUXDB_URL = 'http://influxdb:8086';

export interface PushOptions {
  url: string;
  token: string;
  folderUid?: string;
  folderTitle?: string;
  /** Datasources to create or update; `false` leaves Grafana's datasources alone. */
  datasources?: { prometheusUrl: string; influxdbUrl: string } | false;
  dashboards?: Map<string, Dashboard>;
}

/** One line of what push did, for the CLI to print. */
export interface PushStep {
  kind: 'folder' | 'datasource' | 'dashboard';
  name: string;
  action: 'created' | 'exists' | 'updated' | 'saved';
  detail?: string;
}

/** The same two datasources deploy/grafana/provisioning creates for the compose stack. */
export function perfOtelDatasources(prometheusUrl: string, influxdbUrl: string): GrafanaDatasource[] {
  return [
    {
      uid: 'perf-otel-prometheus',
      name: PROMETHEUS_DATASOURCE_NAME,
      type: PROMETHEUS_TYPE,
      url: prometheusUrl,
      access: 'proxy',
      jsonData: { httpMethod: 'POST' },
    },
    {
      uid: 'perf-otel-influxdb',
      name: INFLUXDB_DATASOURCE_NAME,
      type: INFLUXDB_TYPE,
      url: influxdbUrl,
      access: 'proxy',
      jsonData: { dbName: INFLUXDB_DATABASE, httpMode: 'POST' },
    },
  ];
}

async function upsertDatasource(api: GrafanaApi, datasource: GrafanaDatasource): Promise<PushStep> {
  const existing = await api.getDatasourceByName(datasource.name);
  if (!existing) {
    await api.createDatasource(datasource);
    return { kind: 'datasource', name: datasource.name, action: 'created', detail: datasource.url };
  }
  // Keep the uid Grafana already has: other dashboards may point at it.
  await api.updateDatasource(existing.uid, { ...datasource, uid: existing.uid });
  return { kind: 'datasource', name: datasource.name, action: 'updated', detail: datasource.url };
}

/**
 * Provisions the perf-otel folder, datasources and dashboards into a running Grafana. Idempotent:
 * an existing folder is reused, datasources are updated in place by name, dashboards are saved
 * with overwrite (Grafana keeps their version history).
 */
export async function pushToGrafana(options: PushOptions, onStep: (step: PushStep) => void = () => {}): Promise<PushStep[]> {
  const api = new GrafanaApi(options.url, options.token);
  const steps: PushStep[] = [];
  const record = (step: PushStep) => {
    steps.push(step);
    onStep(step);
  };
  const folder = { uid: options.folderUid ?? DEFAULT_FOLDER.uid, title: options.folderTitle ?? DEFAULT_FOLDER.title };

  if (await api.getFolder(folder.uid)) record({ kind: 'folder', name: folder.title, action: 'exists' });
  else {
    await api.createFolder(folder);
    record({ kind: 'folder', name: folder.title, action: 'created' });
  }
  if (options.datasources !== false) {
    const urls = options.datasources ?? { prometheusUrl: DEFAULT_PROMETHEUS_URL, influxdbUrl: DEFAULT_INFLUXDB_URL };
    for (const datasource of perfOtelDatasources(urls.prometheusUrl, urls.influxdbUrl)) record(await upsertDatasource(api, datasource));
  }
  for (const dashboard of (options.dashboards ?? allDashboards()).values()) {
    const saved = await api.saveDashboard(dashboard, folder.uid, 'perf-otel grafana push');
    record({ kind: 'dashboard', name: dashboard.title ?? saved.uid, action: 'saved', detail: `version ${saved.version}, ${saved.url}` });
  }
  return steps;
}
