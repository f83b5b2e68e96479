// The vault's data model. Pure types and constants: no I/O, no crypto, no UI.

export const SECRET_TYPES = ['secret', 'sealed', 'config'] as const;
export type SecretType = (typeof SECRET_TYPES)[number];

export const SECRET_KINDS = ['env', 'file', 'registry', 'tls'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export const PURPOSES = ['api-key', 'ssh-key', 'username-password', 'other'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const VERSION_STATES = ['live', 'deleted', 'destroyed'] as const;
export type VersionState = (typeof VERSION_STATES)[number];

export const ORIGINS = ['set', 'generate', 'rollback', 'import'] as const;
export type OriginType = (typeof ORIGINS)[number];

/** The reserved scope whose secrets every app inherits, per environment name. */
export const SHARED_SCOPE = 'shared';

export const DEFAULT_ENVIRONMENTS = ['development', 'staging', 'production'] as const;
export const DEFAULT_PROTECTED = ['production'] as const;
export const DEFAULT_MAX_VERSIONS = 10;
export const DEFAULT_PATH = '/';

export interface Origin {
  type: OriginType;
  /** For rollbacks: the version whose value was copied. */
  of?: number;
}

export interface Version {
  /** 1..n, never reused. */
  n: number;
  /** null once destroyed: the value is gone for good. */
  value: string | null;
  createdAt: string;
  author: string;
  origin: Origin;
  state: VersionState;
  /** Set while state is 'deleted' or 'destroyed'. */
  deletedAt?: string;
  destroyedAt?: string;
}

export interface RotationPolicy {
  everyDays: number;
}

export interface Secret {
  /** App name, or SHARED_SCOPE. */
  app: string;
  env: string;
  key: string;
  type: SecretType;
  kind: SecretKind;
  purpose?: Purpose;
  comment: string;
  tags: string[];
  path: string;
  rotation?: RotationPolicy;
  maxVersions: number;
  createdAt: string;
  updatedAt: string;
  /**
   * Ascending by n. Versions past maxVersions are pruned (removed, oldest first); the current
   * (highest) one never is, so numbers never repeat.
   */
  versions: Version[];
}

export interface Environment {
  name: string;
  protected: boolean;
}

export interface App {
  name: string;
  description: string;
  /** Ordered as the operator arranged them. */
  envs: Environment[];
  createdAt: string;
}

export interface VaultSettings {
  /** Seconds a revealed value stays visible in the TUI. */
  revealSeconds: number;
  /** Seconds before a copied value is cleared from the clipboard. */
  clipboardSeconds: number;
  /** Minutes of inactivity before the TUI locks itself. */
  idleLockMinutes: number;
}

export const DEFAULT_SETTINGS: VaultSettings = {
  revealSeconds: 30,
  clipboardSeconds: 45,
  idleLockMinutes: 5,
};

export interface VaultMeta {
  vaultId: string;
  createdAt: string;
  settings: VaultSettings;
}

/** The whole vault as the domain sees it, one entry per record. */
export interface VaultState {
  meta: VaultMeta;
  /** By app name; the shared scope is an app named SHARED_SCOPE. */
  apps: Record<string, App>;
  /** By secretId(app, env, key). */
  secrets: Record<string, Secret>;
}

export type AuditAction =
  | 'vault.init'
  | 'vault.rekey'
  | 'vault.passwd'
  | 'vault.settings'
  | 'app.add'
  | 'app.update'
  | 'app.remove'
  | 'env.add'
  | 'env.update'
  | 'env.remove'
  | 'secret.set'
  | 'secret.generate'
  | 'secret.import'
  | 'secret.rollback'
  | 'secret.meta'
  | 'secret.remove'
  | 'version.delete'
  | 'version.undelete'
  | 'version.destroy'
  | 'version.prune';

/** What an operation wants recorded; never a value. */
export interface AuditDraft {
  action: AuditAction;
  app?: string;
  env?: string;
  key?: string;
  version?: number;
  /** Short, value-free detail ("rollback of v3", "type secret→config"). */
  detail?: string;
}

export interface AuditEntry extends AuditDraft {
  seq: number;
  at: string;
  actor: string;
  /** Hash of the previous entry ('' for the first). */
  prev: string;
  hash: string;
}
