/**
 * zod issues as problems a person can act on: one per field, with the schema's own message, and a hint for the
 * common shape mistakes (`tokens_per_second: 24` where `{ median: 24 }` is meant, a duration without a unit, a
 * percentage where a probability is meant, a quoted number, a misspelt key).
 */
import type { z } from 'zod';
import { editDistance } from '../core/spelling.js';
import type { Problem } from '../errors.js';
import type { DocPath } from './locate.js';
import { defOf, fieldNames, schemaAt, unwrap } from './schema-walk.js';
import { DURATION_EXPECTED, RATE_EXPECTED } from './schema.js';

export type Locate = (path: DocPath, message: string, key?: string) => Problem;

/** Every issue as a located problem, sorted by line. */
export function schemaProblems(issues: readonly z.core.$ZodIssue[], root: z.ZodType, locate: Locate): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = fieldNames(schemaAt(root, issue.path));
      for (const key of issue.keys) out.push(locate(issue.path, unknownKey(key, known), key));
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      out.push(locate(issue.path, 'is required'));
    } else if (issue.code === 'invalid_key') {
      // The key's own check failed: its message says why, the generic "Invalid key in record" does not.
      out.push(locate(issue.path, issue.issues[0]?.message ?? issue.message));
    } else {
      out.push(locate(issue.path, hinted(issue, root)));
    }
  }
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function unknownKey(key: string, known: readonly string[]): string {
  const close = known.filter((k) => Math.abs(k.length - key.length) <= 2 && editDistance(k, key) <= Math.min(2, Math.floor(k.length / 3)));
  return close.length === 1 ? `unknown key "${key}" (did you mean "${close[0]}"?)` : `unknown key "${key}"`;
}

/** The issue's message, with a hint when the mistake is a common one. */
function hinted(issue: z.core.$ZodIssue, root: z.ZodType): string {
  const input = (issue as { input?: unknown }).input;
  if (issue.message === DURATION_EXPECTED && typeof input === 'number') return `${issue.message}: ${input} has no unit (${input}s? ${input}m?)`;
  if (issue.message === RATE_EXPECTED && typeof input === 'number') return `${issue.message}: ${input} has no time unit (${input}/min? ${input}/s?)`;
  // A whole number from 2 to 100 where a probability goes is a percentage.
  if (issue.code === 'too_big' && issue.message === 'a probability cannot be above 1' && typeof input === 'number' && Number.isInteger(input) && input <= 100) {
    return `${issue.message} (${input} %? write ${input / 100})`;
  }
  if (issue.code !== 'invalid_type') return issue.message;
  if (issue.expected === 'number' && typeof input === 'string' && input.trim() !== '' && Number.isFinite(Number(input))) {
    return `expected a number, not the text "${input}": remove the quotes`;
  }
  if (issue.expected === 'object') return expectedMapping(schemaAt(root, issue.path), input) ?? issue.message;
  if (issue.expected === 'record') return expectedRecord(issue.path) ?? issue.message;
  if (issue.expected === 'array') return expectedList(schemaAt(root, issue.path));
  return issue.message;
}

/** `expected a mapping such as { median: 24 }`: the first field that would accept the value given. */
function expectedMapping(schema: z.ZodType | undefined, input: unknown): string | undefined {
  if (Array.isArray(input)) return 'expected a mapping (`key: value` lines), not a list';
  const def = schema ? defOf(unwrap(schema)) : undefined;
  if (!def?.shape) return undefined;
  const fits = Object.entries(def.shape).find(([, field]) => input !== undefined && field.safeParse(input).success);
  if (fits) return `expected a mapping such as \`{ ${fits[0]}: ${yamlScalar(input)} }\``;
  return `expected a mapping with the keys ${Object.keys(def.shape).join(', ')}`;
}

const RECORD_EXAMPLES: Record<string, string> = {
  models: 'expected a mapping of model id to weight, such as `{ claude-opus-4-5-20251101: 1 }`',
  errors: 'expected a mapping of error type to probability, such as `{ api_error: 0.03 }`',
  prices: 'expected a mapping of model id to prices, such as `{ my-model: { input: 3, cache_write: 3.75, cache_read: 0.3, output: 15 } }`',
  labels: 'expected a mapping of label to value, such as `{ severity: warning }`',
};

function expectedRecord(path: readonly PropertyKey[]): string | undefined {
  const last = path[path.length - 1];
  return typeof last === 'string' && Object.hasOwn(RECORD_EXAMPLES, last) ? RECORD_EXAMPLES[last] : undefined;
}

function expectedList(schema: z.ZodType | undefined): string {
  const def = schema ? defOf(unwrap(schema)) : undefined;
  const first = def?.element ? fieldNames(def.element)[0] : undefined;
  return first ? `expected a list, each item starting with \`- ${first}: …\`` : 'expected a list, each item starting with `- `';
}

function yamlScalar(v: unknown): string {
  return typeof v === 'string' && /^[\w./:@+-]+$/.test(v) ? v : JSON.stringify(v);
}
