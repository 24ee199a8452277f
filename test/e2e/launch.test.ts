/**
 * `npm start` and `npx lunar-sim` put npm (and, for npx, a shell) between the user and the simulator: stopping the
 * wrapper must stop the simulator and free its port, however the wrapper is stopped.
 */
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startProcess, type RunningCli } from '../support/cli.js';
import { killMentioning, processesMentioning, untilEmpty } from '../support/processes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let seed = 90_000 + (process.pid % 1000) * 10;
/** A seed no other test uses: it marks this test's simulator in the process table. */
const marker = (): string => `--seed ${++seed}`;
afterEach(() => killMentioning(`--seed ${seed}`));

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function startWrapped(command: string, args: string[]): Promise<{ wrapper: RunningCli; port: number; mark: string }> {
  const mark = marker();
  const wrapper = startProcess(command, [...args, '--port', '0', ...mark.split(' ')], { cwd: ROOT, detached: true });
  const [, port] = await wrapper.waitFor(/metrics:\s+http:\/\/127\.0\.0\.1:(\d+)\/metrics/, 60_000);
  expect(processesMentioning(mark).length).toBeGreaterThan(0);
  expect(await portAnswers(Number(port))).toBe(true);
  return { wrapper, port: Number(port), mark };
}

/** Waits (bounded) until nothing carries the marker, then checks the port is closed. */
async function expectGone(mark: string, port: number): Promise<void> {
  expect(await untilEmpty(() => processesMentioning(mark))).toEqual([]);
  expect(await portAnswers(port)).toBe(false);
}

describe('stopping the wrapper stops the simulator', () => {
  it('npm start, SIGTERM to npm: the simulator stops cleanly and npm exits 0', async () => {
    const { wrapper, port, mark } = await startWrapped('npm', ['start', '--']);
    wrapper.child.kill('SIGTERM');
    expect(await wrapper.exited).toBe(0);
    expect(wrapper.output()).toMatch(/stopped \(SIGTERM\) after \d+ generations/);
    await expectGone(mark, port);
  });

  it('npm start, Ctrl-C (SIGINT to the process group, which npm also forwards): one clean stop, exit 0', async () => {
    const { wrapper, port, mark } = await startWrapped('npm', ['start', '--']);
    process.kill(-wrapper.child.pid!, 'SIGINT');
    expect(await wrapper.exited).toBe(0);
    expect(wrapper.output()).toMatch(/stopped \(SIGINT\) after \d+ generations/);
    await expectGone(mark, port);
  });

  it('npm start, SIGKILL to npm: the simulator notices and stops', async () => {
    const { wrapper, port, mark } = await startWrapped('npm', ['start', '--']);
    wrapper.child.kill('SIGKILL');
    await wrapper.exited;
    await expectGone(mark, port);
  });

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`npx lunar-sim run, ${signal} to npx (whose shell does not pass signals on): the simulator stops`, async () => {
      const { wrapper, port, mark } = await startWrapped('npx', ['--no', '--', 'lunar-sim', 'run', 'baseline']);
      wrapper.child.kill(signal);
      await wrapper.exited;
      await expectGone(mark, port);
    });
  }
});
