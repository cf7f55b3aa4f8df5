// Bundle the CLI into dist/ with esbuild: one CommonJS file for the CLI (fast to load, no module
// resolution at start-up) and a tiny one for `version --client`.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

// Start-up costs in oclif that tkctl's commands do not pay for:
// - its modules require one another at load time, so that loading Command or Flags loads all of
//   oclif (config, plugins, help templates, spinners, WSL detection, glob libraries: ~10 ms). Each
//   module-level `const x_1 = require("...")` (the only form TypeScript emits for imports) becomes
//   a function that requires on first use, and every use `x_1.y` becomes `(x_1()).y`: a command run
//   directly (src/main.ts) loads only the command, flag and parser modules it uses;
// - its command list is sorted with localeCompare, whose first call initialises ICU's collator
//   (~7 ms a start; the ids are ASCII, so code-point order is the same order);
// - its logger loads the `debug` package (tty, supports-color, environment parsing), replaced by
//   src/shims/debug.ts.
const IMPORT = /^(?:const|var) (\w+_\d+) = ((?:__importDefault|__importStar)\()?require\(("[^"]+")\)\)?;$/gm;

function lazyRequires(source, file) {
  const names = [];
  const lazy = source.replace(IMPORT, (line, name, wrapper, specifier) => {
    if (wrapper && !line.endsWith('));')) return line;
    names.push(name);
    return `let ${name}$;const ${name}=()=>${name}$??=${wrapper ?? ''}require(${specifier})${wrapper ? ')' : ''};`;
  });
  if (names.length === 0) return source;
  const declaration = new RegExp(`^let (?:${names.join('|')})\\$;.*$`);
  const use = new RegExp(`(?<![.\\w$])(${names.join('|')})(?![\\w$])`, 'g');
  const out = lazy.split('\n').map((line) => (declaration.test(line) ? line : line.replace(use, '($1())'))).join('\n');
  return out;
}

const oclifStartup = {
  name: 'oclif-startup',
  setup(b) {
    b.onLoad({ filter: /@oclif[\\/]core[\\/]lib[\\/].*\.js$/ }, (args) => {
      let source = readFileSync(args.path, 'utf8');
      if (/[\\/]config[\\/]plugin\.js$/.test(args.path)) {
        const sorted = source.replace('a.id.localeCompare(b.id)', '(a.id < b.id ? -1 : a.id > b.id ? 1 : 0)');
        if (sorted === source) throw new Error(`${args.path}: oclif no longer sorts its commands with localeCompare; revisit scripts/build.mjs`);
        source = sorted;
      }
      return { contents: lazyRequires(source, args.path), loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  minifyWhitespace: true,
  minifySyntax: true,
  // TKCTL_BUILD_NAMES=1 keeps function names, for CPU profiles that can be read.
  minifyIdentifiers: !process.env.TKCTL_BUILD_NAMES,
  // Modules may read files next to themselves (schemas/); in a CJS bundle import.meta.url is the bundle's.
  define: { 'import.meta.url': '__bundle_url' },
  // "use strict" first, as the sources are modules: a directive after the banner would not count,
  // and a write to a frozen (shared) object must fail loudly, not be dropped.
  banner: { js: '"use strict";const __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
};

rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli-entry.ts'],
    outfile: 'dist/cli.cjs',
    // better-sqlite3's native addon loads from node_modules (see store.ts), as x509 (cluster
    // creation) does when used; typescript is oclif's optional development helper. undici is
    // bundled, so that the code cache carries it, and runs only when a remote request is made.
    external: ['typescript', '@peculiar/x509', 'reflect-metadata'],
    alias: { debug: './src/shims/debug.ts' },
    plugins: [oclifStartup],
  }),
  build({ ...common, entryPoints: ['src/version.ts'], outfile: 'dist/version.cjs' }),
]);

// V8 keeps a source with any non-ASCII character as a two-byte string: twice the memory to read,
// hash against the code cache and scan at every start. esbuild leaves a few (in regular
// expressions); \u escapes mean the same inside strings, templates and regular expressions.
for (const file of ['dist/cli.cjs', 'dist/version.cjs']) {
  const code = readFileSync(file, 'utf8');
  const ascii = code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== code) writeFileSync(file, ascii);
}

// oclif builds a manifest of every command's flags on each start unless it finds oclif.manifest.json:
// write it once here, from the bundle just built.
// An old manifest would be read back instead of describing the commands just built.
rmSync(new URL('../oclif.manifest.json', import.meta.url), { force: true });
const { createRequire } = await import('node:module');
const require = createRequire(import.meta.url);
process.env.OCLIF_DISABLE_ENGINE_WARNING = '1';
const { Config } = require('@oclif/core');
require('../dist/cli.cjs');
const config = await Config.load({ root: new URL('..', import.meta.url).pathname });
writeFileSync(new URL('../oclif.manifest.json', import.meta.url), JSON.stringify(config.getPluginsList()[0].manifest) + '\n');
