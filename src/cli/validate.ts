/** `lunar-sim validate <file...>`: checks scenario files, every problem of every file at once. */
import type { CommandModule } from 'yargs';
import { ExitCode, ScenarioInvalidError } from '../errors.js';
import { loadScenario } from '../scenario/catalogue.js';

export const validateCommand: CommandModule<object, { files: string[] }> = {
  command: 'validate <files..>',
  describe: 'Validate scenario files (or names); exit 1 when any has a problem',
  builder: (y) => y.positional('files', { type: 'string', array: true, demandOption: true }),
  handler: (argv) => {
    let failed = 0;
    for (const file of argv.files) {
      try {
        const s = loadScenario(file);
        process.stdout.write(`${file}: ok (${s.name}, ${s.phases.length} phases)\n`);
      } catch (e) {
        if (!(e instanceof ScenarioInvalidError)) throw e;
        failed++;
        process.stderr.write(`${e.message}\n`);
      }
    }
    if (failed > 0) process.exitCode = ExitCode.findings;
  },
};
