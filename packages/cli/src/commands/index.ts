import { Command } from '../command';
import { compare } from './compare';
import { doctor } from './doctor';
import { insights } from './insights';
import { serve } from './serve';
import { sloReport } from './slo-report';
import { trends } from './trends';
import { grafanaPush } from './grafana-push';
import { loadtest } from './loadtest';
import { profile } from './profile';
import { sloGenerate } from './slo-generate';

/** Every `perf-otel` command, in the order `--help` lists them. */
export const COMMANDS: Command[] = [sloGenerate, grafanaPush, profile, loadtest, insights, trends, compare, sloReport, doctor, serve];
