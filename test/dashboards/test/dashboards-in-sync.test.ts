import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allDashboards, dashboardJson } from '../../../packages/dashboards/src/all-dashboards';
import { committedDashboardFiles, DASHBOARD_DIR } from './dashboard-files';

const REGENERATE = 'run: tsc -b packages/dashboards && node packages/dashboards/dist/generate.js';

describe('deploy/grafana/dashboards', () => {
  const generated = allDashboards();

  it('holds exactly the dashboards the generator makes', () => {
    expect(committedDashboardFiles()).toEqual([...generated.keys()].map((name) => `${name}.json`).sort());
  });

  it.each([...generated.keys()])('%s.json is what the generator writes', (name) => {
    const committed = readFileSync(join(DASHBOARD_DIR, `${name}.json`), 'utf8');
    if (committed !== dashboardJson(generated.get(name)!)) {
      throw new Error(`deploy/grafana/dashboards/${name}.json is out of date with packages/dashboards; ${REGENERATE}`);
    }
  });
});
