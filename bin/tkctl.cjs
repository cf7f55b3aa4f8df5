#!/usr/bin/env node
'use strict';
// The launcher: `version --client` is answered without loading the CLI; everything else runs the bundle.
const args = process.argv.slice(2);
if (args[0] === 'version') {
  const version = require('../dist/version.cjs');
  const output = version.clientOnlyOutput(args.slice(1));
  if (output !== undefined) {
    process.stdout.write(version.formatVersion(output));
    return;
  }
}
require('../dist/cli.cjs').main(args);
