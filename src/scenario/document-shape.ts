/**
 * The shape of a scenario document before anything reads its values: at most LIMITS.documentKeys mapping keys and
 * LIMITS.documentDepth levels of nesting, no key twice in a mapping, no `__proto__` key, no alias without an anchor
 * before it. The same bounds hold for a file (its YAML tree, with offsets for line numbers) and for a PUT body (its
 * parsed JSON). Both walks are iterative and linear in the size of the document: a set per mapping finds duplicates
 * (the `yaml` package's own `uniqueKeys` compares every key with every other, 55 s for 85,000 keys), and nothing
 * recurses, so no depth can overflow the stack.
 */
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, type Document } from 'yaml';
import { LIMITS, formatLimit } from '../limits.js';
import type { DocPath, PathProblem } from './locate.js';

export const TOO_DEEP = `nested deeper than ${LIMITS.documentDepth} levels, the limit of a scenario document`;
export const TOO_MANY_KEYS = `more than ${formatLimit(LIMITS.documentKeys)} keys, the limit of a scenario document`;
/** Problems of one kind reported at most (a file of 20,000 duplicated keys is one mistake repeated). */
const MAX_REPORTED = 20;

/** A problem in the YAML tree, at a character offset of the text. */
export interface ShapeProblem extends PathProblem {
  offset: number;
}

export interface YamlShape {
  problems: ShapeProblem[];
  /** True when the document must not be read further (a bound passed, or an alias that cannot be resolved). */
  fatal: boolean;
  /** Offset of the first alias, where a document that multiplies itself is reported. */
  firstAlias?: number;
}

interface Pending {
  node: unknown;
  /** Collections around the node. */
  depth: number;
  path: DocPath;
}

/** Where a node starts in the text (a pair: where its key does). */
function offsetOf(node: unknown): number {
  const at = isPair(node) ? node.key : node;
  return (isNode(at) ? at.range?.[0] : undefined) ?? 0;
}

/** Walks `doc` in document order; `lineOf` turns an offset into the line quoted for a duplicate's first occurrence. */
export function yamlShape(doc: Document, lineOf: (offset: number) => number): YamlShape {
  const shape: YamlShape = { problems: [], fatal: false };
  const anchors = new Set<string>();
  const duplicates: ShapeProblem[] = [];
  let keys = 0;
  const stack: Pending[] = [{ node: doc.contents, depth: 0, path: [] }];
  const stop = (problem: ShapeProblem): YamlShape => ({ ...shape, problems: [...shape.problems, problem], fatal: true });
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (!isNode(node)) continue;
    if (node.anchor) anchors.add(node.anchor);
    if (isAlias(node)) {
      shape.firstAlias ??= offsetOf(node);
      if (!anchors.has(node.source)) {
        shape.problems.push({ path, message: `unknown alias *${node.source}: no anchor &${node.source} is defined before it`, offset: offsetOf(node) });
        shape.fatal = true;
      }
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth + 1 > LIMITS.documentDepth) return stop({ path, message: TOO_DEEP, offset: offsetOf(node) });
    const children: Pending[] = [];
    const seen = new Map<string, number>();
    for (const [i, item] of node.items.entries()) {
      if (!isPair(item)) {
        children.push({ node: item, depth: depth + 1, path: [...path, i] });
        continue;
      }
      // A pair inside a list (`[a: 1]`) is a mapping of its own.
      const inList = isSeq(node);
      if (++keys > LIMITS.documentKeys) return stop({ path, message: TOO_MANY_KEYS, offset: offsetOf(item) });
      const name = isScalar(item.key) ? String(item.key.value) : '?';
      const keyPath = inList ? [...path, i, name] : [...path, name];
      const offset = offsetOf(item);
      if (name === '__proto__') shape.problems.push({ path: keyPath, message: 'the key `__proto__` is not allowed', offset });
      // A list or mapping as a key (`? [a, b]`) has no plain-object form: the yaml package would stringify it with a
      // process warning on stderr.
      if (isMap(item.key) || isSeq(item.key)) {
        shape.problems.push({ path: keyPath, message: 'a key is a name, not a list or a mapping', offset });
        shape.fatal = true;
      }
      if (isScalar(item.key) && !inList) {
        const first = seen.get(name);
        if (first === undefined) seen.set(name, offset);
        else if (duplicates.length < MAX_REPORTED) duplicates.push({ path: keyPath, message: `duplicate key "${name}" (first on line ${lineOf(first)})`, offset });
      }
      const level = depth + (inList ? 2 : 1);
      children.push({ node: item.key, depth: level, path: keyPath }, { node: item.value, depth: level, path: keyPath });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  shape.problems.push(...duplicates);
  return shape;
}

/** The bound a plain value (a parsed JSON body) passes first, or null: the same bounds as a file's. */
export function valueShapeProblem(value: unknown): PathProblem | null {
  let keys = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > LIMITS.documentDepth) return { path: [], message: TOO_DEEP };
    const entries = Array.isArray(v) ? v : Object.values(v);
    if (!Array.isArray(v)) keys += entries.length;
    if (keys > LIMITS.documentKeys) return { path: [], message: TOO_MANY_KEYS };
    for (const child of entries) stack.push({ value: child, depth: depth + 1 });
  }
  return null;
}
