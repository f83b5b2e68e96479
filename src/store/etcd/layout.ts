// Where each part of a team vault lives in etcd: the key paths of src/store/etcd/README.md's
// table, built from a team prefix, and the way back from an etcd key to what it holds. Every
// other module of the team store (and the membership code) goes through here, so the layout is
// written down once. Pure: no etcd, no crypto.
import { META_ID, appId, parseRecordId, secretId } from '../../domain/ids.js';
import type { RecordId } from '../../domain/ports.js';

/** The scope of the team directory: meta, apps, audit and the fingerprint key. */
export const TEAM_SCOPE = '_team';
const PERSONAL_SCOPE_PREFIX = '_personal/';

/**
 * Which data key a record is encrypted with: `_team`, `<app>/<env>` or `_personal/<member>`.
 * A plain string so it can key maps and be shown; build it with the functions below.
 */
export type Scope = string;

export function envScope(app: string, env: string): Scope {
  return `${app}/${env}`;
}

export function personalScope(member: string): Scope {
  return `${PERSONAL_SCOPE_PREFIX}${member}`;
}

export type ParsedScope = { type: 'team' } | { type: 'env'; app: string; env: string } | { type: 'personal'; member: string };

export function parseScope(scope: Scope): ParsedScope | undefined {
  if (scope === TEAM_SCOPE) return { type: 'team' };
  const parts = scope.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  if (scope.startsWith(PERSONAL_SCOPE_PREFIX)) return { type: 'personal', member: parts[1] };
  if (parts[0].startsWith('_')) return undefined;
  return { type: 'env', app: parts[0], env: parts[1] };
}

/** What an etcd key under the prefix is (see the README's table). */
export type ParsedKey =
  | { type: 'team' }
  | { type: 'member'; member: string }
  | { type: 'request'; member: string }
  | { type: 'access'; scope: Scope }
  | { type: 'key'; scope: Scope; generation: number; member: string }
  | { type: 'meta' }
  | { type: 'app'; app: string }
  | { type: 'head'; app: string; env: string; key: string }
  | { type: 'version'; app: string; env: string; key: string; n: number }
  | { type: 'chunk'; app: string; env: string; key: string; n: number; index: number }
  | { type: 'audit'; seq: number }
  | { type: 'audit-head' }
  | { type: 'personal'; member: string; app: string; env: string; key: string }
  | { type: 'intent' }
  | { type: 'intent-piece'; id: string; index: number };

const AUDIT_SEQ_DIGITS = 12;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** The prefix of a team's keys: `/coffer/<team>/`. */
export function teamPrefix(team: string): string {
  if (!isPathName(team)) throw new Error(`team name ${JSON.stringify(team)} cannot be part of an etcd key`);
  return `/coffer/${team}/`;
}

/**
 * Key paths of one team vault. Names are the domain's validated names (no `/`); a name that
 * would make a path ambiguous is a programming error and throws.
 */
export class TeamLayout {
  constructor(readonly prefix: string) {
    if (!prefix.endsWith('/')) throw new Error(`an etcd prefix must end with "/": ${JSON.stringify(prefix)}`);
  }

  static forTeam(team: string): TeamLayout {
    return new TeamLayout(teamPrefix(team));
  }

  team(): string {
    return `${this.prefix}team`;
  }
  member(member: string): string {
    return `${this.prefix}members/${name(member)}`;
  }
  members(): string {
    return `${this.prefix}members/`;
  }
  request(member: string): string {
    return `${this.prefix}requests/${name(member)}`;
  }
  requests(): string {
    return `${this.prefix}requests/`;
  }
  access(scope: Scope): string {
    return `${this.prefix}access/${scopePath(scope)}`;
  }
  accessAll(): string {
    return `${this.prefix}access/`;
  }
  /** The scope's data key of `generation`, age-encrypted to `member`. */
  key(scope: Scope, generation: number, member: string): string {
    return `${this.keysOf(scope, generation)}${name(member)}`;
  }
  /** Prefix of every wrapped key of one scope (and generation, if given). */
  keysOf(scope: Scope, generation?: number): string {
    const base = `${this.prefix}keys/${scopePath(scope)}/`;
    return generation === undefined ? base : `${base}${generationText(generation)}/`;
  }
  keysAll(): string {
    return `${this.prefix}keys/`;
  }
  meta(): string {
    return `${this.prefix}meta`;
  }
  app(app: string): string {
    return `${this.prefix}apps/${name(app)}`;
  }
  apps(): string {
    return `${this.prefix}apps/`;
  }
  /** A secret's head: the Secret without its versions' values. */
  head(app: string, env: string, key: string): string {
    return `${this.prefix}s/${name(app)}/${name(env)}/${name(key)}`;
  }
  /** Prefix of every head (of one environment, if given). */
  heads(app?: string, env?: string): string {
    if (app === undefined) return `${this.prefix}s/`;
    return env === undefined ? `${this.prefix}s/${name(app)}/` : `${this.prefix}s/${name(app)}/${name(env)}/`;
  }
  version(app: string, env: string, key: string, n: number): string {
    return `${this.versionsOf(app, env, key)}${positive(n)}`;
  }
  /** Prefix of one secret's version keys. */
  versionsOf(app: string, env: string, key: string): string {
    return `${this.prefix}v/${name(app)}/${name(env)}/${name(key)}/`;
  }
  /** Prefix of every version key (of one environment, if given). */
  versions(app?: string, env?: string): string {
    if (app === undefined) return `${this.prefix}v/`;
    return env === undefined ? `${this.prefix}v/${name(app)}/` : `${this.prefix}v/${name(app)}/${name(env)}/`;
  }
  chunk(app: string, env: string, key: string, n: number, index: number): string {
    return `${this.chunksOf(app, env, key, n)}${natural(index)}`;
  }
  /** Prefix of the chunks of one version (or of every version of the secret). */
  chunksOf(app: string, env: string, key: string, n?: number): string {
    const base = `${this.prefix}c/${name(app)}/${name(env)}/${name(key)}/`;
    return n === undefined ? base : `${base}${positive(n)}/`;
  }
  chunks(app?: string, env?: string): string {
    if (app === undefined) return `${this.prefix}c/`;
    return env === undefined ? `${this.prefix}c/${name(app)}/` : `${this.prefix}c/${name(app)}/${name(env)}/`;
  }
  /** One audit entry; the sequence is zero-padded so keys sort in log order. */
  audit(seq: number): string {
    return `${this.prefix}audit/${String(positive(seq)).padStart(AUDIT_SEQ_DIGITS, '0')}`;
  }
  auditLog(): string {
    return `${this.prefix}audit/`;
  }
  auditHead(): string {
    return `${this.prefix}audit-head`;
  }
  personal(member: string, app: string, env: string, key: string): string {
    return `${this.personalOf(member)}${name(app)}/${name(env)}/${name(key)}`;
  }
  personalOf(member: string): string {
    return `${this.prefix}personal/${name(member)}/`;
  }
  intent(): string {
    return `${this.prefix}intent`;
  }
  intentPiece(id: string, index: number): string {
    return `${this.intentPieces(id)}${natural(index)}`;
  }
  /** Prefix of every large commit's pieces. */
  intentsAll(): string {
    return `${this.prefix}intents/`;
  }
  intentPieces(id: string): string {
    return `${this.prefix}intents/${name(id)}/`;
  }

  /** The key holding a record: meta, an app, or a secret's head. */
  recordKey(id: RecordId): string {
    const parsed = parseRecordId(id);
    if (!parsed) throw new Error(`not a record id: ${JSON.stringify(id)}`);
    switch (parsed.type) {
      case 'meta':
        return this.meta();
      case 'app':
        return this.app(parsed.app);
      case 'secret':
        return this.head(parsed.app, parsed.env, parsed.key);
    }
  }

  /** What `etcdKey` holds, or undefined for a key outside the prefix or not in the layout. */
  parse(etcdKey: string): ParsedKey | undefined {
    if (!etcdKey.startsWith(this.prefix)) return undefined;
    const rest = etcdKey.slice(this.prefix.length);
    if (rest === 'team') return { type: 'team' };
    if (rest === 'meta') return { type: 'meta' };
    if (rest === 'audit-head') return { type: 'audit-head' };
    if (rest === 'intent') return { type: 'intent' };
    const slash = rest.indexOf('/');
    if (slash < 0) return undefined;
    const head = rest.slice(0, slash);
    const parts = rest.slice(slash + 1).split('/');
    if (parts.some((part) => part === '')) return undefined;
    switch (head) {
      case 'members':
        return parts.length === 1 ? { type: 'member', member: parts[0]! } : undefined;
      case 'requests':
        return parts.length === 1 ? { type: 'request', member: parts[0]! } : undefined;
      case 'access': {
        const scope = parts.join('/');
        return parseScope(scope) ? { type: 'access', scope } : undefined;
      }
      case 'keys': {
        if (parts.length < 3) return undefined;
        const member = parts.at(-1)!;
        const generation = decimal(parts.at(-2)!);
        const scope = parts.slice(0, -2).join('/');
        return generation !== undefined && generation >= 1 && parseScope(scope) ? { type: 'key', scope, generation, member } : undefined;
      }
      case 'apps':
        return parts.length === 1 ? { type: 'app', app: parts[0]! } : undefined;
      case 's':
        return parts.length === 3 ? { type: 'head', app: parts[0]!, env: parts[1]!, key: parts[2]! } : undefined;
      case 'v': {
        const n = parts.length === 4 ? decimal(parts[3]!) : undefined;
        return n !== undefined && n >= 1 ? { type: 'version', app: parts[0]!, env: parts[1]!, key: parts[2]!, n } : undefined;
      }
      case 'c': {
        const n = parts.length === 5 ? decimal(parts[3]!) : undefined;
        const index = parts.length === 5 ? decimal(parts[4]!) : undefined;
        return n !== undefined && n >= 1 && index !== undefined
          ? { type: 'chunk', app: parts[0]!, env: parts[1]!, key: parts[2]!, n, index }
          : undefined;
      }
      case 'audit': {
        const seq = parts.length === 1 && parts[0]!.length === AUDIT_SEQ_DIGITS && /^[0-9]+$/.test(parts[0]!) ? Number(parts[0]) : undefined;
        return seq !== undefined && seq >= 1 ? { type: 'audit', seq } : undefined;
      }
      case 'personal':
        return parts.length === 4 ? { type: 'personal', member: parts[0]!, app: parts[1]!, env: parts[2]!, key: parts[3]! } : undefined;
      case 'intents': {
        const index = parts.length === 2 ? decimal(parts[1]!) : undefined;
        return index !== undefined ? { type: 'intent-piece', id: parts[0]!, index } : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The record an etcd key belongs to (a version or chunk belongs to its secret). */
  recordIdOf(etcdKey: string): RecordId | undefined {
    const parsed = this.parse(etcdKey);
    switch (parsed?.type) {
      case 'meta':
        return META_ID;
      case 'app':
        return appId(parsed.app);
      case 'head':
      case 'version':
      case 'chunk':
        return secretId(parsed.app, parsed.env, parsed.key);
      default:
        return undefined;
    }
  }

  /** The scope whose data key encrypts the value at `etcdKey`; undefined for public rows. */
  scopeOf(etcdKey: string): Scope | undefined {
    return scopeOfParsed(this.parse(etcdKey));
  }
}

export function scopeOfParsed(parsed: ParsedKey | undefined): Scope | undefined {
  switch (parsed?.type) {
    case 'meta':
    case 'app':
    case 'audit':
    case 'audit-head':
      return TEAM_SCOPE;
    case 'head':
    case 'version':
    case 'chunk':
      return envScope(parsed.app, parsed.env);
    case 'personal':
      return personalScope(parsed.member);
    default:
      return undefined;
  }
}

/** The end of a range covering every key that starts with `prefix` (etcd's range_end). */
export function prefixEnd(prefix: string): Buffer {
  const end = Buffer.from(prefix, 'utf8');
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]! += 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

function isPathName(value: string): boolean {
  return value.length > 0 && !value.includes('/') && !value.includes('\0') && value !== '.' && value !== '..';
}

function name(value: string): string {
  if (!isPathName(value)) throw new Error(`${JSON.stringify(value)} cannot be part of an etcd key`);
  return value;
}

function scopePath(scope: Scope): string {
  if (!parseScope(scope)) throw new Error(`not a scope: ${JSON.stringify(scope)}`);
  return scope;
}

function positive(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`expected a positive integer, got ${n}`);
  return n;
}

function natural(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`expected a non-negative integer, got ${n}`);
  return n;
}

function generationText(generation: number): string {
  return String(positive(generation));
}

function decimal(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}
