export { parseSloSpec } from './parse-spec';
export { loadSloSpecs } from './load-specs';
export { generateRuleFile, generateRuleGroups } from './generate-rules';
export { renderRuleFile } from './render-rules';
export { SloSpecError, formatIssue } from './spec-error';
export type { SpecIssue } from './spec-error';
export type { SloSpec, SloObjective, SliType } from './spec';
export type { RuleFile, RuleGroup, RecordingRule, AlertingRule } from './prometheus-rules';
export { BURN_RATE_ALERTS, SLI_WINDOWS } from './burn-rate-windows';
