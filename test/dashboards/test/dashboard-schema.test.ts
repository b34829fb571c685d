import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { allPanels, committedDashboardFiles, loadDashboard, PanelJson, queryText, REPO_ROOT } from './dashboard-files';

// Grafana 10.0 writes schemaVersion 38; the foundation SDK writes its own (newer) one.
const MIN_SCHEMA_VERSION = 38;
const GRID_COLUMNS = 24;
// Built-in variables Grafana (and the InfluxDB datasource) provide.
const BUILT_IN = /^(__rate_interval|__interval|__interval_ms|__range|__range_s|__from|__to|__dashboard|timeFilter|tag_.+)$/;
const VARIABLE_REFERENCE = /\$\{(\w+)(?::\w+)?\}|\$(\w+(?:\.\w+)*)/g;
const RECORDED_NAME = /\b[a-z_]+:[a-z0-9_:]+\b/g;

function recordedSeries(): Set<string> {
  const dir = join(REPO_ROOT, 'deploy/prometheus/rules');
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.yml'))) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as { groups: Array<{ rules: Array<{ record?: string }> }> };
    for (const rule of doc.groups.flatMap((group) => group.rules)) if (rule.record) names.add(rule.record);
  }
  return names;
}

function referencedVariables(text: string): string[] {
  return [...text.matchAll(VARIABLE_REFERENCE)].map((match) => match[1] ?? match[2]);
}

function overlaps(a: PanelJson, b: PanelJson): boolean {
  const [p, q] = [a.gridPos!, b.gridPos!];
  return p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h;
}

describe.each(committedDashboardFiles())('deploy/grafana/dashboards/%s', (file) => {
  const dashboard = loadDashboard(file);
  const panels = allPanels(dashboard);
  const queryPanels = panels.filter((panel) => panel.type !== 'row');
  const variables = new Set(dashboard.templating.list.map((variable) => variable.name));

  it('has a uid, a title and a schemaVersion Grafana 10+ understands', () => {
    expect(dashboard.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(dashboard.title).not.toBe('');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(MIN_SCHEMA_VERSION);
  });

  it('gives every panel a unique numeric id', () => {
    const ids = panels.map((panel) => panel.id);
    expect(ids.every((id) => Number.isInteger(id) && id! > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('places every panel inside the 24-column grid without overlaps', () => {
    const misplaced = panels.filter(({ gridPos: g }) => !g || !(g.x >= 0 && g.y >= 0 && g.w > 0 && g.h > 0 && g.x + g.w <= GRID_COLUMNS));
    expect(misplaced.map((panel) => panel.title)).toEqual([]);
    const clashes = panels.flatMap((a, i) =>
      panels
        .slice(i + 1)
        .filter((b) => overlaps(a, b))
        .map((b) => `${a.title} / ${b.title}`),
    );
    expect(clashes).toEqual([]);
  });

  it('gives every query panel targets, each with a datasource, a unique refId and a query', () => {
    const problems = queryPanels.flatMap((panel) => {
      const targets = panel.targets ?? [];
      const refIds = targets.map((target) => target.refId);
      return [
        ...(targets.length === 0 ? [`${panel.title}: no targets`] : []),
        ...(new Set(refIds).size !== refIds.length ? [`${panel.title}: duplicate refIds`] : []),
        ...targets.flatMap((target) => [
          ...(!target.datasource?.type || !target.datasource?.uid ? [`${panel.title} ${target.refId}: no datasource`] : []),
          ...(queryText(target).trim() === '' ? [`${panel.title} ${target.refId}: no expr/query`] : []),
          ...(target.datasource?.type !== panel.datasource?.type ? [`${panel.title} ${target.refId}: datasource differs from the panel's`] : []),
        ]),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('references only variables it defines (or Grafana built-ins)', () => {
    const texts = [
      ...queryPanels.flatMap((panel) => (panel.targets ?? []).map((target) => [panel.title, queryText(target)])),
      ...queryPanels.map((panel) => [panel.title, panel.datasource?.uid ?? '']),
      ...dashboard.templating.list.map((variable) => [
        `variable ${variable.name}`,
        `${typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '')} ${variable.datasource?.uid ?? ''}`,
      ]),
      ...(dashboard.annotations?.list ?? []).map((annotation) => [
        `annotation ${annotation.name}`,
        `${annotation.expr ?? ''} ${annotation.datasource?.uid ?? ''}`,
      ]),
    ];
    const unknown = texts.flatMap(([where, text]) =>
      referencedVariables(text)
        .filter((name) => !variables.has(name) && !BUILT_IN.test(name))
        .map((name) => `${where}: $${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('reads only recorded series that deploy/prometheus/rules defines', () => {
    const recorded = recordedSeries();
    const texts = queryPanels.flatMap((panel) => (panel.targets ?? []).map((target) => [panel.title, queryText(target)] as const));
    const missing = texts.flatMap(([title, text]) =>
      (text.match(RECORDED_NAME) ?? []).filter((name) => !recorded.has(name)).map((name) => `${title}: ${name}`),
    );
    expect(missing).toEqual([]);
  });
});
