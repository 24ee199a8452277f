/**
 * Scenario text → a YAML document and its plain value, bounded: the text's size, the number of alias expansions
 * (a "billion laughs" document expands a few lines into gigabytes), and `__proto__` keys, which plain objects
 * cannot hold safely. Every problem is located.
 */
import { LineCounter, isPair, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml';
import type { Problem } from '../errors.js';
import { LIMITS } from '../limits.js';
import { formatPath } from './locate.js';

export interface YamlSource {
  doc: Document;
  lines: LineCounter;
  /** The document as plain data; undefined when it could not be built. */
  raw: unknown;
  problems: Problem[];
}

/** YAML errors reported at most: a broken deep nesting makes hundreds of the same error. */
const MAX_YAML_ERRORS = 20;

export function readYaml(text: string): YamlSource {
  const lines = new LineCounter();
  if (Buffer.byteLength(text) > LIMITS.scenarioFileBytes) {
    return { doc: parseDocument(''), lines, raw: undefined, problems: [{ path: '', message: 'larger than 1 MiB, the limit of a scenario file', line: 1, column: 1 }] };
  }
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number, message: string): Problem => {
    const pos = lines.linePos(offset);
    return { path: '', message, line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    const seen = new Set<string>();
    const problems: Problem[] = [];
    for (const e of doc.errors) {
      const message = `YAML: ${e.message.split('\n')[0]}`;
      if (seen.has(message) || problems.length >= MAX_YAML_ERRORS) continue;
      seen.add(message);
      problems.push(at(e.pos[0], message));
    }
    return { doc, lines, raw: undefined, problems };
  }
  const problems: Problem[] = [];
  let firstAlias: number | undefined;
  visit(doc, {
    Alias(_, node) {
      firstAlias ??= node.range?.[0];
    },
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.value !== '__proto__') return;
      problems.push({ ...at(pair.key.range?.[0] ?? 0, 'the key `__proto__` is not allowed'), path: formatPath(pathOf([...ancestors, pair])) });
    },
  });
  try {
    return { doc, lines, raw: doc.toJS({ maxAliasCount: LIMITS.yamlAliases }), problems };
  } catch (e) {
    // The yaml package throws a ReferenceError past maxAliasCount; anything else it throws is a bug to surface.
    if (!(e instanceof ReferenceError) || firstAlias === undefined) throw e;
    const message = `YAML: aliases expand past ${LIMITS.yamlAliases} copies (a document that multiplies itself): write the values out`;
    return { doc, lines, raw: undefined, problems: [...problems, at(firstAlias, message)] };
  }
}


/** The document path of the last node of a chain of ancestors (map keys and list indexes). */
function pathOf(chain: readonly unknown[]): PropertyKey[] {
  const path: PropertyKey[] = [];
  chain.forEach((node, i) => {
    if (isPair(node) && isScalar(node.key)) path.push(String(node.key.value));
    else if (isSeq(node)) path.push(node.items.indexOf(chain[i + 1] as never));
  });
  return path;
}
