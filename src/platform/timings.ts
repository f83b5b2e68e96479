// Start-up marks (COFFER_TIMINGS=FILE, see bin/coffer.cjs): taken only when asked for. The first
// use of `performance` loads Node's perf_hooks internals (~10 modules), which no ordinary run of
// a scripting command should pay for.
const wanted = Boolean(process.env.COFFER_TIMINGS);

export function mark(name: string): void {
  if (wanted) performance.mark(name);
}
