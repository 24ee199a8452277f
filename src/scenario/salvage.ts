/**
 * What parsed of an invalid document: every part that fails its schema is dropped (an object's field, a record's
 * entry, a list from its first bad item on, so later items keep their index), and the cross-field checks run on the
 * rest. `validate` then reports structural and cross-field problems in one pass.
 */
import type { z } from 'zod';
import { defOf, unwrap } from './schema-walk.js';
import { scenarioSchema, type ScenarioDocument } from './schema.js';

type Pruned = { ok: true; value: unknown } | { ok: false };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sets an own property, even for a key such as `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The largest part of `value` (input side) that `schema` accepts, or not ok when no part of it can be kept. */
export function prune(schema: z.ZodType, value: unknown): Pruned {
  if (schema.safeParse(value).success) return { ok: true, value };
  const inner = unwrap(schema);
  const def = defOf(inner);
  let candidate: unknown;
  if (def.type === 'object' && def.shape && isPlainObject(value)) {
    const kept: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(def.shape)) {
      if (!Object.hasOwn(value, key)) continue;
      const r = prune(child, value[key]);
      if (r.ok) kept[key] = r.value;
    }
    candidate = kept;
  } else if (def.type === 'record' && def.valueType && isPlainObject(value)) {
    const kept: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const r = prune(def.valueType, item);
      const entry = {};
      if (r.ok) setOwn(entry, key, r.value);
      if (r.ok && inner.safeParse(entry).success) setOwn(kept, key, r.value);
    }
    candidate = kept;
  } else if (def.type === 'array' && def.element && Array.isArray(value)) {
    const kept: unknown[] = [];
    for (const item of value) {
      const r = prune(def.element, item);
      if (!r.ok) break;
      kept.push(r.value);
    }
    candidate = kept;
  } else {
    return { ok: false };
  }
  return inner.safeParse(candidate).success ? { ok: true, value: candidate } : { ok: false };
}

/**
 * The parts of a raw scenario that parse, with stand-ins for required fields that do not: an empty name and
 * summary, seed 0, no traffic, and an Infinite duration that makes every check against the duration vacuous.
 */
export function salvageScenario(raw: unknown): ScenarioDocument {
  const partial = scenarioSchema.partial();
  const pruned = prune(partial, isPlainObject(raw) ? raw : {});
  const parsed = partial.safeParse(pruned.ok ? pruned.value : {});
  const doc = parsed.success ? parsed.data : {};
  return {
    ...doc,
    name: doc.name ?? '',
    summary: doc.summary ?? '',
    seed: doc.seed ?? 0,
    duration: doc.duration ?? Infinity,
    traffic: doc.traffic ?? { rate: 0 },
  };
}
