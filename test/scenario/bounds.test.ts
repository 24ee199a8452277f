/**
 * Scenario files have upper bounds, stated in src/limits.ts (issue 10, part 3): every value a simulation cannot
 * honour is refused with a message that names the field and the limit, never an OOM or a hang later.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { problemsOf } from '../support/problems.js';

const head = 'name: big\nsummary: too big\nseed: 1\n';

describe('scenario bounds', () => {
  it.each([
    ['duration: 100y\ntraffic: { rate: 1/min }\n', 'duration', /at most 30d/],
    ['duration: 1h\nwarmup: 100y\ntraffic: { rate: 1/min }\n', 'warmup', /at most 7d/],
    [`duration: ${'9'.repeat(400)}s\ntraffic: { rate: 1/min }\n`, 'duration', /^at most 30d$/],
    ['duration: 1h\nstep: 1ms\ntraffic: { rate: 1/min }\n', 'step', /at least 1s/],
    ['duration: 1h\nstep: 0s\ntraffic: { rate: 1/min }\n', 'step', /at least 1s/],
    ['duration: 2d\nstep: 2h\ntraffic: { rate: 1/min }\n', 'step', /at most 1h/],
    ['duration: 1h\ntraffic: { rate: 1000000000000/s }\n', 'traffic.rate', /at most 1,000\/s/],
    ['duration: 1h\ntraffic: { rate: 99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999/s }\n', 'traffic.rate', /at most 1,000\/s/],
    ['duration: 1h\ntraffic: { rate: 1/min, shape: { peak_hour: 14, night_factor: 0.2, weekend_factor: 11 } }\n', 'traffic.shape.weekend_factor', /0 to 10/],
    ['duration: 1h\ntraffic: { rate: 1/min, shape: { peak_hour: 14, night_factor: 0.2, weekend_factor: -1 } }\n', 'traffic.shape.weekend_factor', /0 to 10|at least 0|>=0/],
    ['duration: 1h\ntraffic: { rate: 1/min }\nbase: { claude: { ttft: { median: 100y } } }\n', 'base.claude.ttft.median', /at most 1h/],
    ['duration: 1h\ntraffic: { rate: 1/min }\nbase: { claude: { hang: { duration: 31d } } }\n', 'base.claude.hang.duration', /at most 30d/],
    ['duration: 1h\ntraffic: { rate: 1/min }\nbase: { claude: { timeout: 2h } }\n', 'base.claude.timeout', /at most 1h/],
    ['duration: 1h\ntraffic: { rate: 1/min }\nbase: { claude: { output_tokens: { max: 1e300 } } }\n', 'base.claude.output_tokens.max', /at most 1,000,000/],
    ['duration: 1h\ntraffic: { rate: 1/min }\nbase: { claude: { models: { claude-opus-4-5-20251101: 1e308, claude-haiku-4-5-20251001: 1e308 } } }\n', 'base.claude.models.claude-opus-4-5-20251101', /at most 1,000,000/],
    ['duration: 1h\ntraffic: { rate: 1/min }\nprices: { m: { input: 1e308, cache_write: 0, cache_read: 0, output: 0 } }\n', 'prices.m.input', /at most 10,000/],
    ['duration: 1h\ntraffic: { rate: 1/min }\nbase: { claude: { models: { "__proto__": 1 } } }\n', 'base.claude.models.__proto__', /`__proto__` is not allowed/],
    [`duration: 1h\ntraffic: { rate: 1/min }\nbase: { claude: { models: { ${'m'.repeat(101)}: 0 } } }\n`, `base.claude.models.${'m'.repeat(101)}`, /at most 100 characters/],
  ])('refuses %j', (body, path, message) => {
    const problems = problemsOf(head + body);
    expect(problems).toContainEqual(expect.objectContaining({ path, message: expect.stringMatching(message) }));
    expect(problems.every((p) => p.line !== undefined)).toBe(true);
  });

  it.each([
    ['start: 0001-01-01T00:00:00Z\nduration: 1h\n', /the run would begin at 0000-12-31T00:00:00\.000Z \(start − warmup\), before 1970-01-01T00:00:00\.000Z/],
    ['start: 1970-01-01T00:00:00Z\n', /the run would begin at 1969-12-31T00:00:00\.000Z \(start − warmup\)/],
    ['start: 9999-12-31T23:59:59Z\nduration: 30d\n', /the run would end at \+010000-01-30T23:59:59\.000Z \(start \+ duration\), after 2200-01-01T00:00:00\.000Z/],
  ])('refuses a start that puts the run outside the times Prometheus stores: %j', (fields, message) => {
    const body = fields.includes('duration') ? fields : `${fields}duration: 1h\n`;
    const problems = problemsOf(`${head}warmup: 1d\n${body}traffic: { rate: 1/min }\n`);
    expect(problems).toEqual([expect.objectContaining({ path: 'start', message: expect.stringMatching(message), line: 5 })]);
  });

  it('accepts a run that starts at 1970-01-01 and one that ends at 2200-01-01', () => {
    expect(() => parseScenario(`${head}start: 1970-01-02T00:00:00Z\nwarmup: 1d\nduration: 1h\ntraffic: { rate: 1/min }\n`, 'x')).not.toThrow();
    expect(() => parseScenario(`${head}start: 2199-12-31T23:00:00Z\nduration: 1h\ntraffic: { rate: 1/min }\n`, 'x')).not.toThrow();
  });

  it('refuses a seed that is not a safe integer', () => {
    const problems = problemsOf('name: big\nsummary: x\nseed: 1e300\nduration: 1h\ntraffic: { rate: 1/min }\n');
    expect(problems).toContainEqual(expect.objectContaining({ path: 'seed' }));
  });

  it('bounds the generations a run can have in flight (rate × mean generation time)', () => {
    const problems = problemsOf(`${head}duration: 1h\ntraffic: { rate: 100/s }\nbase: { claude: { errors: {}, hang: { probability: 0.5, duration: 1d } } }\n`);
    expect(problems).toContainEqual(expect.objectContaining({ path: 'base.claude.hang', message: expect.stringMatching(/in flight.*at most 100,000/) }));
  });

  it('bounds the number of phases', () => {
    const phases = Array.from({ length: 101 }, (_, i) => `  - { name: p${i}, at: ${i}s }`).join('\n');
    const problems = problemsOf(`${head}duration: 1h\ntraffic: { rate: 1/min }\nphases:\n${phases}\n`);
    expect(problems).toContainEqual(expect.objectContaining({ path: 'phases', message: expect.stringMatching(/at most 100 phases/) }));
  });

  it('bounds the distinct error types of a run across its phases', () => {
    const phases = Array.from({ length: 3 }, (_, p) => {
      const errors = Array.from({ length: 20 }, (_, i) => `e${p}_${i}: 0.01`).join(', ');
      return `  - { name: p${p}, at: ${p + 1}m, profile: { claude: { errors: { ${errors} } } } }`;
    }).join('\n');
    const problems = problemsOf(`${head}duration: 1h\ntraffic: { rate: 1/min }\nphases:\n${phases}\n`);
    expect(problems).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/at most 50 error types/) }));
  });

  it('accepts the largest values within the bounds', () => {
    const s = parseScenario(
      `${head}duration: 30d\nwarmup: 7d\nstep: 1h\ntraffic: { rate: 1/min }\nbase: { claude: { errors: {}, timeout: 1h, hang: { probability: 0.001, duration: 30d } } }\n`,
      'edge.yaml',
    );
    expect(s.duration).toBe(30 * 86_400_000);
    expect(s.base.claude.hang.duration).toBe(30 * 86_400);
  });
});
