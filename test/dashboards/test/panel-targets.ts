import { setTimeout as delay } from 'node:timers/promises';
import type { RunningPrometheus } from '../../harness';
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
  return allPanels(dashboard)
    .filter((panel) => panel.type !== 'row')
    .flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({
        dashboard: file,
        panel: panel.title,
        refId: target.refId ?? '?',
        datasourceType: target.datasource?.type ?? panel.datasource?.type ?? '',
        query: queryText(target),
      })),
    );
}

/** Replaces $var / ${var} / ${var:format} the way Grafana interpolates before sending a query. */
export function substituteVariables(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (match, braced: string | undefined, bare: string | undefined) => values[braced ?? bare ?? ''] ?? match);
}

export const describeTarget = (target: PanelTarget) => `${target.dashboard} › "${target.panel}" ${target.refId}`;

/** Counts samples with a finite value: a panel of NaN (0/0) shows nothing, so it is no data. */
async function runQuery(prometheus: RunningPrometheus, query: string): Promise<{ samples: number; error?: string }> {
  try {
    return { samples: (await prometheus.query(query)).filter((sample) => Number.isFinite(Number(sample.value[1]))).length };
  } catch (error) {
    return { samples: 0, error: (error as Error).message };
  }
}

/**
 * Runs every target (variables substituted) and returns one line per target that errs or has no
 * data. Rate windows fill over time: what is still empty is retried for `retryMs` before judging.
 */
export async function panelsWithoutData(
  prometheus: RunningPrometheus,
  targets: PanelTarget[],
  values: Record<string, string>,
  retryMs: number,
): Promise<string[]> {
  const results = new Map<PanelTarget, { samples: number; error?: string }>();
  const deadline = Date.now() + retryMs;
  let pending = targets;
  while (pending.length > 0) {
    for (const target of pending) results.set(target, await runQuery(prometheus, substituteVariables(target.query, values)));
    pending = targets.filter((target) => results.get(target)!.samples === 0 && !results.get(target)!.error);
    if (Date.now() > deadline) break;
    if (pending.length > 0) await delay(2000);
  }
  return targets.flatMap((target) => {
    const { samples, error } = results.get(target)!;
    if (error) return [`${describeTarget(target)}: query error: ${error}`];
    if (samples === 0) return [`${describeTarget(target)}: no data for ${substituteVariables(target.query, values)}`];
    return [];
  });
}
