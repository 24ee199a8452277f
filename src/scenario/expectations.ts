/**
 * A document's `expect:` block → Expectations, with the checks that make expectations constrain: every expected
 * firing says when it must resolve (or that it outlasts the run), windows are ordered and inside the run, and — when
 * the rules are known — every alert named in `fire:` and `allow:` exists, so a typo cannot silently loosen a test.
 */
import { formatDuration } from '../core/units.js';
import { didYouMean } from '../core/spelling.js';
import type { PathProblem } from './build.js';
import type { ScenarioDocument } from './schema.js';
import type { Expectations } from './scenario.js';

/** `expect:` as a Scenario holds it (null without the block); problems are appended to `problems`. */
export function buildExpectations(
  doc: ScenarioDocument,
  knownAlerts: readonly string[] | (() => readonly string[]) | undefined,
  problems: PathProblem[],
): Expectations | null {
  if (!doc.expect) return null;
  const duration = doc.duration;
  const fire = doc.expect.fire.map((f, i) => {
    const at = (key: string): PathProblem['path'] => ['expect', 'fire', i, key];
    if (f.after !== undefined && f.before !== undefined && f.after > f.before) problems.push({ path: at('after'), message: '`after` is later than `before`' });
    if (f.after !== undefined && f.after > duration) problems.push({ path: at('after'), message: 'the window starts after the scenario ends' });
    if (f.resolve_before === undefined && !f.firing_at_end) {
      problems.push({ path: ['expect', 'fire', i], message: 'say when it must resolve: `resolve_before: <time>`, or `firing_at_end: true` if the incident outlasts the run' });
    }
    if (f.resolve_before !== undefined && f.firing_at_end) {
      problems.push({ path: at('firing_at_end'), message: 'give either `resolve_before` or `firing_at_end: true`, not both' });
    }
    if (f.resolve_before !== undefined && f.resolve_before > duration) {
      problems.push({ path: at('resolve_before'), message: `after the scenario ends (${formatDuration(duration)}): use \`firing_at_end: true\`` });
    }
    if (f.resolve_after !== undefined && f.resolve_before !== undefined && f.resolve_after > f.resolve_before) {
      problems.push({ path: at('resolve_after'), message: '`resolve_after` is later than `resolve_before`' });
    }
    const firstFiring = f.after ?? 0;
    if (f.resolve_before !== undefined && f.resolve_before < firstFiring) {
      problems.push({ path: at('resolve_before'), message: 'it must resolve before it may first fire' });
    }
    return {
      alert: f.alert,
      labels: f.labels ?? {},
      after: f.after,
      before: f.before,
      resolveAfter: f.resolve_after,
      resolveBefore: f.resolve_before,
      maxFirings: f.max_firings ?? 1,
    };
  });
  if (knownAlerts && (doc.expect.fire.length > 0 || doc.expect.allow.length > 0)) {
    const known = typeof knownAlerts === 'function' ? knownAlerts() : knownAlerts;
    doc.expect.fire.forEach((f, i) => checkName(f.alert, ['expect', 'fire', i, 'alert'], known, problems));
    doc.expect.allow.forEach((name, i) => checkName(name, ['expect', 'allow', i], known, problems));
  }
  const fired = new Set(fire.map((f) => f.alert));
  doc.expect.allow.forEach((name, i) => {
    if (fired.has(name)) problems.push({ path: ['expect', 'allow', i], message: `${name} is already expected to fire: list it once` });
  });
  return { fire, allow: doc.expect.allow };
}

function checkName(name: string, path: PathProblem['path'], known: readonly string[], problems: PathProblem[]): void {
  if (!known.includes(name)) problems.push({ path, message: `no alert named ${name} in the rules${didYouMean(name, known)}` });
}
