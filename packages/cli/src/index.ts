export { dispatch } from './dispatch';
export { COMMANDS } from './commands';
export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './command';
export type { CliIo, Command } from './command';
