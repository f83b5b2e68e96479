// What the lock screen says about why it shows.
export function lockNotice(reason: 'manual' | 'idle', idleMinutes: number): string {
  const what = 'the key and every value were dropped from memory';
  if (reason === 'manual') return `Locked: ${what}.`;
  return `Locked after ${idleMinutes} idle minute${idleMinutes === 1 ? '' : 's'}: ${what}.`;
}
