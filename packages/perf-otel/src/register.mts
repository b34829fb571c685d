// node --import @org/perf-otel/register app.mjs
// ESM apps load modules through the ESM loader, which require hooks do not see. Register the
// import-in-the-middle hook before anything else, limited to the packages we patch so that every
// other import stays on Node's fast path.
import { createRequire, register as registerLoader } from 'node:module';

const require = createRequire(import.meta.url);
const { checkNodeForRegister } = require('./node-version.js') as typeof import('./node-version.js');

// (mysql2, mysql, @redis/client, sequelize and knex are patched in files their own CommonJS code requires.)
const PATCHED = ['pg', 'pg-pool', 'koa', 'ioredis'];
// On an unsupported Node no hook is registered and nothing is loaded (one line says why).
if (checkNodeForRegister()) {
  const { register: registerSyncHooks, supportsSyncHooks } = await import('import-in-the-middle/register-hooks.mjs');
  if (supportsSyncHooks()) {
    registerSyncHooks({ include: PATCHED });
  } else {
    registerLoader('import-in-the-middle/hook.mjs', import.meta.url, { data: { include: PATCHED } });
  }
  require('./register.js');
}
