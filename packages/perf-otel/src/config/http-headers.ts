// OTLP headers from the environment, checked once at start. Node refuses to send a header whose
// name is not an HTTP token or whose value holds CR, LF, NUL or another control character; left in,
// such a header would make every export fail with a message that blames the Collector. It is
// dropped here with one warning naming the variable and the header (never its value: a secret).
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { quote, readKeyValueList, type Env, type Warn } from './env-readers';

export function readHeaderList(env: Env, name: string, warn: Warn): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(readKeyValueList(env, name, warn))) {
    const problem = headerProblem(key, value);
    if (problem === undefined) out[key] = value;
    else
      warn(
        `${name}: header ${quote(key)} ${problem}; it is not sent. Fix the entry (percent-encode the value, e.g. %20 for a space, never a control character).`,
      );
  }
  return out;
}

function headerProblem(key: string, value: string): string | undefined {
  try {
    validateHeaderName(key);
  } catch {
    return "is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~ only)";
  }
  try {
    validateHeaderValue(key, value);
  } catch {
    return 'has a value that decodes to a forbidden character (CR, LF, NUL or another control character)';
  }
  return undefined;
}
