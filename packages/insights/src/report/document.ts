// A format-neutral report: every result (insights, trends, compare, SLOs) becomes one of these, and
// each renderer (terminal table, Markdown, HTML) draws it. JSON output is the result itself.
import type { Finding } from '../findings';

export interface Table {
  columns: string[];
  rows: string[][];
}

export interface LineSeries {
  name: string;
  points: Array<[number, number]>;
}
export type Chart =
  | { kind: 'line'; title: string; unit: string; series: LineSeries[] }
  | { kind: 'bars'; title: string; unit: string; bars: Array<{ label: string; value: number }> }
  | { kind: 'paired-bars'; title: string; unit: string; labels: [string, string]; groups: Array<{ label: string; before: number; after: number }> };

export interface Section {
  heading: string;
  findings?: Finding[];
  table?: Table;
  charts?: Chart[];
  /** Shown when the section has nothing else, e.g. "no alarms". */
  note?: string;
}

export type Tone = 'bad' | 'good' | 'neutral';

export interface ReportDocument {
  title: string;
  /** Where the data came from and which time span. */
  subtitle: string;
  verdict?: { text: string; tone: Tone };
  sections: Section[];
}
