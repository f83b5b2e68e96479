// Dialog panels with state of their own: the rotation preview and the settings form.
import type { GeneratorPreset, SecretAddress, SecretType, VaultSettings } from '../../domain/index.js';

export interface RotateTarget {
  address: SecretAddress;
  /** Check-and-set: the current version when the rotation began. */
  expectedVersion: number;
  type: SecretType;
}

export interface RotateMode {
  type: 'rotate';
  targets: RotateTarget[];
  preset: GeneratorPreset;
  length: number;
  /** One generated value per target, in order; empty until the generator answers. */
  values: string[];
  /** Whether the preview shows the values (x), or masks them. */
  show: boolean;
  /** Matches the generator's answer, so a late answer for older settings is ignored. */
  token: number;
  /** The targets are the marked rows (the marks go once they are rotated). */
  fromMarks: boolean;
}

export type SettingName = keyof VaultSettings;

export interface SettingsMode {
  type: 'settings';
  /** Index into SETTINGS_FIELDS. */
  field: number;
  /** As typed. */
  draft: Record<SettingName, string>;
  error?: string;
}
