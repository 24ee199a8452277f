/** `lunar-sim load --url U --rate 50/s --duration 60s`: HTTP load on an interpretation endpoint. */
import { writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { ExitCode, UsageError } from '../errors.js';
import { runLoad, type LoadReport } from '../load/load-run.js';
import { durationArg, rateArg } from './arguments.js';

interface LoadArgs {
  url: string;
  rate: string;
  duration: string;
  requests?: number;
  connections?: number;
  seed: number;
  json?: string;
}

function format(r: LoadReport): string {
  const share = (n: number): string => `${((100 * n) / Math.max(1, r.requests)).toFixed(1)} %`;
  const lines = [
    `target    ${r.url}`,
    `requests  ${r.requests} in ${r.durationSeconds.toFixed(1)} s: ${r.throughput.toFixed(1)}/s (target ${r.targetRate}/s, ${r.connections} connections)`,
    `latency   ${(["p50", "p90", "p95", "p99", "max"] as const).map((k) => `${k} ${r.latencyMs[k].toFixed(1)} ms`).join("  ")}`,
    `status    ${Object.entries(r.statusCodes).map(([c, n]) => `${c}: ${n}`).join('  ') || 'none'}${r.errors ? `  errors: ${r.errors}` : ''}${r.timeouts ? `  timeouts: ${r.timeouts}` : ''}`,
    `sources   ${Object.entries(r.sources).sort().map(([s, n]) => `${s}: ${n} (${share(n)})`).join('  ') || 'none'}`,
  ];
  if (r.connectionBound) lines.push('warning   the target rate was not reached: every connection was waiting on an answer; raise --connections');
  return lines.join('\n');
}

export const loadCommand: CommandModule<object, LoadArgs> = {
  command: 'load',
  describe: 'Send interpretation requests at a fixed rate to the simulator or any API with the same contract',
  builder: (y) =>
    y
      .option('url', { type: 'string', demandOption: true, describe: 'API base URL, e.g. http://127.0.0.1:9464' })
      .option('rate', { type: 'string', default: '10/s', describe: 'requests per second (or /min)' })
      .option('duration', { type: 'string', default: '60s', describe: 'how long to send' })
      .option('requests', { type: 'number', describe: 'stop after this many requests instead' })
      .option('connections', { type: 'number', describe: 'concurrent connections (default: rate × 10 s, 10 to 1000)' })
      .option('seed', { type: 'number', default: 1, describe: 'seed of the request bodies' })
      .option('json', { type: 'string', describe: 'write the report as JSON here' }) as never,
  handler: async (argv) => {
    const rate = rateArg('rate', argv.rate);
    const durationMs = durationArg('duration', argv.duration, { positive: true });
    if (argv.requests !== undefined && !(Number.isInteger(argv.requests) && argv.requests > 0)) throw new UsageError('--requests must be a positive integer');
    let url: URL;
    try {
      url = new URL(argv.url);
    } catch {
      throw new UsageError(`--url ${argv.url}: not a URL`);
    }
    const report = await runLoad({
      url: url.href,
      rate,
      durationMs,
      requests: argv.requests,
      connections: argv.connections,
      seed: argv.seed,
      progress: process.stderr.isTTY ? process.stderr : undefined,
    });
    process.stdout.write(`${format(report)}\n`);
    if (argv.json) writeFileSync(argv.json, `${JSON.stringify(report, null, 2)}\n`);
    if (report.requests === 0) {
      process.stderr.write(`lunar-sim: no answer from ${report.url} (${report.errors} connection errors)\n`);
      process.exitCode = ExitCode.cannotRun;
    }
  },
};
