// How hard the fault suite pushes. `npm test` runs a lean default; COFFER_HEAVY=1 (set by .ci/run)
// runs the long loops the issue asks for. A count can also be forced per loop for a local hunt,
// e.g. COFFER_FUZZ_MUTATIONS=200000.
export const HEAVY = process.env.COFFER_HEAVY === '1';

/** The number of iterations for a loop: `env` if set, else the heavy or the default count. */
export function iterations(env: string, lean: number, heavy: number): number {
  const forced = process.env[env];
  if (forced !== undefined && forced !== '') {
    const n = Number(forced);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${env}=${forced} is not a count`);
    return n;
  }
  return HEAVY ? heavy : lean;
}
