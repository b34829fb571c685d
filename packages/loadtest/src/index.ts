export { loadScenario, parseScenario } from './scenario/parse-scenario';
export { ScenarioError } from './scenario/scenario-error';
export type { Scenario, Stage, RequestSpec, Threshold, RegressionLimits, PrometheusSource } from './scenario/scenario';
export { DEFAULT_REGRESSION_LIMITS } from './scenario/scenario';
export { runScenario, type RunOptions } from './engine/run-scenario';
export { TargetDownError } from './engine/target-down-error';
export { terminalProgressBar, type ProgressSink, type ProgressState } from './engine/progress';
export * from './results/run-result';
