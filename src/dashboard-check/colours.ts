/**
 * Grafana's threshold colours: which step a value falls in, what that colour says (fine, warning, critical), and the
 * spans of time a series spends in the colours that say something is wrong.
 */

/** Grafana threshold steps: the first applies from -∞ (value null), each next one from its value upwards. */
export type Steps = readonly { value: number | null; color: string }[];

export type Severity = 'ok' | 'warning' | 'critical';

/**
 * The step colour of `value`: the last step whose value is ≤ it (Grafana's rule: a value equal to a step's value takes
 * that step). null for NaN or when there are no steps.
 */
export function colourOf(value: number, steps: Steps): string | null {
  if (Number.isNaN(value) || steps.length === 0) return null;
  let colour = steps[0].color;
  for (const s of steps) {
    if (s.value === null || value >= s.value) colour = s.color;
  }
  return colour;
}

/**
 * What a colour says. Reds (`red`, `dark-red`, `#F2495C`…) are critical; oranges and yellows warnings; greens,
 * blues, purples, text and transparent are fine. Any other colour (a hex code Grafana has no name for) counts as a
 * warning: a colour nobody can read as "fine" must not pass for it.
 */
export function severityOf(colour: string): Severity {
  const c = colour.toLowerCase();
  if (/red|#f2495c|#e02f44|#c4162a/.test(c)) return 'critical';
  if (/orange|yellow|#ff9830|#fade2a|#fa6400|#e0b400/.test(c)) return 'warning';
  if (/green|blue|purple|text|transparent|#73bf69|#56a64b|#5794f2|#3274d9|#8ab8ff/.test(c)) return 'ok';
  return 'warning';
}

/** A stretch of consecutive evaluation times a series shows in one colour. */
export interface ColourSpan {
  colour: string;
  severity: Severity;
  fromMs: number;
  toMs: number;
  points: number;
  /** The lowest and highest value shown in the span. */
  min: number;
  max: number;
}

/**
 * The spans of `points` (time → value, in time order) coloured warning or critical, from `fromMs` on. Consecutive
 * points of one colour make one span; points missing between them do not break it.
 */
export function alarmingSpans(points: ReadonlyMap<number, number>, steps: Steps, fromMs: number): ColourSpan[] {
  const spans: ColourSpan[] = [];
  let open: ColourSpan | null = null;
  const times = [...points.keys()].filter((t) => t >= fromMs).sort((a, b) => a - b);
  for (const t of times) {
    const v = points.get(t) as number;
    const colour = colourOf(v, steps);
    const severity = colour === null ? 'ok' : severityOf(colour);
    if (colour === null || severity === 'ok') {
      open = null;
      continue;
    }
    if (open && open.colour === colour) {
      open.toMs = t;
      open.points++;
      open.min = Math.min(open.min, v);
      open.max = Math.max(open.max, v);
      continue;
    }
    open = { colour, severity, fromMs: t, toMs: t, points: 1, min: v, max: v };
    spans.push(open);
  }
  return spans;
}
