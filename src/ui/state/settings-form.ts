// :settings — how long a reveal lasts, when the clipboard is cleared, and after how many idle
// minutes coffer locks itself. Stored in the vault (updateSettings), so every coffer on it agrees.
import type { VaultSettings } from '../../domain/index.js';
import type { SettingName } from './panel-types.js';

export interface SettingField {
  name: SettingName;
  label: string;
  unit: string;
  min: number;
  max: number;
}

export const SETTINGS_FIELDS: readonly SettingField[] = [
  { name: 'clipboardSeconds', label: 'Clear the clipboard after', unit: 'seconds', min: 5, max: 3600 },
  { name: 'idleLockMinutes', label: 'Lock when idle for', unit: 'minutes', min: 1, max: 1440 },
  { name: 'revealSeconds', label: 'Mask a revealed value after', unit: 'seconds', min: 5, max: 3600 },
];

const SHORT: Record<SettingName, (n: number) => string> = {
  clipboardSeconds: (n) => `clipboard clears after ${n} s`,
  idleLockMinutes: (n) => `idle lock after ${n} min`,
  revealSeconds: (n) => `reveal lasts ${n} s`,
};

/** "Settings saved: clipboard clears after 60 s, idle lock after 10 min." */
export function settingsMessage(patch: Partial<VaultSettings>): string {
  const parts = (Object.entries(patch) as [SettingName, number][]).map(([name, value]) => SHORT[name](value));
  return `Settings saved: ${parts.join(', ')}.`;
}

export function settingsDraftOf(settings: VaultSettings): Record<SettingName, string> {
  return {
    clipboardSeconds: String(settings.clipboardSeconds),
    idleLockMinutes: String(settings.idleLockMinutes),
    revealSeconds: String(settings.revealSeconds),
  };
}

/** The changed settings, or the first field's problem in words. */
export function settingsPatch(settings: VaultSettings, draft: Record<SettingName, string>): { patch: Partial<VaultSettings> } | { error: string; field: number } {
  const patch: Partial<VaultSettings> = {};
  for (const [index, field] of SETTINGS_FIELDS.entries()) {
    const text = draft[field.name].trim();
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < field.min || value > field.max) {
      return { error: `${field.label}: a whole number of ${field.unit} from ${field.min} to ${field.max}.`, field: index };
    }
    if (value !== settings[field.name]) patch[field.name] = value;
  }
  return { patch };
}
