/**
 * `list` shows the summary of every shipped scenario, and parsing and validating some forty YAML files costs it
 * more than everything else it does. So the build (tools/bundle-cli.mjs) records, next to the built module, the
 * summary of each shipped scenario it loaded, with the file's size and modification time; `list` takes a summary
 * from there while its file is unchanged, and loads the file — with every check — otherwise. Run from the sources
 * there is no such record: every file is loaded.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LunarSimError } from '../errors.js';
import { SCENARIO_DIR, scenarioNames } from './shipped.js';

/** Beside the module that holds this code: dist/cli/ in the build, src/scenario/ (where none is written) otherwise. */
export const SUMMARY_INDEX = fileURLToPath(new URL('./scenario-summaries.json', import.meta.url));

interface IndexEntry {
  size: number;
  mtimeMs: number;
  summary: string;
}

export interface ScenarioSummary {
  name: string;
  summary: string;
}

function fileOf(dir: string, name: string): string {
  return path.join(dir, `${name}.yaml`);
}

function readIndex(file: string): Record<string, IndexEntry> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, IndexEntry>;
  } catch {
    return {}; // none yet, or unreadable: load every file
  }
}

/** The summary `entry` holds, when the file is still the one it was taken from. */
function unchanged(entry: IndexEntry | undefined, file: string): string | null {
  if (!entry) return null;
  const stat = statSync(file);
  return stat.size === entry.size && stat.mtimeMs === entry.mtimeMs ? entry.summary : null;
}

/** Every shipped scenario and its summary; a changed or unrecorded file is loaded, so its problems are reported. */
export async function shippedSummaries(dir = SCENARIO_DIR, indexFile = SUMMARY_INDEX): Promise<ScenarioSummary[]> {
  const index = readIndex(indexFile);
  const out: ScenarioSummary[] = [];
  for (const name of scenarioNames(dir)) {
    const file = fileOf(dir, name);
    const summary = unchanged(index[name], file) ?? (await import('./catalogue.js')).loadScenarioFile(file).summary;
    out.push({ name, summary });
  }
  return out;
}

/** Records the summary of every shipped scenario that loads without a problem (the others are left to `list`). */
export async function writeSummaryIndex(dir = SCENARIO_DIR, indexFile = SUMMARY_INDEX): Promise<void> {
  const { loadScenarioFile } = await import('./catalogue.js');
  const index: Record<string, IndexEntry> = {};
  for (const name of scenarioNames(dir)) {
    const file = fileOf(dir, name);
    const { size, mtimeMs } = statSync(file);
    try {
      index[name] = { size, mtimeMs, summary: loadScenarioFile(file).summary };
    } catch (e) {
      if (!(e instanceof LunarSimError)) throw e;
    }
  }
  writeFileSync(indexFile, `${JSON.stringify(index)}\n`);
}
