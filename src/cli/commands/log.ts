// log: the audit log (who did what, when, to what — never values), and --verify for its chain.
import type { Command } from 'commander';
import { CofferError } from '../../domain/errors.js';
import type { AuditQuery } from '../../domain/ports.js';
import { parseCount, parseScope } from '../address.js';
import type { Cli } from '../cli.js';
import { renderTable } from '../output.js';
import { LOG_COLUMNS, auditRow } from '../present.js';
import { vaultCommand } from './common.js';

export function registerLogCommand(program: Command, cli: Cli): void {
  const { io } = cli;
  vaultCommand(program, 'log', 'show the audit log, oldest first (never values)')
    .argument('[scope]', 'APP or APP/ENV; the whole vault when left out')
    .option('--json', 'print JSON for scripts')
    .option('-n, --limit <n>', 'only the newest N entries')
    .option('--verify', 'check the hash chain of the whole log; exit 7 if it is broken')
    .addHelpText('after', '\nExamples:\n  coffer log api/production -n 20\n  coffer log --verify')
    .action(async (scopeText: string | undefined, options: { json?: boolean; limit?: string; verify?: boolean }, command: Command) => {
      const scope = parseScope(scopeText);
      const limit = options.limit === undefined ? undefined : parseCount(options.limit, '--limit', 1);
      await cli.withSession(command, async (session) => {
        const repository = session.repository;
        if (options.verify) {
          const report = await repository.verifyAudit();
          if (options.json) io.json(report);
          if (!report.ok) {
            throw new CofferError(
              'integrity',
              `The audit log is broken at entry ${report.brokenAt}: ${report.reason}.`,
              'The history was edited outside coffer. Compare with your backups of the vault file.',
            );
          }
          if (!options.json) io.print(`Audit log intact: ${report.entries} entries, hash chain verified.`);
          return;
        }
        const query: AuditQuery = {};
        if (scope.app !== undefined) query.app = scope.app;
        if (scope.env !== undefined) query.env = scope.env;
        if (limit !== undefined) query.limit = limit;
        const entries = await repository.readAudit(query);
        if (options.json) {
          io.json(entries);
          return;
        }
        if (entries.length === 0) {
          io.note('No audit entries match.');
          return;
        }
        io.print(renderTable(LOG_COLUMNS, entries.map(auditRow), io.out));
      });
    });
}
