// Bundle the CLI into dist/ with esbuild: one CommonJS file for the CLI (fast to load, no module
// resolution at start-up) and a tiny one for `version --client`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  // Modules may read files next to themselves (schemas/); in a CJS bundle import.meta.url is the bundle's.
  define: { 'import.meta.url': '__bundle_url' },
  banner: { js: 'const __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
};

rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli-entry.ts'],
    outfile: 'dist/cli.cjs',
    // The native SQLite binding cannot be bundled; x509 (cluster creation) loads from node_modules
    // only when used; typescript is oclif's optional development helper. undici is bundled, so that
    // the code cache carries it, and runs only when a remote request is made.
    external: ['better-sqlite3', 'typescript', '@peculiar/x509', 'reflect-metadata'],
  }),
  build({ ...common, entryPoints: ['src/version.ts'], outfile: 'dist/version.cjs' }),
]);

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
const { writeFileSync } = await import('node:fs');
writeFileSync(new URL('../oclif.manifest.json', import.meta.url), JSON.stringify(config.getPluginsList()[0].manifest) + '\n');
