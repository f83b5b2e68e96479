// ls, set, get: listing secrets (never values), writing a new version, reading a value.
import type { Command } from 'commander';
import { NotFoundError, RefusedError } from '../../domain/errors.js';
import type { Purpose, SecretKind, SecretType } from '../../domain/model.js';
import { PURPOSES, SECRET_KINDS, SECRET_TYPES } from '../../domain/model.js';
import { setSecret } from '../../domain/operations.js';
import type { SecretMetaPatch } from '../../domain/operations.js';
import { currentVersion, findApp, findEnv, findSecret, findVersion, listApps } from '../../domain/queries.js';
import { secretId } from '../../domain/ids.js';
import { formatAddress, parseCount, parseScope, parseSecretAddress, parseVersionNumber } from '../address.js';
import type { Cli } from '../cli.js';
import { renderTable, sanitizeValue } from '../output.js';
import { SECRET_COLUMNS, secretJson, secretRow, secretsInScope } from '../present.js';
import { UsageError } from '../usage.js';
import { collect, vaultCommand } from './common.js';

export function registerSecretCommands(program: Command, cli: Cli): void {
  const { io } = cli;

  vaultCommand(program, 'ls', 'list secrets: key, current version, type, kind, state, age (never values)')
    .argument('[scope]', 'APP or APP/ENV; everything when left out')
    .option('--json', 'print JSON for scripts')
    .addHelpText('after', '\nExamples:\n  coffer ls\n  coffer ls api/production\n  coffer ls shared --json | jq -r \'.[].key\'')
    .action(async (scopeText: string | undefined, options: { json?: boolean }, command: Command) => {
      const scope = parseScope(scopeText);
      await cli.withSession(command, async (session) => {
        const { state } = session;
        let apps = listApps(state);
        if (scope.app !== undefined) {
          const app = findApp(state, scope.app);
          if (scope.env !== undefined) findEnv(app, scope.env);
          apps = [app];
        }
        const listings = secretsInScope(state, apps, scope.env);
        if (options.json) {
          io.json(listings.map((listing) => secretJson(listing, cli.now)));
          return;
        }
        if (listings.length === 0) {
          const where = scope.app === undefined ? 'this vault' : [scope.app, scope.env].filter(Boolean).join('/');
          io.note(`No secrets in ${where} yet. Add one: coffer set APP/ENV/KEY`);
          return;
        }
        const show = { app: scope.app === undefined, env: scope.env === undefined };
        const header = [...(show.app ? ['APP'] : []), ...(show.env ? ['ENV'] : []), ...SECRET_COLUMNS];
        io.print(renderTable(header, listings.map((l) => secretRow(l, show, cli.now, io.out)), io.out));
      });
    });

  vaultCommand(program, 'set', 'write a new version of a secret (creating it if needed)')
    .argument('<address>', 'APP/ENV/KEY (shared/ENV/KEY for the shared scope)')
    .argument('[value]', "the value; read from stdin when left out or '-' (safer: argv lands in shell history and ps)")
    .option('--type <type>', `${SECRET_TYPES.join(' | ')} (new secrets: secret; sealed can never change back)`)
    .option('--kind <kind>', `${SECRET_KINDS.join(' | ')} (new secrets: env)`)
    .option('--purpose <purpose>', PURPOSES.join(' | '))
    .option('--comment <text>', 'a note for operators (never put values here)')
    .option('--tag <tag>', 'a tag; repeat for more; replaces the existing tags', collect)
    .option('--path <path>', 'where the secret belongs, e.g. /db/primary (default /)')
    .option('--rotate-days <n>', 'rotate every N days; 0 clears the policy')
    .option('--max-versions <n>', 'versions to keep (default 10); the oldest beyond that are dropped')
    .option('--expect-version <n>', 'check-and-set: fail unless the current version is N (0 = must not exist yet)')
    .option('--keep-newline', 'store stdin byte for byte, without removing a trailing newline (PEM files)')
    .option('--personal', 'team vaults: a value only you see, used over the shared one by your run, get and TUI')
    .addHelpText(
      'after',
      [
        '',
        'The value comes from stdin unless given as an argument. From a pipe or file, exactly one',
        'trailing newline is removed (what echo and editors add) unless --keep-newline; on a',
        'terminal it is asked for without echo. A value given as an argument works but warns: it',
        'is visible in your shell history and to other processes (ps).',
        '',
        'Examples:',
        "  printf %s \"$TOKEN\" | coffer set api/production/STRIPE_KEY",
        '  coffer set api/staging/DATABASE_URL < url.txt --comment "primary, read-write"',
        '  coffer set shared/production/SENTRY_DSN --type config',
        '  coffer set api/production/TLS_CERT --kind tls --keep-newline < cert.pem',
      ].join('\n'),
    )
    .action(async (addressText: string, valueArg: string | undefined, options: SetOptions, command: Command) => {
      const address = parseSecretAddress(addressText);
      const meta = metaPatch(options);
      const expectedVersion = options.expectVersion === undefined ? undefined : parseCount(options.expectVersion, '--expect-version');
      const fromArgv = valueArg !== undefined && valueArg !== '-';
      if (fromArgv) {
        io.warn('the value was given on the command line: it is now in your shell history and was visible to other processes (ps). Prefer stdin.');
      }
      await cli.withSession(command, async (session, unlocked) => {
        // Fail on an unknown app or environment before asking for the value.
        findEnv(findApp(session.state, address.app), address.env);
        if (options.personal) {
          if (!unlocked.team) throw new UsageError('--personal is for team vaults (--team TEAM or COFFER_TEAM): a local vault is yours alone already.');
          if (meta && Object.keys(meta).length > 0) throw new UsageError('A personal value has no metadata of its own; set --type, --comment and the like on the shared secret.');
          const shared = session.state.secrets[secretId(address.app, address.env, address.key)];
          if (!shared) throw new NotFoundError(`${formatAddress(address)} does not exist, so there is nothing to override.`, 'Create the shared secret first; your personal value then overrides it for you.');
          const personal = fromArgv ? valueArg : await readValue(cli, formatAddress(address), options.keepNewline === true);
          await unlocked.team.setPersonal(address.app, address.env, address.key, personal);
          io.print(`${formatAddress(address)}: your personal value (overrides shared v${currentVersion(shared)?.n ?? '?'} for you only)`);
          return;
        }
        const value = fromArgv ? valueArg : await readValue(cli, formatAddress(address), options.keepNewline === true);
        const result = await session.apply((state, context) =>
          setSecret(state, context, { ...address, value, meta, ...(expectedVersion !== undefined && { expectedVersion }) }),
        );
        const secret = session.state.secrets[secretId(address.app, address.env, address.key)];
        const n = secret ? currentVersion(secret)?.n : undefined;
        const created = result.audit.some((entry) => entry.detail === 'created');
        io.print(`${formatAddress(address)}: v${n}${created ? ' (new secret)' : ''}`);
        for (const entry of result.audit) {
          if (entry.action === 'version.prune') io.note(`Pruned ${entry.detail}.`);
        }
      });
    });

  vaultCommand(program, 'get', 'print a secret\'s value')
    .argument('<address>', 'APP/ENV/KEY')
    .option('--version <n>', 'a past version instead of the current one')
    .addHelpText(
      'after',
      [
        '',
        'Prints exactly the value with no newline added when stdout is a pipe or file, so',
        '`coffer get a/b/K > file` keeps the bytes as stored; on a terminal a newline follows it',
        'and control characters are shown escaped. Sealed secrets are never printed.',
        '',
        'Examples:',
        '  export DATABASE_URL="$(coffer get api/production/DATABASE_URL)"',
        '  coffer get api/production/STRIPE_KEY --version 3',
      ].join('\n'),
    )
    .action(async (addressText: string, options: { version?: string }, command: Command) => {
      const address = parseSecretAddress(addressText);
      const wanted = options.version === undefined ? undefined : parseVersionNumber(options.version);
      await cli.withSession(command, async (session, unlocked) => {
        const where = formatAddress(address);
        const secret = findSecret(session.state, address.app, address.env, address.key);
        // On a team vault, your personal value stands in for the current version (not a past one).
        const personal = wanted === undefined && unlocked.team ? (await unlocked.team.personal()).get(secretId(address.app, address.env, address.key)) : undefined;
        if (personal) {
          io.note(`coffer: ${where}: your personal value (overrides shared v${currentVersion(secret)?.n ?? '?'}).`);
          writeValue(cli, personal.value);
          return;
        }
        if (secret.type === 'sealed') {
          throw new RefusedError(
            `${where} is sealed: its value is never shown after saving.`,
            '`coffer run` can still inject it into a program\'s environment.',
          );
        }
        const current = currentVersion(secret);
        const version = wanted === undefined ? current : findVersion(secret, wanted);
        if (!version) {
          const known = secret.versions.map((v) => `v${v.n}`).join(', ');
          throw new NotFoundError(`${where} has no v${wanted}.`, `Its versions: ${known || 'none'} (see \`coffer versions ${where}\`).`);
        }
        const label = wanted === undefined ? `its current version v${version.n}` : `v${version.n}`;
        if (version.state === 'deleted') {
          throw new NotFoundError(
            `${where}: ${label} is deleted.`,
            `Bring it back with \`coffer undelete ${where} --version ${version.n}\`${wanted === undefined ? ', or set a new value' : ''}.`,
          );
        }
        if (version.state === 'destroyed' || version.value === null) {
          throw new NotFoundError(`${where}: ${label} was destroyed; its value is gone.`, `See \`coffer versions ${where}\`.`);
        }
        writeValue(cli, version.value);
      });
    });
}

/** A value on stdout: the exact bytes to a pipe or file; escaped, with a newline, on a terminal. */
function writeValue(cli: Cli, value: string): void {
  const stdout = cli.deps.terminal.stdout;
  if (stdout.isTTY) {
    const shown = sanitizeValue(value);
    stdout.write(`${shown}\n`);
    if (shown !== value) cli.io.note('coffer: the value holds control characters, shown escaped here; pipe it to get the raw bytes.');
  } else {
    stdout.write(value);
  }
}

interface SetOptions {
  personal?: boolean;
  type?: string;
  kind?: string;
  purpose?: string;
  comment?: string;
  tag?: string[];
  path?: string;
  rotateDays?: string;
  maxVersions?: string;
  expectVersion?: string;
  keepNewline?: boolean;
}

/** Turns set's flags into the domain's metadata patch; the domain validates the values. */
function metaPatch(options: SetOptions): SecretMetaPatch | undefined {
  const patch: SecretMetaPatch = {};
  if (options.type !== undefined) patch.type = options.type as SecretType;
  if (options.kind !== undefined) patch.kind = options.kind as SecretKind;
  if (options.purpose !== undefined) patch.purpose = options.purpose as Purpose;
  if (options.comment !== undefined) patch.comment = options.comment;
  if (options.tag !== undefined) patch.tags = options.tag;
  if (options.path !== undefined) patch.path = options.path;
  if (options.rotateDays !== undefined) {
    const days = parseCount(options.rotateDays, '--rotate-days');
    patch.rotation = days === 0 ? null : { everyDays: days };
  }
  if (options.maxVersions !== undefined) patch.maxVersions = parseCount(options.maxVersions, '--max-versions', 1);
  return Object.keys(patch).length ? patch : undefined;
}

/**
 * The value from stdin: on a terminal, asked without echo; from a pipe or file, all of it with
 * exactly one trailing newline removed (unless keepNewline). An empty value from stdin is
 * refused: it is far more often a failed command upstream than an intended empty secret.
 */
async function readValue(cli: Cli, where: string, keepNewline: boolean): Promise<string> {
  const terminal = cli.deps.terminal;
  if (terminal.stdinIsTTY) {
    const value = await terminal.prompt(`Value for ${where} (hidden): `, { echo: false });
    if (value === '') throw new UsageError('No value typed; nothing was changed.');
    return value;
  }
  const text = await terminal.readStdin();
  const value = !keepNewline && text.endsWith('\n') ? text.slice(0, -1) : text;
  if (value === '') {
    throw new UsageError(
      'stdin was empty; nothing was changed.',
      "Pipe the value in (printf %s \"$VALUE\" | coffer set …), or pass '' as the value argument to store an empty one.",
    );
  }
  return value;
}
