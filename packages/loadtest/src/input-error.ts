/** Bad input from the user (scenario, baseline file): one line saying what and how to fix it, exit 2. */
export class InputError extends Error {
  override readonly name: string = 'InputError';
}
