/** The shape of a Prometheus rule file, as much of it as the generator writes. */
export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Array<RecordingRule | AlertingRule>;
}

export interface RuleFile {
  groups: RuleGroup[];
}
