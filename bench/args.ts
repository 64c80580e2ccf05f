/** Command-line options of `npm run bench`. */
export type BackendName = 'embedded' | 'postgres';

export interface BenchArgs {
  quick: boolean;
  backends: BackendName[] | 'auto';
  scenario: string | null;
  out: string;
  /** Multiplies the surge, broadcast and stream sizes (all back ends; embedded: embeddedScale when given). */
  scale: number;
  embeddedScale: number | null;
  /** Keep the other back ends' results already in the output file (one back end per run). */
  append: boolean;
}

export const SCENARIOS = ['floor', 'surge', 'broadcast', 'read', 'growth'] as const;

const USAGE = `usage: npm run bench -- [--quick] [--backend embedded|postgres|both|postgres,embedded] [--scenario ${SCENARIOS.join('|')}]
       [--scale F] [--embedded-scale F] [--out bench-results.json] [--append]`;

export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { quick: false, backends: 'auto', scenario: null, out: 'bench-results.json', scale: 1, embeddedScale: null, append: false };
  const factor = (v: string) => {
    const n = Number(v);
    if (!(n > 0 && n <= 1)) throw new Error(`a scale is a number in (0, 1], not ${v}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--append') args.append = true;
    else if (a.startsWith('--backend')) {
      const v = value();
      const list = v === 'both' ? ['embedded', 'postgres'] : v.split(',');
      if (!list.every((x) => x === 'embedded' || x === 'postgres')) throw new Error(`unknown backend ${v}\n${USAGE}`);
      args.backends = [...new Set(list)] as BackendName[];
    } else if (a.startsWith('--scenario')) {
      const v = value();
      if (!(SCENARIOS as readonly string[]).includes(v)) throw new Error(`unknown scenario ${v}\n${USAGE}`);
      args.scenario = v;
    } else if (a.startsWith('--out')) args.out = value();
    else if (a.startsWith('--embedded-scale')) args.embeddedScale = factor(value());
    else if (a.startsWith('--scale')) args.scale = factor(value());
    else if (a === '--help' || a === '-h') { console.log(USAGE); process.exit(0); }
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return args;
}
