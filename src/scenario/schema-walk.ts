/**
 * Walking the scenario's zod schemas by document path: what a field expects, for hints and for salvaging what
 * parsed of an invalid document. Reads zod's own schema definitions (`_zod.def`), on the input side of transforms.
 */
import type { z } from 'zod';

/** The parts of a zod definition this walk reads. */
interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
}

export function defOf(schema: z.ZodType): SchemaDef {
  return schema._zod.def as unknown as SchemaDef;
}

/** The schema under optional/default wrappers and on the input side of pipes: what a value is checked against. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
}

/** The schema of `key` inside `schema` (an object's field, a record's value, a list's item); undefined if none. */
export function childSchema(schema: z.ZodType, key: PropertyKey): z.ZodType | undefined {
  const def = defOf(unwrap(schema));
  if (def.type === 'object' && typeof key === 'string') return def.shape && Object.hasOwn(def.shape, key) ? def.shape[key] : undefined;
  if (def.type === 'record') return def.valueType;
  if (def.type === 'array' && typeof key === 'number') return def.element;
  return undefined;
}

/** The schema at `path` under `root`, unwrapped; undefined when the path leaves the schema. */
export function schemaAt(root: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = root;
  for (const key of path) {
    if (!s) return undefined;
    s = childSchema(s, key);
  }
  return s && unwrap(s);
}

/** The field names of an object schema (empty for anything else). */
export function fieldNames(schema: z.ZodType | undefined): string[] {
  const def = schema ? defOf(unwrap(schema)) : undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}
