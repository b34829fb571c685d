export { timed } from './timed';
export { counter, gauge, histogram, observableGauge, upDownCounter } from './instruments';
export { featureUsed } from './feature-used';
export { businessEvent } from './business-event';
export { eventsProcessed } from './events-processed';
export { queue } from './queue';
export { rebindToGlobalMeterProvider } from './meter';
export * from './semconv';
export type * from './types';
