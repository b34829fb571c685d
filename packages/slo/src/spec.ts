/** An SLO file: the objectives of one service, as written in deploy/slo/*.yaml. */
export interface SloSpec {
  /** The file it came from, as the user named it (for messages and generated headers). */
  source: string;
  /** Service name: the Prometheus `job` label. */
  service: string;
  /** Optional `deployment_environment_name` the objectives apply to. */
  environment?: string;
  /** Compliance window, e.g. "30d". */
  window: string;
  objectives: SloObjective[];
}

export const SLI_TYPES = ['availability', 'latency'] as const;
export type SliType = (typeof SLI_TYPES)[number];

export interface SloObjective {
  /** Unique within the service; becomes the `slo` label. */
  name: string;
  type: SliType;
  /** Percentage of good requests, e.g. 99.9. */
  objective: number;
  /** Latency objectives only: a request is good when it completes within this many seconds. */
  thresholdSeconds?: number;
  /** Optional `http_route` values the objective covers; all routes when absent. */
  routes?: string[];
  description?: string;
}
