// Picks the renderer for an output format; JSON is the typed result itself, for machines.
import { ReportDocument } from '../report/document';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { renderTerminal } from './terminal';

export const OUTPUT_FORMATS = ['table', 'json', 'markdown', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function render(format: OutputFormat, result: unknown, doc: ReportDocument): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(result, null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(doc);
    case 'html':
      return renderHtml(doc);
    case 'table':
      return renderTerminal(doc);
  }
}
