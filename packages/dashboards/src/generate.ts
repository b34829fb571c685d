// `node packages/dashboards/dist/generate.js [out-dir]`: writes deploy/grafana/dashboards/*.json.
import { resolve } from 'node:path';
import { writeDashboards } from './write-dashboards';

export const DEFAULT_DASHBOARD_DIR = resolve(__dirname, '../../../deploy/grafana/dashboards');

if (require.main === module) {
  writeDashboards(process.argv[2] ?? DEFAULT_DASHBOARD_DIR).then(
    (files) => {
      process.stderr.write(`wrote ${files.length} dashboards:\n${files.map((file) => `  ${file}`).join('\n')}\n`);
    },
    (error: Error) => {
      process.stderr.write(`generate: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
