// Read at run time so the startup line and scope version can never drift from the published package.
export const VERSION: string = (require('../package.json') as { version: string }).version;
