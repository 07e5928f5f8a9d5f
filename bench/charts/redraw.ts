/**
 * `npm run bench:charts`: redraws docs/performance-*.svg from docs/performance-charts.json
 * (written by `npm run bench -- --publish`), without running a benchmark.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ChartData } from './chart-data.ts';
import { CHART_DATA_FILE, writeSvgs } from './charts.ts';

const docs = resolve(import.meta.dirname, '../../docs');
const data = JSON.parse(await readFile(resolve(docs, CHART_DATA_FILE), 'utf8')) as ChartData;
for (const file of await writeSvgs(data, docs)) process.stdout.write(`${file}\n`);
