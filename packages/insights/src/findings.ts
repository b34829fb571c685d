// What every analysis returns: findings with the numbers and the PromQL behind them, and what to do.

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Unit = 'seconds' | 'ratio' | 'bytes' | 'per-second' | 'bytes-per-hour' | 'count' | 'cores' | 'coefficient';

export interface Evidence {
  label: string;
  value: number;
  unit: Unit;
  /** The PromQL the number came from. */
  query: string;
}

export type FindingCategory = 'endpoint-impact' | 'endpoint-latency' | 'errors' | 'database' | 'pool' | 'runtime' | 'memory-leak' | 'correlation';

export interface Finding {
  /** Stable id, e.g. "endpoint-latency:GET /api/report". */
  id: string;
  category: FindingCategory;
  severity: Severity;
  title: string;
  /** The endpoint, table, pool or instance it is about. */
  subject: string;
  evidence: Evidence[];
  actions: string[];
  /** Orders findings of one severity: bigger first. */
  score: number;
}

/** Alarms are what a user must look at; `info` findings are rankings and hints. */
export const isAlarm = (finding: Finding): boolean => finding.severity !== 'info';

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || b.score - a.score);
}
