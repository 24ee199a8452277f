/**
 * Reading a scenario file is bounded (issue 10, part 3): regular files only, at most LIMITS.scenarioFileBytes, and
 * YAML aliases cannot expand a small file into a huge document.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LunarSimError, ScenarioInvalidError } from '../../src/errors.js';
import { LIMITS } from '../../src/limits.js';
import { loadScenario, loadScenarioFile } from '../../src/scenario/catalogue.js';
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

  it('says a symbolic link loop is one, not "no such file"', () => {
    const a = path.join(dir, 'loop-a.yaml');
    const b = path.join(dir, 'loop-b.yaml');
    symlinkSync(b, a);
    symlinkSync(a, b);
    expect(refusal(() => loadScenario(a)).message).toBe(`cannot read ${a}: a symbolic link loop (ELOOP)`);
    expect(refusal(() => loadScenarioFile(a)).message).toBe(`cannot read ${a}: a symbolic link loop (ELOOP)`);
  });

  it('says a missing file and a link to nothing in words', () => {
    const dangling = path.join(dir, 'dangling.yaml');
    symlinkSync(path.join(dir, 'gone.yaml'), dangling);
    expect(refusal(() => loadScenario(dangling)).message).toBe(`cannot read ${dangling}: a symbolic link to nothing (ENOENT)`);
    expect(refusal(() => loadScenarioFile(path.join(dir, 'absent.yaml'))).message).toBe(`cannot read ${path.join(dir, 'absent.yaml')}: no such file (ENOENT)`);
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

describe('the shape of a document (issue 20, finding 3): keys and nesting bounded, duplicates found in linear time', () => {
  const valid = 'name: ok\nsummary: fine\nseed: 1\nduration: 1h\ntraffic: { rate: 10/min }\n';

  it('refuses more keys than LIMITS.documentKeys, naming the bound, before checking them one by one', () => {
    const keys = Array.from({ length: LIMITS.documentKeys + 1 }, (_, i) => `k${i}: 1`).join('\n');
    const e = refusal(() => parseScenario(`${valid}${keys}\n`, 'keys.yaml'));
    const problems = (e as ScenarioInvalidError).problems;
    expect(problems).toEqual([
      expect.objectContaining({ message: `more than ${LIMITS.documentKeys.toLocaleString('en-US')} keys, the limit of a scenario document`, line: expect.any(Number) }),
    ]);
  });

  it('refuses nesting deeper than LIMITS.documentDepth at the first node past it, in flow and block style', () => {
    const depth = LIMITS.documentDepth;
    const flow = refusal(() => parseScenario(`${valid}x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`, 'flow.yaml')) as ScenarioInvalidError;
    expect(flow.problems).toEqual([expect.objectContaining({ message: `nested deeper than ${depth} levels, the limit of a scenario document`, line: 6 })]);
    const block = Array.from({ length: depth + 1 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
    const deep = refusal(() => parseScenario(`${valid}${block} 1\n`, 'block.yaml')) as ScenarioInvalidError;
    expect(deep.problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/^nested deeper than/), line: 6 + depth })]);
  });

  it('says "nested too deep" for nesting the YAML reader itself cannot follow, not "Maximum call stack size exceeded"', () => {
    const e = refusal(() => parseScenario(`name: ${'['.repeat(200_000)}${']'.repeat(200_000)}`, 'deep.yaml')) as ScenarioInvalidError;
    expect(e.problems.map((p) => p.message)).toEqual([`nested deeper than ${LIMITS.documentDepth} levels, the limit of a scenario document`]);
  });

  it('reports each duplicate key with the line of the first, and goes on checking the rest', () => {
    const e = refusal(() => parseScenario(`${valid}seed: 2\nbase: { cache: { hit_ratio: 0.5, hit_ratio: 0.6 } }\nbogus: 1\n`, 'dup.yaml')) as ScenarioInvalidError;
    expect(e.problems).toEqual([
      expect.objectContaining({ path: 'seed', message: 'duplicate key "seed" (first on line 3)', line: 6 }),
      expect.objectContaining({ path: 'base.cache.hit_ratio', message: 'duplicate key "hit_ratio" (first on line 7)', line: 7 }),
      expect.objectContaining({ path: 'bogus', message: 'unknown key "bogus"', line: 8 }),
    ]);
  });

  it('reports a key written as a number and as a string as one duplicate: both are the same field', () => {
    const e = refusal(() => parseScenario(`${valid}prices: { 1: {}, "1": {} }\n`, 'n.yaml')) as ScenarioInvalidError;
    expect(e.problems).toContainEqual(expect.objectContaining({ path: 'prices.1', message: 'duplicate key "1" (first on line 6)' }));
  });

  it('reports an alias to no anchor as such, not as a document that multiplies itself', () => {
    const e = refusal(() => parseScenario(`${valid}x: *nope\n`, 'alias.yaml')) as ScenarioInvalidError;
    expect(e.problems).toEqual([expect.objectContaining({ message: 'unknown alias *nope: no anchor &nope is defined before it', line: 6, column: 4 })]);
  });
});

describe('a document with thousands of problems', () => {
  it('keeps them all in the error but prints the first 100, saying how many there are', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `k${i}: 1`).join('\n');
    const e = refusal(() => parseScenario(`name: ok\nsummary: fine\nseed: 1\nduration: 1h\ntraffic: { rate: 10/min }\n${keys}\n`, 'many.yaml')) as ScenarioInvalidError;
    expect(e.problems).toHaveLength(5000);
    const lines = e.message.split('\n');
    expect(lines[0]).toBe('many.yaml: 5000 problems (the first 100 below)');
    expect(lines).toHaveLength(101);
  });
});

describe('a list or a mapping as a key', () => {
  it('is refused with its line, before the YAML reader would stringify it with a warning on stderr', () => {
    const warnings: string[] = [];
    const listen = (w: Error): void => void warnings.push(w.message);
    process.on('warning', listen);
    try {
      const e = refusal(() => parseScenario('name: ok\nsummary: fine\nseed: 1\nduration: 1h\ntraffic: { rate: 10/min }\n? [a, b]\n: 1\n', 'complex.yaml')) as ScenarioInvalidError;
      expect(e.problems).toEqual([expect.objectContaining({ message: 'a key is a name, not a list or a mapping', line: 6 })]);
    } finally {
      process.off('warning', listen);
    }
    expect(warnings).toEqual([]);
  });
});
