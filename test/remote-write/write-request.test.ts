import { describe, expect, it } from 'vitest';
import { encodeLabels, encodeWriteRequest, isStale, markStale, STALE_NAN_BITS } from '../../src/remote-write/write-request.js';
import { decodeWriteRequest } from '../support/remote-write-decoder.js';

/** The stale marker as it must appear on the wire: tag 0x09 then the double, little-endian. */
const STALE_ON_WIRE = Buffer.from([0x09, 0x02, 0, 0, 0, 0, 0, 0xf0, 0x7f]);

describe('remote-write WriteRequest encoding', () => {
  it('decodes with protobufjs to the same labels, values and timestamps', () => {
    const a = encodeLabels({ source: 'claude', __name__: 'lunar_interpretation_generated_total', model: 'claude-opus-4-5', job: 'lunar-sim' });
    const b = encodeLabels({ __name__: 'x', le: '+Inf', place: 'Orléans — 東京', quote: 'a "b" \\ c\nd' });
    const timestamps = [0, 1, 127, 128, 16_383, 16_384, 1_767_571_200_000, 2 ** 53 - 1, -1, -1_000];
    const values = [0, -0, 0.1, -2.5, 1e308, 5e-324, Infinity, -Infinity, 42, 3];
    const bytes = encodeWriteRequest([
      { labels: a, timestamps, values: Float64Array.from(values) },
      { labels: b, timestamps: [1_767_571_215_000], values: Float64Array.from([7]) },
    ]);
    const decoded = decodeWriteRequest(bytes);
    expect(decoded).toHaveLength(2);
    expect(decoded[0].labels).toEqual([
      { name: '__name__', value: 'lunar_interpretation_generated_total' },
      { name: 'job', value: 'lunar-sim' },
      { name: 'model', value: 'claude-opus-4-5' },
      { name: 'source', value: 'claude' },
    ]);
    expect(decoded[0].samples.map((s) => s.timestamp)).toEqual(timestamps);
    decoded[0].samples.forEach((s, i) => expect(Object.is(s.value, values[i])).toBe(true));
    expect(decoded[1].labels.map((l) => l.name)).toEqual(['__name__', 'le', 'place', 'quote']);
    expect(decoded[1].labels[2].value).toBe('Orléans — 東京');
    expect(decoded[1].labels[3].value).toBe('a "b" \\ c\nd');
    expect(decoded[1].samples).toEqual([{ value: 7, timestamp: 1_767_571_215_000 }]);
  });

  it('sorts label names bytewise: upper case and __name__ before lower case', () => {
    const { sorted } = encodeLabels({ b: '1', a: '1', __name__: 'm', Z: '1', _x: '1' });
    expect(sorted.map(([k]) => k)).toEqual(['Z', '__name__', '_x', 'a', 'b']);
  });

  it('writes the stale marker bit for bit, and a plain NaN is not one', () => {
    const values = Float64Array.from([1, NaN, 0]);
    markStale(values, 2);
    expect(isStale(values, 2)).toBe(true);
    expect(isStale(values, 1)).toBe(false);
    expect(new BigUint64Array(values.buffer)[2]).toBe(STALE_NAN_BITS);
    const bytes = Buffer.from(encodeWriteRequest([{ labels: encodeLabels({ __name__: 'up' }), timestamps: [1000, 2000, 3000], values }]));
    expect(bytes.indexOf(STALE_ON_WIRE)).toBeGreaterThan(0);
    expect(bytes.indexOf(STALE_ON_WIRE)).toBe(bytes.lastIndexOf(STALE_ON_WIRE));
    const samples = decodeWriteRequest(bytes)[0].samples;
    expect(samples.map((s) => Number.isNaN(s.value))).toEqual([false, true, true]);
  });

  it('refuses label sets Prometheus would refuse', () => {
    expect(() => encodeLabels({ job: 'x' })).toThrow(/__name__/);
    expect(() => encodeLabels({ __name__: 'x', 'bad-name': 'y' })).toThrow(/"bad-name" is not a Prometheus label name/);
    expect(() => encodeLabels({ __name__: 'x', empty: '' })).toThrow(/empty has an empty value/);
  });

  it('refuses series whose timestamps and values differ in length', () => {
    const labels = encodeLabels({ __name__: 'x' });
    expect(() => encodeWriteRequest([{ labels, timestamps: [1, 2], values: Float64Array.from([1]) }])).toThrow(/differ in length/);
  });

  it('encodes an empty request as zero bytes (a valid, empty WriteRequest)', () => {
    expect(encodeWriteRequest([])).toHaveLength(0);
    expect(decodeWriteRequest(encodeWriteRequest([]))).toEqual([]);
  });
});
