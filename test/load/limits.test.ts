import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOAD_DEFAULTS, LOAD_LIMITS } from '../../src/load/limits.js';

const doc = readFileSync('docs/cli.md', 'utf8');

/** The `| \`--flag\` | default | bounds | meaning |` row of the load section. */
function row(flag: string): string[] {
  const line = doc.split('\n').find((l) => l.startsWith(`| \`--${flag}\` |`));
  expect(line, `docs/cli.md has no row for --${flag}`).toBeDefined();
  return line!.split('|').map((c) => c.trim());
}

describe("docs/cli.md states load's defaults and bounds as the CLI has them", () => {
  it('defaults', () => {
    expect(row('rate')[2]).toBe(`\`${LOAD_DEFAULTS.rate}\``);
    expect(row('duration')[2]).toMatch(new RegExp(`^\`${LOAD_DEFAULTS.duration}\``));
    expect(row('max-in-flight')[2]).toBe(`\`${LOAD_DEFAULTS.maxInFlight}\``);
    expect(row('grace')[2]).toBe(`\`${LOAD_DEFAULTS.grace}\``);
    expect(row('timeout')[2]).toBe(`\`${LOAD_DEFAULTS.timeout}\``);
    expect(row('objective')[2]).toBe(`\`${LOAD_DEFAULTS.objective}\``);
    expect(row('max-dropped')[2]).toBe(`\`${LOAD_DEFAULTS.maxDropped}\``);
    expect(row('max-errors')[2]).toBe(`\`${LOAD_DEFAULTS.maxErrors}\``);
    expect(row('min-rate')[2]).toBe(`\`${LOAD_DEFAULTS.minRate}\``);
    // The command table's synopsis too.
    expect(doc).toContain(`| \`load --url U [--rate ${LOAD_DEFAULTS.rate}] [--duration ${LOAD_DEFAULTS.duration}]\` |`);
  });

  it('bounds', () => {
    expect(row('rate')[3]).toContain(`≤ ${LOAD_LIMITS.maxRate}/s`);
    expect(row('max-in-flight')[3]).toBe(`1 to ${LOAD_LIMITS.maxInFlight.toLocaleString('en-US')}`);
    expect(row('requests')[3]).toBe(`1 to ${LOAD_LIMITS.maxRequests.toLocaleString('en-US')}`);
    expect(row('stages')[3]).toContain(`≤ ${LOAD_LIMITS.maxStages} stages`);
    expect(row('token')[3]).toContain(`≤ ${LOAD_LIMITS.maxTokenLength}`);
  });
});
