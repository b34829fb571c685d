/** One problem in an SLO file: where it is, what is wrong and how to fix it. */
export interface SpecIssue {
  file: string;
  line: number;
  column: number;
  message: string;
  fix: string;
}

export function formatIssue(issue: SpecIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}; fix: ${issue.fix}`;
}

/** Thrown when SLO files do not validate; `message` is one line per issue. */
export class SloSpecError extends Error {
  readonly issues: SpecIssue[];

  constructor(issues: SpecIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'SloSpecError';
    this.issues = issues;
  }
}
