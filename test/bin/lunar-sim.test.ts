/**
 * bin/lunar-sim.js runs the build in dist/cli/ only while it is up to date with the sources: an edit is never
 * shadowed by an old build. Checked on a copy of the bin in a scratch tree whose files' times the test sets.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'lunar-sim-bin-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let root: string;
const file = (relative: string): string => path.join(root, relative);

function write(relative: string, text: string, ageSeconds: number): void {
  mkdirSync(path.dirname(file(relative)), { recursive: true });
  writeFileSync(file(relative), text);
  age(relative, ageSeconds);
}

function age(relative: string, seconds: number): void {
  const t = Date.now() / 1000 - seconds;
  utimesSync(file(relative), t, t);
}

function whichRuns(env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, [file('bin/lunar-sim.js')], { encoding: 'utf8', env: { ...process.env, LUNAR_SIM_FROM_SOURCE: '', ...env } });
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

beforeEach(() => {
  root = mkdtempSync(path.join(work, 'tree-'));
  mkdirSync(file('bin'));
  for (const f of ['lunar-sim.js', 'built-cli.js']) copyFileSync(path.join(REPO, 'bin', f), file(`bin/${f}`));
  symlinkSync(path.join(REPO, 'node_modules'), file('node_modules'));
  writeFileSync(file('package.json'), '{ "type": "module" }\n');
  write('package-lock.json', '{}', 100);
  write('tools/bundle-cli.mjs', '', 100);
  write('src/cli/main.ts', "const from: string = 'sources';\nconsole.log(from);\n", 100);
  write('src/core/units.ts', 'export {};\n', 100);
  write('dist/cli/main.js', "console.log('build');\n", 50);
  write('dist/cli/built-from-sources', '', 50);
});

describe('bin/lunar-sim.js', () => {
  it('runs the build when it is newer than every source', () => {
    expect(whichRuns()).toBe('build');
  });

  it('runs the sources once any file under src/ is newer than the build', () => {
    age('src/core/units.ts', 10);
    expect(whichRuns()).toBe('sources');
  });

  it('runs the sources once the lockfile or the build script is newer than the build', () => {
    age('package-lock.json', 10);
    expect(whichRuns()).toBe('sources');
    age('package-lock.json', 100);
    age('tools/bundle-cli.mjs', 10);
    expect(whichRuns()).toBe('sources');
  });

  it('runs the sources when the build did not finish (no stamp) or when told to', () => {
    expect(whichRuns({ LUNAR_SIM_FROM_SOURCE: '1' })).toBe('sources');
    rmSync(file('dist/cli/built-from-sources'));
    expect(whichRuns()).toBe('sources');
  });

  it('runs the build as it is where there are no sources (an installed package)', () => {
    rmSync(file('src'), { recursive: true });
    age('package-lock.json', 10);
    expect(whichRuns()).toBe('build');
  });
});
