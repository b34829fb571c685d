import { AnnotationQueryBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PROMETHEUS } from './datasources';
import { PROCESS_UPTIME } from './prometheus-names';
import { SERVICE_FILTER } from './variables';

/** A service.version that was absent 5 minutes earlier marks a deploy. */
export const DEPLOY_MARKER_EXPR = `count by (job, service_version) (${PROCESS_UPTIME}{${SERVICE_FILTER}})
unless
count by (job, service_version) (${PROCESS_UPTIME}{${SERVICE_FILTER}} offset 5m)`;

/** Deploy markers on every time series panel, for before/after reading. */
export const deployMarkers = () =>
  new AnnotationQueryBuilder()
    .name('Deploys (service.version changes)')
    .datasource(PROMETHEUS)
    .enable(true)
    .iconColor('blue')
    .expr(DEPLOY_MARKER_EXPR)
    .titleFormat('Deploy {{service_version}}')
    .textFormat('{{job}} now runs {{service_version}}')
    .step('1m');
