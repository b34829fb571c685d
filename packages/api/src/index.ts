export { timed } from './timed';
export * from './semconv';
