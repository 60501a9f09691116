#!/usr/bin/env node
// Entry point of the cordon command; the TypeScript sources are compiled to lib/ by `npm run build:cli`.
const path = require('node:path');
const fs = require('node:fs');

// A reader that stops early (head, less) closes the pipe. Drop the rest of the output quietly,
// as other command-line tools do, and keep the exit code that main returns.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') {
    throw error;
  }
});

const entry = path.join(__dirname, '..', 'lib', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(`cordon: ${entry} is missing; run "npm run build:cli" in ${path.dirname(__dirname)} first.\n`);
  process.exit(70);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    // exitCode, not exit(), so that output still buffered for a pipe is written first.
    process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write(`cordon: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(70);
  });
