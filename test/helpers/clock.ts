// The time a CLI process started by a test sees (test/fixtures/frozen-clock.mjs).
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const PRELOAD = pathToFileURL(path.resolve(__dirname, '../fixtures/frozen-clock.mjs')).href;

/** Environment for a child process whose `Date.now()` is frozen at `epochMs`. */
export function frozenAt(epochMs: number): Record<string, string> {
  const inherited = process.env.NODE_OPTIONS ? `${process.env.NODE_OPTIONS} ` : '';
  return { NODE_OPTIONS: `${inherited}--import=${PRELOAD}`, WAYMARK_TEST_NOW: String(epochMs) };
}

const FILE_PRELOAD = pathToFileURL(path.resolve(__dirname, '../fixtures/file-clock.mjs')).href;

/** Environment for a child process whose `Date.now()` is the number in `file` (rewrite it to move time). */
export function clockFile(file: string): Record<string, string> {
  const inherited = process.env.NODE_OPTIONS ? `${process.env.NODE_OPTIONS} ` : '';
  return { NODE_OPTIONS: `${inherited}--import=${FILE_PRELOAD}`, WAYMARK_TEST_CLOCK_FILE: file };
}
