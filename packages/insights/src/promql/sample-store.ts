// Series kept in memory from successive /metrics scrapes, keyed by name and labels.
import { parseExposition } from './exposition';

const CUMULATIVE = /(_total|_count|_sum|_bucket)$/;

export interface StoredSeries {
  name: string;
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

const seriesKey = (name: string, labels: Record<string, string>): string =>
  `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))}`;

export class SampleStore {
  private readonly series = new Map<string, StoredSeries>();
  private first = Infinity;
  private last = -Infinity;
  scrapes = 0;

  /** Adds one scrape's text taken at `time` (unix seconds). */
  addScrape(text: string, time: number): void {
    for (const sample of parseExposition(text)) {
      const key = seriesKey(sample.name, sample.labels);
      let stored = this.series.get(key);
      if (!stored) {
        // A cumulative series first seen after an earlier scrape of the same process started from 0
        // in between: record that, or rate() would lose everything counted before its first scrape.
        stored = { name: sample.name, labels: sample.labels, points: this.scrapes > 0 && CUMULATIVE.test(sample.name) ? [[this.last, 0]] : [] };
        this.series.set(key, stored);
      }
      stored.points.push([time, sample.value]);
    }
    this.first = Math.min(this.first, time);
    this.last = Math.max(this.last, time);
    this.scrapes++;
  }

  byName(name: string): StoredSeries[] {
    return [...this.series.values()].filter((s) => s.name === name);
  }

  get firstTime(): number {
    return this.first;
  }
  get lastTime(): number {
    return this.last;
  }
}
