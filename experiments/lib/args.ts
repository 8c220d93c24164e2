/**
 * Flags of the reproduction scripts: `--name value` pairs with defaults, so every script accepts
 * `--epochs N` (the published protocol by default) and the reduced settings used for quick runs.
 */
export type Flags = Record<string, string | number>;

export function parseFlags<T extends Flags>(argv: string[], defaults: T, usage: string): T {
  const out: Flags = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${usage}\n\nFlags (defaults):\n${Object.entries(defaults).map(([k, v]) => `  --${k} ${v}`).join('\n')}\n`);
      process.exit(0);
    }
    const name = arg.replace(/^--/, '');
    if (!arg.startsWith('--') || !(name in defaults)) throw new Error(`unknown flag '${arg}': expected one of ${Object.keys(defaults).map((k) => `--${k}`).join(', ')}`);
    const value = argv[++i];
    if (value === undefined) throw new Error(`flag ${arg} needs a value`);
    if (typeof defaults[name] === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new Error(`flag ${arg}: expected a number, got '${value}'`);
      out[name] = n;
    } else {
      out[name] = value;
    }
  }
  return out as T;
}

/** The command line that reproduces a run, for the results table. */
export function commandLine(script: string, flags: Flags): string {
  // An empty string flag (e.g. no --data-dir) is the same as leaving it out.
  const given = Object.entries(flags).filter(([, v]) => v !== '');
  return `node dist/experiments/${script}.js ${given.map(([k, v]) => `--${k} ${v}`).join(' ')}`;
}
