// Where a vault may live: its folder is created private (0700) and the file is written 0600.
// Existing ones are not silently chmod-ed (the operator may share a folder on purpose); coffer
// says so instead, as warnings the CLI prints.
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errnoOf } from './errors.js';

export const FOLDER_MODE = 0o700;

/** Creates the vault's folder (and parents) as 0700 when missing. */
export async function ensurePrivateFolder(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: FOLDER_MODE });
}

/** Sentences for each of the vault file and its folder that group or others can read. */
export async function permissionWarnings(path: string): Promise<string[]> {
  const warnings: string[] = [];
  const file = await modeOf(path);
  if (file !== undefined && (file & 0o077) !== 0) {
    warnings.push(`${path} can be read by other users (mode ${octal(file)}); run: chmod 600 '${path}'`);
  }
  const folder = dirname(path);
  const folderMode = await modeOf(folder);
  if (folderMode !== undefined && (folderMode & 0o077) !== 0) {
    warnings.push(`The vault's folder ${folder} is open to other users (mode ${octal(folderMode)}); run: chmod 700 '${folder}'`);
  }
  return warnings;
}

async function modeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o777;
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}
