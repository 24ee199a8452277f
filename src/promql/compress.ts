/**
 * Time compression of a PromQL expression: the same question asked of data that runs `speed` times faster. Every
 * duration (range selector, subquery range and step, offset) is divided by the speed, so each window holds the same
 * samples it would hold at speed 1: a counter's increase over it is the same total, and ratios and quantiles of rates
 * are the same too. What differs is anything "per second": `rate()`, `irate()` and `deriv()` divide by real seconds,
 * `speed` times fewer than the simulated ones, so their results are divided by the speed right where they are
 * computed — exact, whatever is done with them next (compared with a constant, multiplied by 60, summed).
 * `predict_linear`'s horizon is in seconds: divided too. What cannot be compressed is reported, not guessed: the wall
 * clock (`time()`, `timestamp()`, `hour()`…) and `@` pinned to a timestamp read real time, which on a compressed axis
 * is not simulated time.
 */
import type { SyntaxNode } from '@lezer/common';
import { parseDuration } from '../core/units.js';
import { promDuration, rewriteDurations } from './durations.js';
import { applyEdits, childrenOf, parsePromql, textOf, type Edit } from './syntax.js';

/** Functions whose result is per second of the axis they run on. */
const PER_SECOND = new Set(['rate', 'irate', 'deriv']);
/** Functions that read timestamps: on a compressed axis they are real time, not simulated time. */
const WALL_CLOCK = new Set([
  'time', 'timestamp', 'minute', 'hour', 'day_of_week', 'day_of_month', 'day_of_year', 'days_in_month', 'month', 'year',
]);
/** Functions with an argument in seconds of time, by position. */
const SECONDS_ARGUMENT: Record<string, number> = { predict_linear: 1 };

const NUMBER = 'NumberDurationLiteral';

export interface CompressedExpression {
  /** The compressed expression (the input itself at speed 1). */
  expr: string;
  /** Per-second results divided by the speed (`rate`, `irate`, `deriv`), and seconds arguments scaled. */
  scaled: number;
  /** Why the expression cannot be compressed; empty when it can. */
  problems: string[];
}

function functionName(expr: string, call: SyntaxNode): string {
  const id = childrenOf(call).find((c) => c.type.name === 'FunctionIdentifier');
  return id ? textOf(expr, id) : '';
}

function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  const body = childrenOf(call).find((c) => c.type.name === 'FunctionCallBody');
  return body ? childrenOf(body) : [];
}

/**
 * A horizon in seconds (`3600`, `4h`) divided by the speed. Only where a function says its argument is time: a
 * duration compared with a value elsewhere (`> 30s`) may be a latency, which compression must not touch.
 */
function scaledSeconds(text: string, speed: number): string {
  const sign = text.startsWith('-') ? '-' : '';
  const ms = parseDuration(text.replace(/^[-+]/, ''));
  return ms === null ? String(Number(text) / speed) : sign + promDuration(ms / speed);
}

function isPlainLiteral(duration: SyntaxNode): boolean {
  const kids = childrenOf(duration);
  return kids.length === 1 && kids[0].type.name === 'NumberDurationLiteralInDurationContext';
}

/** Edits for one node; closing edits are collected separately so that inner ones close first. */
function visit(expr: string, node: SyntaxNode, speed: number, out: { open: Edit[]; problems: string[]; scaled: number }): Edit[] {
  const closing: Edit[] = [];
  const name = node.type.name;
  if (name === 'FunctionCall') {
    const fn = functionName(expr, node);
    if (PER_SECOND.has(fn)) {
      out.open.push({ from: node.from, to: node.from, text: '(' });
      closing.push({ from: node.to, to: node.to, text: ` / ${speed})` });
      out.scaled++;
    } else if (WALL_CLOCK.has(fn)) {
      out.problems.push(`${fn}() reads the wall clock, which runs ${speed}× slower than simulated time`);
    }
    const seconds = SECONDS_ARGUMENT[fn];
    const arg = seconds === undefined ? undefined : argumentsOf(node)[seconds];
    if (arg && arg.type.name !== NUMBER) {
      out.problems.push(`${fn}() needs its horizon as a number or a duration to compress it, not ${textOf(expr, arg)}`);
    } else if (arg) {
      out.open.push({ from: arg.from, to: arg.to, text: scaledSeconds(textOf(expr, arg), speed) });
      out.scaled++;
    }
  } else if (name === 'DurationExpr' && node.parent?.type.name !== 'DurationExpr' && !isPlainLiteral(node)) {
    out.problems.push(`duration arithmetic ${textOf(expr, node)} is not compressed`);
  } else if (name === 'StepInvariantExpr') {
    const at = childrenOf(node).findIndex((c) => c.type.name === 'At');
    const pinned = childrenOf(node)[at + 1];
    if (at >= 0 && pinned?.type.name === NUMBER) {
      out.problems.push(`@ ${textOf(expr, pinned)} pins a real timestamp, not a simulated one`);
    }
  }
  return closing;
}

/** Compresses `expr` for data that runs `speed` times faster than simulated time (speed > 0). */
export function compressExpression(expr: string, speed: number): CompressedExpression {
  if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
  parsePromql(expr);
  if (speed === 1) return { expr, scaled: 0, problems: [] };
  const durations = rewriteDurations(expr, (site) => site.ms / speed);
  const { tree } = parsePromql(durations);
  const out = { open: [] as Edit[], problems: [] as string[], scaled: 0 };
  const closing: Edit[] = [];
  const stack: Edit[][] = [];
  tree.iterate({
    enter: (n) => {
      stack.push(visit(durations, n.node, speed, out));
    },
    leave: () => {
      closing.push(...stack.pop()!);
    },
  });
  // Openings in document order (outer first), closings in post-order (inner first): nesting stays balanced.
  const compressed = applyEdits(durations, [...out.open, ...closing]);
  parsePromql(compressed);
  return { expr: compressed, scaled: out.scaled, problems: out.problems };
}
