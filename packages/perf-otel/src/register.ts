// node --require @org/perf-otel/register app.js
import { start } from './start';

start();
