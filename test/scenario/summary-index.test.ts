import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioInvalidError } from '../../src/errors.js';
import { loadScenarioFile } from '../../src/scenario/catalogue.js';
import { SCENARIO_DIR } from '../../src/scenario/shipped.js';
import { shippedSummaries, writeSummaryIndex } from '../../src/scenario/summary-index.js';

const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-summaries-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let dir: string;
let index: string;
const summaryOf = (name: string): string => loadScenarioFile(path.join(dir, `${name}.yaml`)).summary;

/** Replaces the recorded summary of `name`, so that the test can tell the record from the file. */
function tamperWith(name: string, summary: string): void {
  const record = JSON.parse(readFileSync(index, 'utf8'));
  record[name].summary = summary;
  writeFileSync(index, JSON.stringify(record));
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(work, 'scenarios-'));
  index = path.join(dir, 'index.json');
  for (const name of ['baseline', 'claude-outage']) copyFileSync(path.join(SCENARIO_DIR, `${name}.yaml`), path.join(dir, `${name}.yaml`));
  await writeSummaryIndex(dir, index);
});

describe('the summaries list shows', () => {
  it('are the files\' own, recorded by the build', async () => {
    expect(await shippedSummaries(dir, index)).toEqual([
      { name: 'baseline', summary: summaryOf('baseline') },
      { name: 'claude-outage', summary: summaryOf('claude-outage') },
    ]);
  });

  it('come from the record while a file is unchanged, from the file once it changed', async () => {
    tamperWith('baseline', 'recorded');
    tamperWith('claude-outage', 'recorded');
    const later = Date.now() / 1000 + 5;
    utimesSync(path.join(dir, 'claude-outage.yaml'), later, later);
    expect(await shippedSummaries(dir, index)).toEqual([
      { name: 'baseline', summary: 'recorded' },
      { name: 'claude-outage', summary: summaryOf('claude-outage') },
    ]);
  });

  it('come from the files when there is no record', async () => {
    expect(await shippedSummaries(dir, path.join(dir, 'missing.json'))).toHaveLength(2);
  });

  it('leave a file with problems unrecorded, so that list reports them', async () => {
    writeFileSync(path.join(dir, 'broken.yaml'), 'name: broken\nsummary: x\nsurprise: 1\n');
    await writeSummaryIndex(dir, index);
    expect(Object.keys(JSON.parse(readFileSync(index, 'utf8')))).toEqual(['baseline', 'claude-outage']);
    await expect(shippedSummaries(dir, index)).rejects.toThrow(ScenarioInvalidError);
  });
});
