/**
 * A live profile override (the body of PUT /api/v1/profile), validated exactly like a scenario's profiles: the same
 * schema, then the same cross-field checks on the override applied to every profile of the running scenario, so
 * nothing is accepted live that a file would reject. Problems are reported all at once, by dotted field path.
 */
import { ScenarioInvalidError, type Problem } from '../errors.js';
import type { PriceTable } from '../model/pricing.js';
import { applyProfileOverride, type Profile } from '../model/profile.js';
import { valueShapeProblem } from './document-shape.js';
import type { DocPath, PathProblem } from './locate.js';
import { checkLabelValues, checkProfile, type LabelValues } from './profile-checks.js';
import { prune } from './salvage.js';
import { schemaProblems } from './schema-problems.js';
import { profileOverrideSchema } from './schema.js';
import type { ProfileOverride } from './scenario.js';

/** What an override is checked against: the running scenario. */
export interface OverrideContext {
  /** Every profile the override can apply to: the base (phase null), then each phase's. */
  profiles: readonly { profile: Profile; phase: string | null }[];
  prices: PriceTable;
  /** The scenario's highest arrival rate, per second. */
  peakRate: number;
  /** Model ids and error types the run has named so far. */
  named: LabelValues;
}

export const OBJECT_EXPECTED = 'expected a JSON object such as {"claude":{"ttft":{"median":"40s"}}}';

function dotted(path: DocPath): string {
  return path.map(String).join('.');
}

/** The override and the label values the run names once it applies; throws ScenarioInvalidError naming each field. */
export function parseProfileOverride(value: unknown, context: OverrideContext, source = 'profile'): { override: ProfileOverride; named: LabelValues } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScenarioInvalidError(source, [{ path: '', message: OBJECT_EXPECTED }]);
  }
  // The bounds of a file's shape, before the schema walks it.
  const shape = valueShapeProblem(value);
  if (shape) throw new ScenarioInvalidError(source, [{ path: dotted(shape.path), message: shape.message }]);
  const problems: Problem[] = [];
  const parsed = profileOverrideSchema.safeParse(value, { reportInput: true });
  let override: ProfileOverride;
  if (parsed.success) {
    override = parsed.data as ProfileOverride;
  } else {
    problems.push(...schemaProblems(parsed.error.issues, profileOverrideSchema, (path, message, key) => ({
      path: dotted(key === undefined ? path : [...path, key]),
      message,
    })));
    const kept = prune(profileOverrideSchema, value);
    override = (kept.ok ? profileOverrideSchema.parse(kept.value) : {}) as ProfileOverride;
  }
  const crossField: PathProblem[] = [];
  const effective = context.profiles.map(({ profile, phase }) => {
    const p = applyProfileOverride(profile, override);
    checkProfile(p, [], context, crossField, phase === null ? '' : ` (in phase "${phase}")`);
    return { profile: p, at: [] as DocPath };
  });
  const named = checkLabelValues(context.named, effective, crossField);
  // One problem per field: the base's when the base and a phase both fail the same way.
  const fields = new Set(problems.map((p) => p.path));
  for (const p of crossField) {
    const field = dotted(p.path);
    if (!fields.has(field)) problems.push({ path: field, message: p.message });
    fields.add(field);
  }
  if (problems.length > 0) throw new ScenarioInvalidError(source, problems);
  return { override, named };
}
