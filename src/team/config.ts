// Which teams this machine belongs to: $XDG_CONFIG_HOME/coffer/teams.json (else
// ~/.config/coffer/teams.json), written by `team init` and `team join`. Public facts only — the
// team's name, its etcd endpoints and the member name used here; the member key is elsewhere.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CofferError, NotFoundError } from '../domain/errors.js';

type Env = Record<string, string | undefined>;

export interface TeamEntry {
  name: string;
  endpoints: string[];
  member: string;
}

export function teamConfigDir(env: Env): string {
  const base = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
  return join(base, 'coffer');
}

function configPath(env: Env): string {
  return join(teamConfigDir(env), 'teams.json');
}

function isEntry(value: unknown): value is TeamEntry {
  const entry = value as TeamEntry;
  return typeof entry?.name === 'string' && typeof entry.member === 'string' && Array.isArray(entry.endpoints) && entry.endpoints.every((e) => typeof e === 'string');
}

export async function readTeams(env: Env): Promise<TeamEntry[]> {
  const path = configPath(env);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CofferError('invalid', `${path} is not valid JSON.`, 'Fix it by hand, or remove it and run `coffer team join` again.');
  }
  const teams = (parsed as { teams?: unknown }).teams;
  if (!Array.isArray(teams) || !teams.every(isEntry)) {
    throw new CofferError('invalid', `${path} does not list teams as coffer writes them.`, 'Fix it by hand, or remove it and run `coffer team join` again.');
  }
  return teams;
}

/** Adds `entry`, or replaces the team of the same name; atomic (temp file + rename), 0600. */
export async function writeTeam(env: Env, entry: TeamEntry): Promise<void> {
  const teams = (await readTeams(env)).filter((team) => team.name !== entry.name);
  teams.push(entry);
  teams.sort((a, b) => a.name.localeCompare(b.name));
  const dir = teamConfigDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = configPath(env);
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify({ teams }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** --team, else COFFER_TEAM, else the only team configured here. */
export function chooseTeam(teams: TeamEntry[], flag: string | undefined, env: Env): TeamEntry {
  const name = flag ?? (env['COFFER_TEAM'] || undefined);
  const known = teams.map((team) => team.name).join(', ');
  if (name !== undefined) {
    const team = teams.find((t) => t.name === name);
    if (!team) {
      throw new NotFoundError(`No team named ${name} is configured on this machine.`, teams.length ? `Configured: ${known}. Or join it: coffer team join ${name} --etcd URL.` : `Join it first: coffer team join ${name} --etcd URL (or create it with coffer team init).`);
    }
    return team;
  }
  if (teams.length === 1) return teams[0]!;
  if (teams.length === 0) throw new NotFoundError('No team is configured on this machine.', 'Create one with `coffer team init TEAM --etcd URL`, or join one with `coffer team join TEAM --etcd URL`.');
  throw new CofferError('usage', `Several teams are configured here (${known}): say which.`, 'Add --team TEAM, or set COFFER_TEAM.');
}
