// team: create, join and administer a team vault on etcd. Everything but the commander wiring
// lives in src/team, loaded on first use, so a run on the local vault never loads it.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CofferError, RefusedError } from '../../domain/errors.js';
import { newVaultRecords } from '../../domain/operations.js';
import type { RecordChange, RecordId, Revision, VaultRecord } from '../../domain/ports.js';
import { parseEnvAddress } from '../address.js';
import type { Cli } from '../cli.js';
import { newPassphrase } from '../passphrase.js';
import { PASSPHRASE_FILE_VAR, PASSPHRASE_VAR, passphraseFromEnv, unlockVault } from '../unlock.js';
import { UsageError } from '../usage.js';
import { printRecoveryCode } from './keys.js';

type TeamModule = typeof import('../../team/index.js');
type RoleSync = import('../../team/etcd-roles.js').RoleSync;

const TEAM_HELP = 'the team (default: $COFFER_TEAM, else the only team configured here)';

function endpointsOf(text: string): string[] {
  const endpoints = text.split(',').map((e) => e.trim()).filter(Boolean);
  if (endpoints.length === 0) throw new UsageError('--etcd needs at least one URL.', 'For example --etcd http://10.0.0.1:2379,http://10.0.0.2:2379');
  return endpoints;
}

/** Says what became of the etcd role behind a grant, revoke or init (nothing when auth is off). */
function sayRoleSync(io: Cli['io'], sync: RoleSync, joinRole = false): void {
  const { print, note } = roleSyncLines(sync, joinRole);
  for (const line of print) io.print(line);
  for (const line of note) io.note(line);
}

function roleSyncLines(sync: RoleSync, joinRole = false): { print: string[]; note: string[] } {
  switch (sync.state) {
    case 'off':
      return { print: [], note: [] };
    case 'synced':
      if (joinRole) return { print: [`etcd: role ${sync.role} lets new members' etcd users file a join request.`], note: [] };
      if (sync.userMissing) {
        return {
          print: [`etcd: role ${sync.role} matches ${sync.user}'s keys.`],
          note: [`etcd has no user ${sync.user}: an etcd root creates it (etcdctl user add ${sync.user}) and gives it the role (etcdctl user grant-role ${sync.user} ${sync.role}).`],
        };
      }
      return { print: [`etcd: ${sync.user}'s role ${sync.role} matches their keys (${sync.granted} permission${sync.granted === 1 ? '' : 's'} added, ${sync.revoked} removed).`], note: [] };
    case 'not-allowed':
      return { print: [], note: [`Your etcd user may not manage roles, so etcd's role ${sync.role} was not changed. An etcd root can run:`, ...sync.commands.map((c) => `  ${c}`)] };
    case 'failed':
      return { print: [], note: [`etcd's role ${sync.role} was not updated (${sync.message}); run the command again to retry.`] };
  }
}

export function registerTeamCommands(program: Command, cli: Cli): void {
  const { io } = cli;
  const team = program
    .command('team')
    .description('team vaults on etcd: create, join, members, grant and revoke access, push and pull')
    .addHelpText(
      'after',
      [
        '',
        'A team vault lives on etcd, encrypted on each member\'s machine: one data key per',
        'environment, wrapped to the members granted it. Every command and the terminal UI work on',
        'it with --team TEAM (or COFFER_TEAM). Your member key stays in the OS keychain, or in a',
        `passphrase-protected file (${PASSPHRASE_FILE_VAR} / ${PASSPHRASE_VAR}) where there is none.`,
        '',
        'Examples:',
        '  coffer team init acme --etcd http://10.0.0.1:2379,http://10.0.0.2:2379,http://10.0.0.3:2379',
        '  coffer team join acme --etcd http://10.0.0.1:2379 --as deploy-eu',
        '  coffer team grant deploy-eu api/production',
        '  coffer --team acme run api/production -- ./deploy.sh',
      ].join('\n'),
    );
  const load = (): Promise<TeamModule> => cli.deps.teamModule();
  const memberName = (as: string | undefined) => as ?? cli.deps.context.actor;

  team
    .command('init')
    .description('create a team vault on etcd; you are its first admin')
    .argument('<team>', 'the team\'s name')
    .requiredOption('--etcd <urls>', 'etcd client URLs, comma-separated')
    .option('--as <member>', 'your member name (default: your OS user name)')
    .action(async (name: string, options: { etcd: string; as?: string }) => {
      const mod = await load();
      const env = cli.deps.env;
      const member = memberName(options.as);
      const entry = { name, endpoints: endpointsOf(options.etcd), member };
      const identity = await mod.generateIdentity();
      const store = mod.identityStoreFor(env);
      const saved = await store.save(name, member, identity);
      const client = await mod.connectEtcd(mod.connectionFromEnv(entry, env));
      let roleSync: RoleSync = { state: 'off' };
      try {
        const { repository, etcd } = await mod.initTeam({
          client,
          layout: mod.TeamLayout.forTeam(name),
          team: name,
          member,
          identity,
          initial: newVaultRecords({ ...cli.deps.context, actor: member }, cli.deps.newVaultId()),
          now: cli.deps.context.now,
        });
        await repository.close();
        roleSync = etcd;
      } catch (error) {
        await store.remove(name, member).catch(() => undefined);
        await client.close();
        throw error;
      }
      await mod.writeTeam(env, entry);
      io.print(`Created team vault ${name} on ${entry.endpoints.join(',')}; you are ${member}, its admin.`);
      io.print(`Your key: ${identity.fingerprint} (kept in ${saved.where === 'keychain' ? 'the OS keychain' : saved.path}).`);
      sayRoleSync(io, roleSync, true);
      io.note('Back it up now: `coffer team export-key FILE` (a lost key is not recoverable from the server).');
    });

  team
    .command('join')
    .description('ask to join a team vault: makes your key pair and files a request')
    .argument('<team>', 'the team\'s name')
    .requiredOption('--etcd <urls>', 'etcd client URLs, comma-separated')
    .option('--as <member>', 'your member name (default: your OS user name)')
    .action(async (name: string, options: { etcd: string; as?: string }) => {
      const mod = await load();
      const env = cli.deps.env;
      const member = memberName(options.as);
      const entry = { name, endpoints: endpointsOf(options.etcd), member };
      const store = mod.identityStoreFor(env);
      // Joining again (a lost request, a retry) keeps the key made the first time.
      let identity = await store.load(name, member).catch(() => undefined);
      let saved: { where: 'keychain' | 'file'; path?: string } | undefined;
      if (!identity) {
        identity = await mod.generateIdentity();
        saved = await store.save(name, member, identity);
      }
      const client = await mod.connectEtcd(mod.connectionFromEnv(entry, env));
      try {
        const result = await mod.joinTeam({ client, layout: mod.TeamLayout.forTeam(name), team: name, member, identity, now: cli.deps.context.now });
        await mod.writeTeam(env, entry);
        if (result.already === 'member') io.print(`You are already a member of ${name} as ${member}.`);
        else io.print(`Asked to join ${name} as ${member}.`);
        io.print(`Your key's fingerprint: ${result.fingerprint}`);
        if (result.already !== 'member') io.note(`An admin approves with \`coffer team grant ${member} APP/ENV\`, which shows the same fingerprint: compare it with them by phone or in person.`);
        if (saved) io.note(`Your key is kept in ${saved.where === 'keychain' ? 'the OS keychain' : saved.path}; back it up with \`coffer team export-key FILE\`.`);
      } finally {
        await client.close();
      }
    });

  team
    .command('members')
    .description('members, their access, and pending join requests')
    .option('--team <name>', TEAM_HELP)
    .option('--json', 'print JSON for scripts')
    .action(async (options: { team?: string; json?: boolean }) => {
      const mod = await load();
      const env = cli.deps.env;
      const entry = mod.chooseTeam(await mod.readTeams(env), options.team, env);
      const client = await mod.connectEtcd(mod.connectionFromEnv(entry, env));
      try {
        const membership = await mod.readMembership(client, mod.TeamLayout.forTeam(entry.name));
        const accessOf = (name: string) => [...membership.access].filter(([, row]) => row.members.includes(name)).map(([scope]) => scope).sort();
        const members = membership.members.map((m) => ({ name: m.name, role: m.role, fingerprint: m.fingerprint, access: accessOf(m.name), you: m.name === entry.member }));
        const requests = membership.requests.map((r) => ({ name: r.name, fingerprint: r.fingerprint, requestedAt: r.requestedAt }));
        if (options.json) {
          io.json({ team: entry.name, members, requests });
          return;
        }
        io.print(`Team ${entry.name} on ${entry.endpoints.join(',')}`);
        for (const m of members) {
          const envs = m.access.filter((scope) => scope !== '_team');
          io.print(`  ${m.name}${m.you ? ' (you)' : ''}  ${m.role}  ${m.fingerprint}  ${envs.length ? envs.join(' ') : 'no environments'}`);
        }
        if (requests.length) {
          io.print('Asking to join:');
          for (const r of requests) io.print(`  ${r.name}  ${r.fingerprint}  since ${r.requestedAt}`);
        }
      } finally {
        await client.close();
      }
    });

  /** Unlocks the team vault as its member, for commands that need the member's keys. */
  const withTeam = async <T>(flag: string | undefined, work: (mod: TeamModule, opened: Awaited<ReturnType<TeamModule['openTeamVault']>>) => Promise<T>): Promise<T> => {
    const mod = await load();
    const opened = await mod.openTeamVault(flag, cli.deps.env, cli.deps.context);
    let repository;
    try {
      ({ repository } = await unlockVault(opened.opener, io, cli.deps.env, { recovery: false, proveKnowledge: false }));
    } catch (error) {
      await opened.opener.close();
      throw error;
    }
    try {
      return await work(mod, opened);
    } finally {
      opened.console.dispose();
      await repository.close();
    }
  };

  team
    .command('grant')
    .description('approve a join request and give access to an environment (wraps its key)')
    .argument('<member>', 'who')
    .argument('<app/env>', 'the environment, e.g. api/production')
    .option('--admin', 'make them an admin too (admins grant and revoke)')
    .option('--team <name>', TEAM_HELP)
    .action(async (target: string, scopeText: string, options: { admin?: boolean; team?: string }) => {
      const { app, env } = parseEnvAddress(scopeText);
      await withTeam(options.team, async (mod, { opener }) => {
        const result = await mod.grant(opener.handle!, target, app, env, { admin: options.admin === true });
        io.print(`${result.approved ? 'Approved' : 'Granted'} ${target}: ${app}/${env}${options.admin ? ' (admin)' : ''}.`);
        io.print(`Their key's fingerprint: ${result.fingerprint} — check it matches what ${target} sees.`);
        sayRoleSync(io, result.etcd);
      });
    });

  team
    .command('revoke')
    .description('take an environment away: new key, records re-encrypted, values they saw flagged')
    .argument('<member>', 'who')
    .argument('<app/env>', 'the environment, e.g. api/production')
    .option('--team <name>', TEAM_HELP)
    .action(async (target: string, scopeText: string, options: { team?: string }) => {
      const { app, env } = parseEnvAddress(scopeText);
      await withTeam(options.team, async (mod, { opener, entry }) => {
        const result = await mod.revoke(opener.handle!, opener.repository!, { ...cli.deps.context, actor: entry.member }, target, app, env);
        io.print(`Revoked ${target}'s access to ${app}/${env}: re-encrypted under key generation ${result.generation}.`);
        if (result.flagged > 0) {
          io.print(`${result.flagged} secret${result.flagged === 1 ? '' : 's'} ${target} could read ${result.flagged === 1 ? 'is' : 'are'} tagged exposed:${target}: rotate them (coffer audit ${app} lists them).`);
        }
        sayRoleSync(io, result.etcd);
      });
    });

  team
    .command('push')
    .description('copy a local vault\'s apps and secrets into the team vault')
    .argument('<local-vault>', 'the local vault file')
    .option('--team <name>', TEAM_HELP)
    .action(async (path: string, options: { team?: string }) => {
      const local = await unlockVault(cli.deps.openerFor(path), io, cli.deps.env, { recovery: false, proveKnowledge: false });
      // Records are decoded on first read and wiped when the vault closes: read them all first.
      let records: Array<[RecordId, VaultRecord]>;
      try {
        records = [...(await local.repository.load()).records].map(([id, entry]) => [id, entry.record]);
      } finally {
        await local.repository.close();
      }
      await withTeam(options.team, async (_mod, { opener, entry }) => {
        const repository = opener.repository!;
        const there = await repository.load();
        const changes: RecordChange[] = [];
        const expected: Record<RecordId, Revision | null> = {};
        const clashes: string[] = [];
        for (const [id, record] of records) {
          if (record.type === 'meta') continue;
          if (there.records.has(id) && record.type === 'secret') clashes.push(id.slice('secret:'.length));
          if (there.records.has(id) && record.type === 'app') {
            // An app both have: keep the team's, add the environments only the local one has.
            const theirs = there.records.get(id)!;
            if (theirs.record.type !== 'app') continue;
            const names = new Set(theirs.record.value.envs.map((e) => e.name));
            const extra = record.value.envs.filter((e) => !names.has(e.name));
            if (extra.length === 0) continue;
            changes.push({ id, record: { type: 'app', value: { ...theirs.record.value, envs: [...theirs.record.value.envs, ...extra] } } });
            expected[id] = theirs.revision;
            continue;
          }
          changes.push({ id, record });
          expected[id] = null;
        }
        if (clashes.length) {
          throw new RefusedError(`The team vault already has ${clashes.length} of these secrets (${clashes.slice(0, 3).join(', ')}${clashes.length > 3 ? ', …' : ''}); nothing was pushed.`, 'Push into an empty team vault, or remove them there first.');
        }
        // Environments the push creates get their keys first (as any write by an admin would).
        const team = (await import('../../team/team-repository.js')).TeamVaultRepository;
        const writer = new team(repository, opener.handle!, () => opener.admin);
        const secrets = changes.filter((c) => c.record?.type === 'secret').length;
        await writer.commit({ changes, expected, audit: [{ action: 'secret.import', detail: `pushed ${secrets} secrets from a local vault` }], actor: entry.member });
        io.print(`Pushed ${secrets} secret${secrets === 1 ? '' : 's'} and ${changes.length - secrets} app record${changes.length - secrets === 1 ? '' : 's'} to team ${entry.name}.`);
      });
    });

  team
    .command('pull')
    .description('back the team vault up into a new local vault file (the environments you hold)')
    .argument('<file>', 'the new local vault file')
    .option('--team <name>', TEAM_HELP)
    .option('--no-keychain', 'do not keep the new file\'s key in the OS keychain; a passphrase is then required')
    .action(async (path: string, options: { team?: string; keychain: boolean }) => {
      const target = cli.deps.openerFor(path);
      if (await target.exists()) throw new CofferError('exists', `A vault already exists at ${path}.`, 'Pull into a new file.');
      await withTeam(options.team, async (_mod, { opener, entry }) => {
        const repository = opener.repository!;
        const loaded = await repository.load();
        const initial: RecordChange[] = [...loaded.records].map(([id, { record }]) => ({ id, record }));
        const locked = repository.lockedScopes();
        const useKeychain = options.keychain !== false;
        const passphrase = await newPassphrase(io, cli.deps.env, {
          required: !useKeychain,
          vars: [PASSPHRASE_FILE_VAR, PASSPHRASE_VAR],
          purpose: 'The backup file gets its own passphrase (optional with the keychain).',
        });
        const created = await target.create({ useKeychain, ...(passphrase !== undefined && { passphrase }), initial, actor: entry.member });
        await created.repository.close();
        const secrets = initial.filter((c) => c.record?.type === 'secret').length;
        io.print(`Pulled ${secrets} secret${secrets === 1 ? '' : 's'} of team ${entry.name} into ${path}.`);
        if (locked.length) io.note(`Not included (you hold no key): ${locked.map((l) => `${l.app}/${l.env}`).join(', ')}.`);
        printRecoveryCode(io, created.recoveryCode);
      });
    });

  team
    .command('export-key')
    .description('write your member key to a file, encrypted with a passphrase (your backup)')
    .argument('<file>', 'where to write it (must not exist)')
    .option('--team <name>', TEAM_HELP)
    .action(async (file: string, options: { team?: string }) => {
      const mod = await load();
      const env = cli.deps.env;
      const entry = mod.chooseTeam(await mod.readTeams(env), options.team, env);
      const identity = await mod.identityStoreFor(env).load(entry.name, entry.member);
      const passphrase = await newPassphrase(io, env, {
        required: true,
        vars: ['COFFER_NEW_PASSPHRASE_FILE', 'COFFER_NEW_PASSPHRASE'],
        purpose: 'The exported key is encrypted with this passphrase; you need it to import the key.',
      });
      const text = await mod.exportIdentity(identity.identity, passphrase!);
      await writeFile(file, text, { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? new CofferError('exists', `${file} already exists; not overwritten.`, 'Choose a new file name.') : error;
      });
      await chmod(file, 0o600);
      io.print(`Wrote ${entry.member}'s key for ${entry.name} (${identity.fingerprint}) to ${file}.`);
    });

  team
    .command('import-key')
    .description('restore your member key from an export (a new machine, a lost keychain)')
    .argument('<file>', 'the exported key')
    .option('--team <name>', TEAM_HELP)
    .action(async (file: string, options: { team?: string }) => {
      const mod = await load();
      const env = cli.deps.env;
      const entry = mod.chooseTeam(await mod.readTeams(env), options.team, env);
      const text = await readFile(file, 'utf8');
      const given = await passphraseFromEnv(env);
      const passphrase = given?.value ?? (io.terminal.stdinIsTTY ? await io.terminal.prompt(`Passphrase of ${file}: `, { echo: false }) : undefined);
      if (!passphrase) throw new UsageError('The exported key needs its passphrase.', `Set ${PASSPHRASE_FILE_VAR} (or ${PASSPHRASE_VAR}), or run in a terminal.`);
      const identity = await mod.importIdentity(text, passphrase);
      const saved = await mod.identityStoreFor(env).save(entry.name, entry.member, identity);
      io.print(`Restored ${entry.member}'s key for ${entry.name} (${identity.fingerprint}) into ${saved.where === 'keychain' ? 'the OS keychain' : saved.path}.`);
    });
}
