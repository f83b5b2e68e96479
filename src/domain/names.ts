// Validation of the names operators type. Each failure says what is allowed.
import { InvalidInputError } from './errors.js';
import { SHARED_SCOPE } from './model.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;
const ENV_NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const KEY_NAME = /^[A-Z_][A-Z0-9_]{0,127}$/;
const TAG = /^[a-z0-9][a-z0-9._:-]{0,31}$/;
const PATH = /^\/([A-Za-z0-9._-]+\/)*([A-Za-z0-9._-]+)?$/;

/** Shows a name safely inside an error message, whatever bytes it holds. */
export function quoteName(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
}

export function validateAppName(name: string, { allowShared = false } = {}): string {
  if (!SLUG.test(name)) {
    throw new InvalidInputError(
      `App name ${quoteName(name)} is not valid.`,
      'Use 1–40 lowercase letters, digits and dashes, starting with a letter or digit (e.g. billing-api).',
    );
  }
  if (name === SHARED_SCOPE && !allowShared) {
    throw new InvalidInputError(
      `"${SHARED_SCOPE}" is reserved for secrets every app inherits.`,
      'Pick another app name.',
    );
  }
  return name;
}

export function validateEnvName(name: string): string {
  if (!ENV_NAME.test(name)) {
    throw new InvalidInputError(
      `Environment name ${quoteName(name)} is not valid.`,
      'Use 1–40 lowercase letters, digits, dashes or underscores (e.g. production, qa-2).',
    );
  }
  return name;
}

export function validateKeyName(key: string): string {
  if (!KEY_NAME.test(key)) {
    const suggestion = key.toUpperCase().replace(/[^A-Z0-9_]/g, '_').replace(/^([0-9])/, '_$1');
    throw new InvalidInputError(
      `Secret key ${quoteName(key)} is not a valid environment variable name.`,
      `Use uppercase letters, digits and underscores, not starting with a digit${
        KEY_NAME.test(suggestion) ? ` (e.g. ${suggestion})` : ''
      }.`,
    );
  }
  return key;
}

export function validateTag(tag: string): string {
  if (!TAG.test(tag)) {
    throw new InvalidInputError(
      `Tag ${quoteName(tag)} is not valid.`,
      'Use 1–32 lowercase letters, digits, dots, dashes, underscores or colons.',
    );
  }
  return tag;
}

export function validatePath(path: string): string {
  if (!PATH.test(path)) {
    throw new InvalidInputError(
      `Path ${quoteName(path)} is not valid.`,
      'Use an absolute path of letters, digits, dots, dashes and underscores, e.g. /db/primary.',
    );
  }
  return path;
}

export function isValidKeyName(key: string): boolean {
  return KEY_NAME.test(key);
}
