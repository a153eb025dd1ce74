// The datasets gongkai exports, in the order they are written and described: one declaration file each.
import { codebook } from './codebook.js';
import { coverage } from './coverage.js';
import type { Dataset } from './dataset.js';
import { documents } from './documents.js';
import { facts } from './facts.js';
import { findings } from './findings.js';
import { panel } from './panel.js';

export const DATASETS: readonly Dataset[] = [panel, facts, findings, coverage, documents, codebook];

export function datasetNamed(name: string): Dataset | undefined {
  return DATASETS.find((d) => d.name === name);
}
