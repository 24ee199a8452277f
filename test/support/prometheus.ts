/**
 * Prometheus-backed tests run when the binaries are installed. With REQUIRE_PROMETHEUS=1 (CI) a missing binary is a
 * failure, never a skip.
 */
import { findBinary, type BinarySpec } from '../../src/prometheus/binaries.js';

export const prometheusRequired = process.env.REQUIRE_PROMETHEUS === '1';

/** The binary's path; null means "skip this test", which CI forbids. */
export function binaryForTest(spec: BinarySpec): string | null {
  const found = findBinary(spec);
  if (!found && prometheusRequired) {
    throw new Error(`${spec.name} is required (REQUIRE_PROMETHEUS=1) but not installed: run .ci/run or apt-get install prometheus`);
  }
  return found;
}
