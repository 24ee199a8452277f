/**
 * Turns a path in a YAML document (`['phases', 1, 'at']`) into a line and column, so that every problem in a
 * scenario file names the line to fix. Missing nodes are located at their nearest existing parent.
 */
import { isMap, isNode, isPair, isScalar, type Document, type LineCounter, type Node, type YAMLMap } from 'yaml';
import type { Problem } from '../errors.js';

export type DocPath = readonly PropertyKey[];

/** A problem found in a parsed document, by its path; located (line, column) once the source is known. */
export interface PathProblem {
  path: DocPath;
  message: string;
}

/** `phases[1].profile.claude` style, as users read paths. */
export function formatPath(path: DocPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** The problem at `path`, located in `doc`; `key` locates the key itself (for unknown keys). */
export function locatedProblem(
  doc: Document,
  lines: LineCounter,
  path: DocPath,
  message: string,
  key?: string,
): Problem {
  const offset = offsetOf(doc, path, key);
  const problem: Problem = { path: formatPath(key === undefined ? path : [...path, key]), message };
  if (offset !== undefined) {
    const pos = lines.linePos(offset);
    problem.line = pos.line;
    problem.column = pos.col;
  }
  return problem;
}

function offsetOf(doc: Document, path: DocPath, key?: string): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true);
    if (!isNode(node)) continue;
    if (n === path.length && key !== undefined && isMap(node)) {
      const keyNode = keyOf(node, key);
      if (keyNode?.range) return keyNode.range[0];
    }
    // A value is located at its key when it has one: the line users look at.
    const parentPath = path.slice(0, n - 1) as unknown[];
    const parent = n > 0 ? doc.getIn(parentPath, true) : undefined;
    if (n > 0 && isMap(parent)) {
      const keyNode = keyOf(parent, path[n - 1]);
      if (keyNode?.range) return keyNode.range[0];
    }
    if (node.range) return node.range[0];
  }
  return undefined;
}

/** Each mapping's scalar keys by value, built once: locating every unknown key of a large mapping stays linear. */
const keyIndex = new WeakMap<YAMLMap, Map<unknown, Node>>();

function keyOf(map: YAMLMap, key: PropertyKey): Node | undefined {
  let index = keyIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) if (isPair(p) && isScalar(p.key) && !index.has(p.key.value)) index.set(p.key.value, p.key);
    keyIndex.set(map, index);
  }
  return index.get(key);
}
