import { allPanels, DashboardJson, queryText } from './dashboard-files';

export interface PanelTarget {
  dashboard: string;
  panel: string;
  refId: string;
  datasourceType: string;
  query: string;
}

/** Every target of every query panel of a dashboard. */
export function panelTargets(file: string, dashboard: DashboardJson): PanelTarget[] {
  return allPanels(dashboard).filter((panel) => panel.type !== 'row').flatMap((panel) => (panel.targets ?? []).map((target) => ({
    dashboard: file,
    panel: panel.title,
    refId: target.refId ?? '?',
    datasourceType: target.datasource?.type ?? panel.datasource?.type ?? '',
    query: queryText(target),
  })));
}

/** Replaces $var / ${var} / ${var:format} the way Grafana interpolates before sending a query. */
export function substituteVariables(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (match, braced: string | undefined, bare: string | undefined) => values[braced ?? bare ?? ''] ?? match);
}

export const describeTarget = (target: PanelTarget) => `${target.dashboard} › "${target.panel}" ${target.refId}`;
