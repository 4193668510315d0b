/** Reads `--name value` pairs from argv (numbers parsed when numeric). */
export function cliArgs(argv: readonly string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const key = argv[i];
    if (key?.startsWith('--')) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) args.set(key.slice(2), 'true');
      else {
        args.set(key.slice(2), value);
        i += 1;
      }
    }
  }
  return args;
}

/** A positive integer argument, or the default. */
export function intArg(args: Map<string, string>, name: string, fallback: number): number {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 0) throw new TypeError(`--${name} must be a non-negative integer`);
  return value;
}
