// Starts the built llm-gateway (LLMGW_BINARY) with a configuration, on a
// free port, and stops it.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function startGateway(configYaml, env = {}) {
  const binary = process.env.LLMGW_BINARY;
  if (!binary) throw new Error('LLMGW_BINARY must name the built llm-gateway');
  const dir = mkdtempSync(join(tmpdir(), 'llmgw-sdk-'));
  const configPath = join(dir, 'gateway.yaml');
  // The ledger in the run's own directory, unless the test chose one.
  const ledger = /^ledger:/m.test(configYaml) ? '' : `\nledger: { kind: sqlite, path: ${join(dir, 'ledger.db')} }\n`;
  writeFileSync(configPath, configYaml + ledger);
  const child = spawn(binary, ['--config', configPath, '--listen', '127.0.0.1:0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start: ${log}`)), 20000);
    child.stderr.on('data', (piece) => {
      log += piece;
      const match = log.match(/"event":"listening","address":"127\.0\.0\.1:(\d+)"/);
      if (match) { clearTimeout(timer); resolve(Number(match[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`gateway exited (${code}): ${log}`)); });
  });
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    log: () => log,
    // A graceful stop, after which a sanitizer build has reported what it
    // found: any report fails the run.
    stop: async () => {
      await new Promise((resolve) => { child.removeAllListeners('exit'); child.on('exit', resolve); child.kill('SIGTERM'); });
      if (/AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error:/.test(log)) {
        throw new Error(`the gateway reported a sanitizer error:\n${log}`);
      }
    },
  };
}

// A gateway with one key, sdk-user (its secret: `keyedGatewayKey`), that may
// use mock-echo and not mock-other.
export const keyedGatewayKey = 'gw-sdk-key-0123456789';
export function startKeyedGateway() {
  return startGateway(`
providers:
  - { name: mock, kind: mock }
models:
  - { name: mock-echo, provider: mock }
  - { name: mock-other, provider: mock, upstream_model: mock-echo }
auth:
  keys:
    - { id: sdk-user, key_env: SDK_GATEWAY_KEY, models: [mock-echo] }
`, { SDK_GATEWAY_KEY: keyedGatewayKey });
}
