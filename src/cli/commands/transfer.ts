// export, import: an environment's secrets out as dotenv / JSON / shell text, and .env files in
// as new versions. Quoting and parsing are the domain's (dotenv.ts), so what export writes,
// import and a POSIX shell read back exactly.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { importEnvironment } from '../../domain/bulk.js';
import type { ImportResult } from '../../domain/bulk.js';
import { InvalidInputError } from '../../domain/errors.js';
import { formatEnvironment, parseDotenv } from '../../domain/dotenv.js';
import type { DotenvParseResult, ExportFormat } from '../../domain/dotenv.js';
import { resolveEnvironment } from '../../domain/resolve.js';
import { parseEnvAddress, parseList } from '../address.js';
import type { Cli } from '../cli.js';
import { sanitizeValue } from '../output.js';
import { UsageError } from '../usage.js';
import { vaultCommand } from './common.js';

const FORMATS: readonly ExportFormat[] = ['dotenv', 'json', 'shell'];

export function registerTransferCommands(program: Command, cli: Cli): void {
  const { io } = cli;

  vaultCommand(program, 'export', "print an environment's resolved secrets (shared ones included) as dotenv, JSON or shell")
    .argument('<scope>', 'APP/ENV (shared/ENV for the shared scope alone)')
    .option('--format <format>', FORMATS.join(' | '), 'dotenv')
    .option('--only <keys>', 'comma-separated keys; fails listing every one that is missing')
    .addHelpText(
      'after',
      [
        '',
        "The environment as `coffer run` would give it to a program: the shared scope's secrets of",
        "that environment, overridden by the app's own; deleted secrets are left out. Export hands",
        'secrets to programs, so sealed secrets ARE exported, like run injects them; file and tls',
        'secrets are exported as their content.',
        '',
        'Formats (keys sorted):',
        '  dotenv  KEY="value" with \\n \\r \\t \\" \\\\ \\$ \\` escaped: read back by coffer import and',
        '          by the usual dotenv libraries',
        "  shell   export KEY='value' in POSIX single quotes: `. file` or eval in sh, bash, zsh",
        '  json    one object {"KEY": "value"}',
        'A value holding a NUL byte can only be exported as json.',
        '',
        'The values go to stdout. On a terminal coffer warns (on stderr) and shows control',
        'characters escaped; redirect to a file or pipe for the exact bytes. A file made by the',
        'shell with `>` gets your umask: use `umask 077` first, or a private folder.',
        '',
        'Examples:',
        '  (umask 077; coffer export api/staging > .env)',
        '  coffer export api/production --format json --only DATABASE_URL,REDIS_URL | jq .',
        '  eval "$(coffer export api/development --format shell)"',
      ].join('\n'),
    )
    .action(async (scopeText: string, options: { format: string; only?: string }, command: Command) => {
      const { app, env } = parseEnvAddress(scopeText);
      const format = parseFormat(options.format);
      const only = options.only === undefined ? undefined : parseList(options.only);
      const text = await cli.withSession(command, async (session) => {
        const secrets = resolveEnvironment(session.state, app, env, only ? { only } : {});
        return formatEnvironment(secrets.map(({ key, value }) => ({ key, value })), format);
      });
      const stdout = cli.deps.terminal.stdout;
      if (!stdout.isTTY) {
        stdout.write(text);
        return;
      }
      io.warn(`printing the secret values of ${app}/${env} on the terminal; redirect to a file or pipe to keep them off the screen.`);
      const shown = sanitizeValue(text);
      stdout.write(shown);
      if (shown !== text) io.note('coffer: some values hold control characters, shown escaped here; redirect to get the exact bytes.');
    });

  vaultCommand(program, 'import', 'write the entries of a .env file into an environment, each changed key as a new version')
    .argument('<scope>', 'APP/ENV to write to (shared/ENV for the shared scope)')
    .argument('<file>', "the .env file, or '-' for stdin")
    .option('--dry-run', 'report what would change and write nothing')
    .option('--json', 'print the report as JSON for scripts')
    .addHelpText(
      'after',
      [
        '',
        'Reads .env syntax: KEY=value lines, blank lines and # comments, an optional `export `',
        'prefix, single quotes (literal), double quotes (with \\n \\t \\" \\\\ \\$ escapes), values',
        "over several lines inside quotes, and shell-style joined quotes ('it'\\''s'), so files from",
        '`coffer export` (any format but json) come back unchanged.',
        '',
        'A key whose current value is already the same is left alone (unchanged); every other one',
        'gets a new version with origin "import" (added, or changed). Keys not in the file are not',
        'touched. All the new versions are written in one step: if the file has an invalid line',
        '(reported with its number) or someone else changes one of these secrets meanwhile,',
        'nothing is written. A key defined twice takes its last value, with a warning.',
        '',
        'Examples:',
        '  coffer import api/staging .env --dry-run',
        '  coffer export api/staging | coffer import api/qa -',
      ].join('\n'),
    )
    .action(async (scopeText: string, file: string, options: { dryRun?: boolean; json?: boolean }, command: Command) => {
      const { app, env } = parseEnvAddress(scopeText);
      const source = file === '-' ? 'stdin' : file;
      const parsed = parseFile(await readSource(cli, file), source);
      for (const key of parsed.duplicates) io.warn(`${key} is defined more than once in ${source}; the last definition is used.`);
      const dryRun = options.dryRun === true;
      const result = await cli.withSession(command, async (session) => {
        const outcome = importEnvironment(session.state, session.context, app, env, parsed.entries, { dryRun });
        if (!dryRun && outcome.mutation.changes.length > 0) await session.apply(() => outcome.mutation);
        return outcome;
      });
      if (options.json) {
        io.json({ app, env, dryRun, added: result.added, changed: result.changed, unchanged: result.unchanged, duplicates: parsed.duplicates });
        return;
      }
      io.print(importReport(`${app}/${env}`, result, dryRun));
    });
}

function parseFormat(text: string): ExportFormat {
  if ((FORMATS as readonly string[]).includes(text)) return text as ExportFormat;
  throw new UsageError(`${JSON.stringify(text)} is not an export format.`, `Use one of ${FORMATS.join(', ')}.`);
}

/** The file's text; it must be UTF-8 (a binary file is a mistake, not a set of values). */
async function readSource(cli: Cli, file: string): Promise<string> {
  if (file === '-') return cli.deps.terminal.readStdin();
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new UsageError(`Could not read ${file}: ${code}.`, "Give the path of a .env file, or '-' to read stdin.");
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${file} is not UTF-8 text.`);
  }
}

function parseFile(text: string, source: string): DotenvParseResult {
  try {
    return parseDotenv(text);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      throw new InvalidInputError(`${source}, ${error.message}. Nothing was imported.`, 'Fix that line and run the import again.');
    }
    throw error;
  }
}

function importReport(where: string, result: ImportResult, dryRun: boolean): string {
  const { added, changed, unchanged } = result;
  const head = dryRun
    ? `${where} (dry run, nothing written): would add ${added.length}, change ${changed.length}; ${unchanged.length} unchanged`
    : `${where}: ${added.length} added, ${changed.length} changed, ${unchanged.length} unchanged`;
  const lines = [head];
  for (const [label, keys] of [['added', added], ['changed', changed], ['unchanged', unchanged]] as const) {
    if (keys.length) lines.push(`  ${label.padEnd(10)} ${keys.join(', ')}`);
  }
  return lines.join('\n');
}
