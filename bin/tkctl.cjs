#!/usr/bin/env node
'use strict';
// The launcher: `version --client` is answered without loading the CLI; everything else runs the
// bundle, compiled from V8's code cache when one matches (Node 20 has no module compile cache).
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const args = process.argv.slice(2);
const dist = path.join(__dirname, '..', 'dist');

if (args[0] === 'version') {
  const version = require(path.join(dist, 'version.cjs'));
  const output = version.clientOnlyOutput(args.slice(1));
  if (output !== undefined) {
    process.stdout.write(version.formatVersion(output));
    return;
  }
}

// oclif checks the Node version with semver at load time: ~60 ms that package.json's engines already cover.
process.env.OCLIF_DISABLE_ENGINE_WARNING = '1';
loadCached(path.join(dist, 'cli.cjs'), cacheKey(args)).main(args).then(() => {
  // The command has finished: end now rather than wait for whatever it left scheduled, and skip
  // V8's heap teardown (~4 ms a start). Output still queued (a pipe that was full) drains first.
  if (!process.stdout.writableLength && !process.stderr.writableLength) process.exit();
});

/**
 * The code cache holds the functions compiled by the run that made it: one per command (its first
 * word), so that `get` does not compile at every start what a first `cluster create` never ran.
 */
function cacheKey(argv) {
  const word = argv.find((a) => !a.startsWith('-'));
  return word && /^[a-z][a-z-]{0,30}$/.test(word) ? word : 'other';
}

function loadCached(file, key) {
  const cacheFile = `${file}.${key}.v8cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // no cache yet: this run makes one
  }
  // The build leaves only ASCII in the bundle: latin1 reads it exactly, without UTF-8 decoding.
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'latin1')), {
    filename: file,
    cachedData,
    // The bundle's import() calls (packages and file URLs) resolve from here as they would from dist/.
    importModuleDynamically: (specifier) => import(specifier),
  });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  // oclif loads its command table from this same file: let it find this instance, not a second one.
  Module._cache[file] = mod;
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  if (!cachedData || script.cachedDataRejected) {
    // Made at exit, so the functions this run compiled lazily are in it too.
    process.once('exit', () => {
      try {
        const tmp = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // a read-only install runs without a cache
      }
    });
  }
  return mod.exports;
}
