import { execFile } from 'child_process';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Builds the harness with webpack-cli in a child process, with the ts-node options that the
 * plugin's build script also sets, because on Node 20 ts-node cannot load the config otherwise.
 * Rejects with webpack's output when the build fails.
 */
export function buildHarness(): Promise<void> {
  const cli = require.resolve('webpack-cli/bin/cli.js', { paths: [ROOT] });
  const env = {
    ...process.env,
    TS_NODE_COMPILER_OPTIONS: JSON.stringify({ module: 'commonjs', moduleResolution: 'node' }),
  };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, '-c', path.join(__dirname, 'webpack.config.ts'), '--no-color'],
      { cwd: ROOT, env, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`The harness build failed:\n${stdout}\n${stderr}`)) : resolve()
    );
  });
}
