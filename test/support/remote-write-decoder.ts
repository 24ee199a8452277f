/**
 * Decodes remote-write bodies with protobufjs and the spec's messages (test/remote-write/remote-write-1.0.proto),
 * independently of lunar-sim's hand-written encoder.
 */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const root = protobuf.loadSync(fileURLToPath(new URL('../remote-write/remote-write-1.0.proto', import.meta.url)));
const WriteRequest = root.lookupType('prometheus.WriteRequest');

export interface DecodedSeries {
  labels: { name: string; value: string }[];
  samples: { value: number; timestamp: number }[];
}

/** A WriteRequest before compression, as plain objects (int64 timestamps as numbers). */
export function decodeWriteRequest(bytes: Uint8Array): DecodedSeries[] {
  const message = WriteRequest.decode(bytes);
  const plain = WriteRequest.toObject(message, { longs: Number, defaults: true, arrays: true }) as { timeseries: DecodedSeries[] };
  return plain.timeseries;
}

/** `{__name__="x", a="b"}` → `x{a="b"}`-like key with sorted labels, to compare series. */
export function seriesKey(labels: readonly { name: string; value: string }[] | Readonly<Record<string, string>>): string {
  const entries = Array.isArray(labels) ? labels.map((l) => [l.name, l.value]) : Object.entries(labels);
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
