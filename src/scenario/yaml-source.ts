/**
 * Scenario text → a YAML document and its plain value, bounded: the text's size, its shape (keys, nesting,
 * duplicates, `__proto__`, unknown aliases: document-shape.ts) and the number of alias expansions (a "billion laughs"
 * document expands a few lines into gigabytes). Every problem is located.
 */
import { LineCounter, isMap, isNode, isScalar, parseDocument, type Document } from 'yaml';
import type { Problem } from '../errors.js';
import { LIMITS } from '../limits.js';
import { TOO_DEEP, yamlShape } from './document-shape.js';
import { formatPath } from './locate.js';

export interface YamlSource {
  doc: Document;
  lines: LineCounter;
  /** The document as plain data; undefined when it could not be built. */
  raw: unknown;
  /**
   * With YAML syntax errors: what the parser made of the document anyway, and the offset of the first error. Only
   * what lies before that offset can be trusted; parse.ts checks it so that one pass shows those problems too.
   */
  partial?: { value: unknown; trustedBefore: number };
  problems: Problem[];
}

/** YAML errors reported at most: a broken deep nesting makes hundreds of the same error. */
const MAX_YAML_ERRORS = 20;

/** The yaml package catches its own stack overflow on deep nesting and reports it under this name. */
const STACK_OVERFLOW = /Maximum call stack size exceeded/;

export function readYaml(text: string): YamlSource {
  const lines = new LineCounter();
  if (Buffer.byteLength(text) > LIMITS.scenarioFileBytes) {
    return { doc: parseDocument(''), lines, raw: undefined, problems: [{ path: '', message: 'larger than 1 MiB, the limit of a scenario file', line: 1, column: 1 }] };
  }
  // uniqueKeys off: its check is quadratic in the keys of a mapping; document-shape.ts finds duplicates linearly.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number, message: string, path = ''): Problem => {
    const pos = lines.linePos(offset);
    return { path, message, line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    const seen = new Set<string>();
    const problems: Problem[] = [];
    for (const e of doc.errors) {
      const message = STACK_OVERFLOW.test(e.message) ? TOO_DEEP : `YAML: ${e.message.split('\n')[0]}`;
      if (seen.has(message) || problems.length >= MAX_YAML_ERRORS) continue;
      seen.add(message);
      problems.push(at(e.pos[0], message));
    }
    return { doc, lines, raw: undefined, problems, partial: recovered(doc) };
  }
  const shape = yamlShape(doc, (offset) => lines.linePos(offset).line);
  const problems = shape.problems.map((p) => at(p.offset, p.message, formatPath(p.path)));
  if (shape.fatal) return { doc, lines, raw: undefined, problems };
  try {
    return { doc, lines, raw: doc.toJS({ maxAliasCount: LIMITS.yamlAliases }), problems };
  } catch (e) {
    // The yaml package throws a ReferenceError past maxAliasCount (unknown aliases are caught above); anything else
    // it throws is a bug to surface.
    if (!(e instanceof ReferenceError) || shape.firstAlias === undefined) throw e;
    const message = `YAML: aliases expand past ${LIMITS.yamlAliases} copies (a document that multiplies itself): write the values out`;
    return { doc, lines, raw: undefined, problems: [...problems, at(shape.firstAlias, message)] };
  }
}

/**
 * A document with syntax errors as plain data, when it is within bounds and builds: only its top-level entries that
 * end before the first error (a value the error cuts short, and everything after it, are left out).
 */
function recovered(doc: Document): YamlSource['partial'] {
  if (doc.errors.some((e) => STACK_OVERFLOW.test(e.message)) || !isMap(doc.contents)) return undefined;
  if (yamlShape(doc, () => 0).fatal) return undefined;
  const firstError = Math.min(...doc.errors.map((e) => e.pos[0]));
  let whole: Record<string, unknown>;
  try {
    whole = doc.toJS({ maxAliasCount: LIMITS.yamlAliases }) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const value: Record<string, unknown> = {};
  for (const pair of doc.contents.items) {
    const end = (isNode(pair.value) ? pair.value : isNode(pair.key) ? pair.key : undefined)?.range?.[1];
    if (!isScalar(pair.key) || end === undefined || end >= firstError) break;
    const key = String(pair.key.value);
    if (key !== '__proto__' && Object.hasOwn(whole, key)) value[key] = whole[key];
  }
  return { value, trustedBefore: firstError };
}
