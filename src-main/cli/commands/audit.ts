import { closeSync, openSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import type { ChainHead } from '../../storage/audit-chain';
import {
  AuditExportError,
  exportAudit,
  parseAuditExport,
  verifyAudit,
  type VerifyAgainst,
} from '../../storage/audit-export';
import { CliError, EXIT } from '../exit-codes';
import { readTextFile } from '../io';
import { openSession } from '../session';

/** `--head` takes a 64-hex hash, or a file: an export (its head line) or a head JSON. */
function headArg(arg: string): VerifyAgainst['head'] {
  if (/^[0-9a-f]{64}$/.test(arg)) return { hash: arg };
  try {
    const parsed = parseAuditExport(readTextFile(arg, '--head file'), arg);
    if (!parsed.head)
      throw new CliError(`${arg} records an empty log: there is no head to check against`, EXIT.invalid);
    return parsed.head;
  } catch (e) {
    if (e instanceof AuditExportError) throw new CliError(e.message, EXIT.invalid);
    throw e;
  }
}

function againstArg(file: string): VerifyAgainst {
  try {
    const parsed = parseAuditExport(readTextFile(file, '--against file'), file);
    return { entries: parsed.entries, ...(parsed.head ? { head: parsed.head } : {}) };
  } catch (e) {
    if (e instanceof AuditExportError) throw new CliError(e.message, EXIT.invalid);
    throw e;
  }
}

/** `waymark audit verify|export`: check and export the tamper-evident audit log. */
export function registerAudit(program: Command): void {
  const audit = program
    .command('audit')
    .description('the tamper-evident audit log: verify the hash chain, export it as JSONL');

  audit
    .command('verify')
    .description('recompute the hash chain; exit 0 when intact, 1 when tampered (naming the first bad entry)')
    .option(
      '--head <hash|file>',
      'also check against a chain head exported earlier (catches a truncated or rebuilt log)',
    )
    .option('--against <export.jsonl>', 'also compare with every entry of an earlier export, and its head')
    .action((o: { head?: string; against?: string }, cmd: Command) => {
      const against: VerifyAgainst = {
        ...(o.against ? againstArg(o.against) : {}),
        ...(o.head ? { head: headArg(o.head) } : {}),
      };
      const s = openSession(cmd, false, 'read');
      try {
        const r = verifyAudit(s.runtime.store.audit, against);
        if (s.opts.json) s.out(JSON.stringify(r, null, 2));
        if (r.ok) {
          if (!s.opts.json)
            s.err(
              `✓ audit log intact: ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'}${r.head ? `, head #${r.head.seq} ${r.head.hash}` : ''}${against.head || against.entries ? ', consistent with the export' : ''}`,
            );
          return;
        }
        if (!s.opts.json) s.err(`✗ audit log tampered: first bad entry #${r.problem.seq}: ${r.problem.message}`);
        process.exitCode = EXIT.failed;
      } finally {
        s.runtime.close();
      }
    });

  audit
    .command('export')
    .description('write the audit log as JSON Lines, ending with a {"head": {seq, hash}} line')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--run <runId>', "only this run's entries (the head line is still the whole chain's)")
    .action((o: { out?: string; run?: string }, cmd: Command) => {
      const s = openSession(cmd, false, 'read');
      let fd: number | undefined;
      try {
        if (o.out) fd = openSync(o.out, 'w');
        const out = fd;
        const writeLine = out === undefined ? (l: string) => s.out(l) : (l: string) => void writeSync(out, `${l}\n`);
        const r: { entries: number; head: ChainHead | null } = exportAudit(
          s.runtime.store.audit,
          writeLine,
          o.run ? { runId: o.run } : {},
        );
        if (!s.opts.quiet)
          s.err(
            `exported ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'}${r.head ? `; head #${r.head.seq} ${r.head.hash}` : ' (empty log)'}${o.out ? ` to ${o.out}` : ''}`,
          );
      } finally {
        if (fd !== undefined) closeSync(fd);
        s.runtime.close();
      }
    });
}
