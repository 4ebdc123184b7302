/** Reading specs and inputs from the command line, with errors that say what and where. */
import { existsSync, readFileSync } from 'node:fs';
import { CliError, EXIT } from './exit-codes';

export function readTextFile(file: string, what: string): string {
  if (!existsSync(file)) throw new CliError(`${what} "${file}" does not exist`, EXIT.invalid);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${what} "${file}": ${(e as Error).message}`, EXIT.invalid);
  }
}

/** `--input` takes inline JSON (starting with `{` or `[`) or a path to a JSON file. */
export function parseInputArg(arg: string | undefined, flag = '--input'): unknown {
  if (arg === undefined) return {};
  const inline = /^\s*[[{]/.test(arg);
  const text = inline ? arg : readTextFile(arg, `${flag} file`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(
      `${flag}${inline ? '' : ` file "${arg}"`} is not valid JSON: ${(e as Error).message}`,
      EXIT.invalid,
    );
  }
}
