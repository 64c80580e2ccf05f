/** Command-line options of `npm run bench`. */
export type BackendName = 'embedded' | 'postgres';

export interface BenchArgs {
  quick: boolean;
  backends: BackendName[] | 'auto';
  scenario: string | null;
  out: string;
}

export const SCENARIOS = ['floor', 'surge', 'broadcast', 'read', 'growth'] as const;

const USAGE = `usage: npm run bench -- [--quick] [--backend embedded|postgres|both] [--scenario ${SCENARIOS.join('|')}] [--out bench-results.json]`;

export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { quick: false, backends: 'auto', scenario: null, out: 'bench-results.json' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a.startsWith('--backend')) {
      const v = value();
      if (v === 'both') args.backends = ['embedded', 'postgres'];
      else if (v === 'embedded' || v === 'postgres') args.backends = [v];
      else throw new Error(`unknown backend ${v}\n${USAGE}`);
    } else if (a.startsWith('--scenario')) {
      const v = value();
      if (!(SCENARIOS as readonly string[]).includes(v)) throw new Error(`unknown scenario ${v}\n${USAGE}`);
      args.scenario = v;
    } else if (a.startsWith('--out')) args.out = value();
    else if (a === '--help' || a === '-h') { console.log(USAGE); process.exit(0); }
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return args;
}
