import type { Command } from 'commander';
import { formatProblem, hasErrors } from '../../../shared/spec/problems';
import { loadSpecText } from '../../../shared/spec/load';
import { builtinRegistry } from '../../engine/nodes';
import { EXIT } from '../exit-codes';
import { readTextFile } from '../io';
import { globalOptions } from '../session';

/** `waymark validate <spec>`: every problem at once, each with its JSON path and a hint. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a spec: schema, references, graph (all problems at once)')
    .argument('<spec>', 'path to a *.waymark.json file')
    .action((file: string, _o: unknown, cmd: Command) => {
      const opts = globalOptions(cmd);
      const result = loadSpecText(readTextFile(file, 'spec'), builtinRegistry());
      const errors = result.problems.filter((p) => p.severity === 'error').length;
      const warnings = result.problems.length - errors;
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ file, ok: result.ok, errors, warnings, migrated: result.migrated, problems: result.problems }, null, 2)}\n`,
        );
      } else {
        for (const p of result.problems) process.stderr.write(`${file}: ${formatProblem(p)}\n`);
        for (const m of result.migrated) process.stderr.write(`${file}: migrated ${m}\n`);
        process.stderr.write(
          hasErrors(result.problems)
            ? `✗ ${file}: ${errors} error(s), ${warnings} warning(s)\n`
            : `✓ ${file} is valid${warnings ? ` (${warnings} warning(s))` : ''}\n`,
        );
      }
      process.exitCode = result.ok ? EXIT.ok : EXIT.invalid;
    });
}
