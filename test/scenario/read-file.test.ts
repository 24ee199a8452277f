/**
 * Reading a scenario file is bounded (issue 10, part 3): regular files only, at most LIMITS.scenarioFileBytes, and
 * YAML aliases cannot expand a small file into a huge document.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LunarSimError, ScenarioInvalidError } from '../../src/errors.js';
import { LIMITS } from '../../src/limits.js';
import { loadScenarioFile } from '../../src/scenario/catalogue.js';
import { parseScenario } from '../../src/scenario/parse.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lunar-sim-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(f: () => unknown): LunarSimError {
  try {
    f();
  } catch (e) {
    if (e instanceof LunarSimError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('reading a scenario file', () => {
  it('refuses a FIFO at once instead of waiting for a writer', () => {
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const e = refusal(() => loadScenarioFile(fifo));
    expect(e.message).toBe(`cannot read ${fifo}: not a regular file (a FIFO)`);
    expect(e.exitCode).toBe(2);
  });

  it('refuses a device such as /dev/zero at once', () => {
    const e = refusal(() => loadScenarioFile('/dev/zero'));
    expect(e.message).toBe('cannot read /dev/zero: not a regular file (a character device)');
  });

  it('refuses a file larger than the cap, naming the cap', () => {
    const file = path.join(dir, 'huge.yaml');
    writeFileSync(file, `# ${'x'.repeat(LIMITS.scenarioFileBytes)}\n`);
    const e = refusal(() => loadScenarioFile(file));
    expect(e.message).toMatch(/^cannot read .*huge\.yaml: larger than 1 MiB, the limit of a scenario file$/);
  });

  it('refuses a directory', () => {
    expect(refusal(() => loadScenarioFile(dir)).message).toMatch(/not a regular file \(a directory\)$/);
  });
});

describe('YAML that expands', () => {
  it('reports a billion-laughs document as a located problem', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${new Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const e = refusal(() => parseScenario(`${levels.join('\n')}\n`, 'laughs.yaml'));
    expect(e).toBeInstanceOf(ScenarioInvalidError);
    const problems = (e as ScenarioInvalidError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ message: expect.stringMatching(/aliases/), line: expect.any(Number) });
  });

  it('reports nesting too deep to read as a located problem, not a stack overflow', () => {
    const e = refusal(() => parseScenario(`name: ${'['.repeat(200_000)}`, 'deep.yaml'));
    expect(e).toBeInstanceOf(ScenarioInvalidError);
    expect((e as ScenarioInvalidError).problems[0].line).toBe(1);
  });
});
