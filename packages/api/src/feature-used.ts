import type { Attributes } from '@opentelemetry/api';
import { AttributeSets } from './attributes';
import { counter } from './instruments';
import { ATTR_APP_FEATURE_NAME, METRIC_APP_FEATURE_USAGE } from './semconv';

const usage = counter(METRIC_APP_FEATURE_USAGE, { unit: '{use}', description: 'Uses of an application feature' });
const features = new AttributeSets(ATTR_APP_FEATURE_NAME);

/** Counts one use of `feature` (`app.feature.usage{app.feature.name}`). Keep feature names a fixed set. */
export function featureUsed(feature: string, attributes?: Attributes): void {
  usage.add(1, features.with(String(feature), attributes));
}
