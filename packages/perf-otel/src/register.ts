// node --require @org/perf-otel/register app.js
import { checkNodeForRegister } from './node-version';

// start is required only on a supported Node: its dependencies may not even load on an older one.
if (checkNodeForRegister()) (require('./start') as typeof import('./start')).start();
