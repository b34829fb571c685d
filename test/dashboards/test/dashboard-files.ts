import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const DASHBOARD_DIR = join(REPO_ROOT, 'deploy/grafana/dashboards');

/** The parts of Grafana's dashboard model the tests read. */
export interface Target {
  refId?: string;
  datasource?: { type?: string; uid?: string };
  expr?: string;
  query?: string;
  instant?: boolean;
  format?: string;
}

export interface PanelJson {
  id?: number;
  type: string;
  title: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: PanelJson[];
}

export interface VariableJson {
  name: string;
  type: string;
  query?: string | { query: string };
  datasource?: { type?: string; uid?: string };
  allValue?: string;
}

export interface DashboardJson {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: PanelJson[];
  templating: { list: VariableJson[] };
  annotations?: { list: Array<{ name: string; expr?: string; datasource?: { type?: string; uid?: string } }> };
}

export function committedDashboardFiles(): string[] {
  return readdirSync(DASHBOARD_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

export function loadDashboard(file: string): DashboardJson {
  return JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8')) as DashboardJson;
}

/** Every panel, rows' nested panels included. */
export function allPanels(dashboard: DashboardJson): PanelJson[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

export const queryText = (target: Target): string => target.expr ?? target.query ?? '';
