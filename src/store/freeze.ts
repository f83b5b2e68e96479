// Records handed out by load() are shared with the repository's cached state (copying a 10,000-
// secret vault on every load would cost as much as decrypting it). Deep-freezing them makes an
// accidental in-place edit throw at once instead of silently reaching the next save.

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
