/** @jest-environment node */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'cordon.js');

describe('cordon bin', () => {
  test('stops quietly when the reader closes', () => {
    // head exits after one byte of the 300 KB rules file, more than a pipe buffers, so later writes fail with EPIPE.
    const script = `"$0" "$1" export grafana-rules --grafana-url http://localhost:3000 | head -c 1 > /dev/null; echo "exit \${PIPESTATUS[0]}"`;
    const result = spawnSync('bash', ['-c', script, process.execPath, BIN], { encoding: 'utf8' });
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('exit 0\n');
  });
});
