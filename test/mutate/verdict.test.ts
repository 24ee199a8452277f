import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAcceptFile } from '../../src/mutate/accept-file.js';
import type { Mutant, RuleMutant } from '../../src/mutate/mutant.js';
import type { MutationRun } from '../../src/mutate/mutation-run.js';
import { mutationVerdict } from '../../src/mutate/verdict.js';

const mutant = (id: string): Mutant => ({ id, alert: id.split(':')[0], operator: 'for', rule: {} as RuleMutant['rule'], need: 'something' });
const reason = 'no scenario can hold this for long enough without also tripping the guard';

function run(killed: Record<string, string[]>, unusable = false): MutationRun {
  return {
    results: Object.entries(killed).map(([id, by]) => ({ mutant: mutant(id), observations: [], killedBy: by })),
    scenarios: [{ scenario: 's', usable: !unusable, note: unusable ? 'fails on the original rules' : '', queries: 1, notificationQueries: 0, ms: 1 }],
    totalMs: 1,
  };
}

describe('mutationVerdict', () => {
  it('is ok when every mutant is killed or accepted', () => {
    const v = mutationVerdict(run({ 'A: x': ['s'], 'B: y': [] }), [{ mutant: 'B: y', kind: 'harmless', reason }]);
    expect(v.mutants.map((m) => m.status)).toEqual(['killed', 'accepted']);
    expect(v.ok).toBe(true);
  });

  it('fails on a survivor, on a stale accept entry, and on a scenario that cannot judge', () => {
    expect(mutationVerdict(run({ 'A: x': [] }), []).ok).toBe(false);
    const stale = mutationVerdict(run({ 'A: x': ['s'] }), [{ mutant: 'A: x', kind: 'gap', reason }, { mutant: 'Gone: z', kind: 'harmless', reason }]);
    expect(stale.staleAccepts).toEqual([
      { mutant: 'A: x', why: 'killed by s: no longer needs accepting' },
      { mutant: 'Gone: z', why: 'no mutant of the rules has this id' },
    ]);
    expect(stale.ok).toBe(false);
    expect(mutationVerdict(run({ 'A: x': ['s'] }, true), []).ok).toBe(false);
  });
});

describe('loadAcceptFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lunar-sim-accept-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (text: string): string => {
    const f = path.join(dir, `${Math.random().toString(36).slice(2)}.yml`);
    writeFileSync(f, text);
    return f;
  };

  it('reads entries with a reason', () => {
    expect(loadAcceptFile(file(`accepted:\n  - mutant: "A: x"\n    kind: gap\n    reason: ${reason}\n`))).toEqual([{ mutant: 'A: x', kind: 'gap', reason }]);
  });

  it('refuses entries without a real reason, naming each', () => {
    expect(() => loadAcceptFile(file('accepted:\n  - mutant: "A: x"\n    kind: harmless\n    reason: noise\n  - mutant: "B"\n  - mutant: "C"\n    kind: fine\n    reason: "a reason long enough to be one, but of no known kind"\n'))).toThrow(
      /accepted\[0\] \(A: x\): the reason must say why, in at least 40 characters; accepted\[1\]: needs `mutant:`, `kind:` and `reason:`; accepted\[2\] \(C\): `kind:` must be harmless or gap/,
    );
  });
});
