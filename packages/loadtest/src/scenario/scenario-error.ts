import { InputError } from '../input-error';

/** A mistake in a scenario file: printed as one line, `file:line: problem; fix`, never as a stack trace. */
export class ScenarioError extends InputError {
  override readonly name = 'ScenarioError';
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ''}: ${problem}`);
  }
}
