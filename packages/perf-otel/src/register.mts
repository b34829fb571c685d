// node --import @org/perf-otel/register app.mjs
// ESM apps load modules through the ESM loader, which require hooks do not see. Register the
// import-in-the-middle hook before anything else, limited to the packages we patch so that every
// other import stays on Node's fast path.
import { createRequire, register as registerLoader } from 'node:module';
import { register as registerSyncHooks, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';

// (mysql2, mysql, @redis/client, sequelize and knex are patched in files their own CommonJS code requires.)
const PATCHED = ['pg', 'pg-pool', 'koa', 'ioredis'];
if (supportsSyncHooks()) {
  registerSyncHooks({ include: PATCHED });
} else {
  registerLoader('import-in-the-middle/hook.mjs', import.meta.url, { data: { include: PATCHED } });
}
createRequire(import.meta.url)('./register.js');
