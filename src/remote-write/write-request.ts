/**
 * Prometheus remote-write 1.0 request bodies before compression: the protobuf `prometheus.WriteRequest` of
 * prompb/remote.proto with its `TimeSeries`, `Label` and `Sample` (prompb/types.proto), and nothing else of those
 * files (no metadata, exemplars or native histograms: lunar-sim sends none).
 *
 * Written by hand rather than through a protobuf library: four messages and two scalar kinds, written straight into
 * one buffer sized beforehand, with labels encoded once per series instead of once per request; and a sample value
 * is copied as its 8 raw bytes, so Prometheus' stale marker (a NaN with a payload, which a JS number does not keep)
 * goes out bit for bit. test/remote-write/write-request.test.ts decodes the output with protobufjs and the official
 * .proto files.
 */

/** Prometheus' staleness marker: the NaN with bit pattern 0x7ff0000000000002. */
export const STALE_NAN_BITS = 0x7ff0000000000002n;

/** A series' labels, sorted by name and encoded once, to be reused in every request that carries the series. */
export interface EncodedLabels {
  readonly bytes: Uint8Array;
  /** The labels, sorted by name (for messages and tests). */
  readonly sorted: readonly (readonly [string, string])[];
}

/**
 * Samples of one series for one request. `values` is a Float64Array so that a stale marker written with
 * `markStale` keeps its bits; `timestamps` are ms since the epoch, in increasing order.
 */
export interface SeriesSamples {
  labels: EncodedLabels;
  timestamps: ArrayLike<number>;
  values: Float64Array;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TAG_TIMESERIES = 0x0a; // WriteRequest.timeseries = 1, length-delimited
const TAG_LABEL = 0x0a; // TimeSeries.labels = 1
const TAG_SAMPLE = 0x12; // TimeSeries.samples = 2
const TAG_NAME = 0x0a; // Label.name = 1
const TAG_LABEL_VALUE = 0x12; // Label.value = 2
const TAG_VALUE = 0x09; // Sample.value = 1, fixed64 (double)
const TAG_TIMESTAMP = 0x10; // Sample.timestamp = 2, varint (int64)
/** Protobuf doubles are little-endian; a Float64Array is in the platform's order. */
const BIG_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[0] === 0x3f;

/** Writes Prometheus' stale marker into `values[index]`, bit for bit. */
export function markStale(values: Float64Array, index: number): void {
  new BigUint64Array(values.buffer, values.byteOffset + index * 8, 1)[0] = STALE_NAN_BITS;
}

/** True when `values[index]` holds the stale marker's exact bits. */
export function isStale(values: Float64Array, index: number): boolean {
  return new BigUint64Array(values.buffer, values.byteOffset + index * 8, 1)[0] === STALE_NAN_BITS;
}

function varintSize(v: number): number {
  if (v < 0) return 10; // int64 two's complement always takes ten bytes
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

function writeVarint(out: Uint8Array, pos: number, v: number): number {
  if (v < 0) {
    let u = BigInt.asUintN(64, BigInt(v));
    for (let i = 0; i < 9; i++, u >>= 7n) out[pos++] = Number(u & 0x7fn) | 0x80;
    out[pos++] = Number(u);
    return pos;
  }
  while (v >= 128) {
    out[pos++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  out[pos++] = v;
  return pos;
}

/**
 * Sorts and encodes a label set (`__name__` included, as the spec requires every series to carry). Throws a
 * RangeError naming the label when a name is not a Prometheus label name or a value is empty (an empty value means
 * "no such label" in Prometheus and receivers refuse it).
 */
export function encodeLabels(labels: Readonly<Record<string, string>>): EncodedLabels {
  const sorted = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!sorted.some(([k]) => k === '__name__')) throw new RangeError('a series needs a __name__ label');
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const [name, value] of sorted) {
    if (!LABEL_NAME.test(name)) throw new RangeError(`label name ${JSON.stringify(name)} is not a Prometheus label name`);
    if (value === '') throw new RangeError(`label ${name} has an empty value`);
    const n = encoder.encode(name);
    const v = encoder.encode(value);
    const labelSize = 1 + varintSize(n.length) + n.length + 1 + varintSize(v.length) + v.length;
    const part = new Uint8Array(1 + varintSize(labelSize) + labelSize);
    let pos = 0;
    part[pos++] = TAG_LABEL;
    pos = writeVarint(part, pos, labelSize);
    part[pos++] = TAG_NAME;
    pos = writeVarint(part, pos, n.length);
    part.set(n, pos);
    pos += n.length;
    part[pos++] = TAG_LABEL_VALUE;
    pos = writeVarint(part, pos, v.length);
    part.set(v, pos);
    parts.push(part);
  }
  const bytes = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    bytes.set(p, pos);
    pos += p.length;
  }
  return { bytes, sorted };
}

function sampleSize(timestamp: number): number {
  return 1 + 8 + 1 + varintSize(timestamp);
}

function seriesSize(s: SeriesSamples): number {
  let size = s.labels.bytes.length;
  for (let i = 0; i < s.timestamps.length; i++) {
    const n = sampleSize(s.timestamps[i]);
    size += 1 + varintSize(n) + n;
  }
  return size;
}

/** Encodes a WriteRequest holding `series` (each with at least one sample). */
export function encodeWriteRequest(series: readonly SeriesSamples[]): Uint8Array<ArrayBuffer> {
  const sizes = series.map(seriesSize);
  const total = sizes.reduce((sum, n) => sum + 1 + varintSize(n) + n, 0);
  const out = new Uint8Array(total);
  let pos = 0;
  series.forEach((s, k) => {
    if (s.timestamps.length !== s.values.length) throw new RangeError('timestamps and values differ in length');
    out[pos++] = TAG_TIMESERIES;
    pos = writeVarint(out, pos, sizes[k]);
    out.set(s.labels.bytes, pos);
    pos += s.labels.bytes.length;
    const raw = new Uint8Array(s.values.buffer, s.values.byteOffset, s.values.length * 8);
    for (let i = 0; i < s.timestamps.length; i++) {
      const t = s.timestamps[i];
      out[pos++] = TAG_SAMPLE;
      out[pos++] = sampleSize(t); // at most 20: one byte
      out[pos++] = TAG_VALUE;
      if (BIG_ENDIAN) for (let b = i * 8 + 7; b >= i * 8; b--) out[pos++] = raw[b];
      else for (let b = i * 8, end = b + 8; b < end; b++) out[pos++] = raw[b];
      out[pos++] = TAG_TIMESTAMP;
      pos = writeVarint(out, pos, t);
    }
  });
  if (pos !== total) throw new Error(`encoded ${pos} bytes, sized ${total}`);
  return out;
}
