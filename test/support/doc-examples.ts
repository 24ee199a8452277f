/**
 * The command lines the documentation shows (README.md, monitoring/README.md, SECURITY.md, docs/*.md): every line of
 * a code block that runs `lunar-sim` (or `npx lunar-sim`), continuation lines joined, its comment and a trailing `&`
 * removed. Synopses with placeholders (`[--flag]`, `<file>`, `…`) are left out: they are not meant to be pasted.
 */
import { readFileSync, readdirSync } from 'node:fs';
import yargs from 'yargs';
import { COMMANDS } from '../../src/cli/commands.js';

export const DOC_FILES = ['README.md', 'monitoring/README.md', 'SECURITY.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

export interface DocExample {
  file: string;
  line: string;
  args: string[];
}

/** Shell words of a simple command line (quotes, no expansion). */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** The text of each fenced code block, whatever its language: fences are paired in order, never across blocks. */
export function codeBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let current: string[] | null = null;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) {
      if (current) blocks.push(current.join('\n'));
      current = current ? null : [];
    } else current?.push(line);
  }
  return blocks;
}

export function docExamples(): DocExample[] {
  const examples: DocExample[] = [];
  for (const file of DOC_FILES) {
    for (const block of codeBlocks(readFileSync(file, 'utf8'))) {
      const lines = block.replace(/\\\n\s*/g, ' ').split('\n');
      for (const raw of lines) {
        const m = /^(?:\$ )?(?:npx )?lunar-sim (.*)$/.exec(raw.trim());
        if (!m) continue;
        const line = m[1].replace(/\s+#.*$/, '').replace(/\s*&$/, '').trim();
        if (/[[\]<>|…]|\.\.\.|\$\(/.test(line.replace(/\d+\.\.\d+/g, ''))) continue;
        examples.push({ file, line: `lunar-sim ${line}`, args: words(line) });
      }
    }
  }
  return examples;
}

/**
 * What yargs makes of `args` with lunar-sim's own commands and options (their real builders, strict), without running
 * anything: the parsed arguments, or the usage error.
 */
export async function parseOnly(args: string[]): Promise<{ argv?: Record<string, unknown>; error?: string }> {
  let parsed: Record<string, unknown> | undefined;
  try {
    const cli = yargs(args).scriptName('lunar-sim').locale('en').exitProcess(false).strict().demandCommand(1);
    for (const entry of COMMANDS) {
      cli.command({
        command: entry.command,
        describe: entry.describe,
        builder: async (y) => {
          const { builder } = await entry.load();
          return typeof builder === 'function' ? await builder(y) : y.options(builder ?? {});
        },
        handler: (argv) => void (parsed = argv),
      });
    }
    await cli.fail((msg, err) => {
      throw err ?? new Error(msg);
    }).parseAsync();
  } catch (e) {
    return { error: (e as Error).message };
  }
  return { argv: parsed };
}
