/**
 * Scenario text → Scenario, pure (no file access). Every problem is reported at once — YAML syntax, structure,
 * cross-field checks — each with its path and line, as a ScenarioInvalidError.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ScenarioInvalidError, type Problem } from '../errors.js';
import { buildScenario, type BuildOptions } from './build.js';
import { locatedProblem, type DocPath } from './locate.js';
import { profileOverrideSchema, scenarioSchema } from './schema.js';
import type { ProfileOverride, Scenario } from './scenario.js';

/** Parses and checks a scenario; throws ScenarioInvalidError listing every problem. */
export function parseScenario(text: string, source: string, options: BuildOptions = {}): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioInvalidError(
      source,
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { path: '', message: `YAML: ${e.message.split('\n')[0]}`, line: pos.line, column: pos.col };
      }),
    );
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioInvalidError(source, [{ path: '', message: 'a scenario is a YAML mapping (name:, summary:, seed:, …)', line: 1, column: 1 }]);
  }
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    throw new ScenarioInvalidError(source, zodProblems(parsed.error.issues, (path, msg, key) => locatedProblem(doc, lines, path, msg, key)));
  }
  const { scenario, problems } = buildScenario(parsed.data, source, options);
  if (problems.length > 0) {
    throw new ScenarioInvalidError(source, problems.map((p) => locatedProblem(doc, lines, p.path, p.message)));
  }
  return scenario;
}

/** Parses a profile override sent as JSON (the control API): same rules as a scenario's `base:`. */
export function parseProfileOverride(value: unknown, source = 'profile'): ProfileOverride {
  const parsed = profileOverrideSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    throw new ScenarioInvalidError(source, zodProblems(parsed.error.issues, (path, message, key) => ({
      path: [...path.map(String), ...(key === undefined ? [] : [key])].join('.'),
      message,
    })));
  }
  return parsed.data as ProfileOverride;
}

type Locate = (path: DocPath, message: string, key?: string) => Problem;

function zodProblems(issues: readonly z.core.$ZodIssue[], locate: Locate): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push(locate(issue.path, `unknown key "${key}"`, key));
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      out.push(locate(issue.path, 'is required'));
    } else if (issue.code === 'invalid_key') {
      // The key's own check failed: its message says why, the generic "Invalid key in record" does not.
      out.push(locate(issue.path, issue.issues[0]?.message ?? issue.message));
    } else {
      out.push(locate(issue.path, issue.message));
    }
  }
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
