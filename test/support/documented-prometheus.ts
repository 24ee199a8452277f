/**
 * The Prometheus monitoring/README.md tells a user to start, started as written — its flags and monitoring/prometheus.yml
 * — with only its data directory and port made the test's own.
 */
import { readFileSync } from 'node:fs';
import type { Scratch } from '../../src/prometheus/scratch.js';
import { spawnChild } from '../../src/prometheus/child.js';
import { codeBlocks } from './doc-examples.js';

/** The `prometheus …` command of monitoring/README.md, its continuation lines joined, as arguments. */
export function documentedPrometheusArgs(): string[] {
  for (const block of codeBlocks(readFileSync('monitoring/README.md', 'utf8'))) {
    const line = block.replace(/\\\n\s*/g, ' ').split('\n').find((l) => l.startsWith('prometheus '));
    if (line) return line.split(/\s+/).slice(1);
  }
  throw new Error('monitoring/README.md starts no Prometheus');
}

/** Starts it; resolves with its URL once it listens. */
export async function startDocumentedPrometheus(bin: string, scratch: Scratch): Promise<string> {
  const args = documentedPrometheusArgs().map((a) =>
    a.startsWith('--storage.tsdb.path=') ? `--storage.tsdb.path=${scratch.tempDir('tsdb')}` : a.startsWith('--web.listen-address=') ? '--web.listen-address=127.0.0.1:0' : a,
  );
  const child = spawnChild(bin, args, scratch, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const port = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /msg="Listening on" address=127\.0\.0\.1:(\d+)/.exec(log);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`prometheus exited ${code}: ${log.slice(-500)}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if ((await fetch(`${url}/-/ready`).catch(() => null))?.ok) return url;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`prometheus at ${url} never became ready`);
}
