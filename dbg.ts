import { startProsody } from './dev/prosody.ts';
import { spawn } from 'node:child_process';
const s = await startProsody({ logLevel: 'debug' });
const u = await s.register('alice', 'pw');
const n = await s.register('notify', 'pw');
const t0 = Date.now();
const c = spawn(
  process.execPath,
  [
    'cli/herald.ts',
    'listen',
    '--json',
    '--verbose',
    '--service',
    s.service,
    '--jid',
    u,
    '--system-jid',
    n,
    '--ca-file',
    s.caFile,
    '--data-dir',
    '/tmp/dbgdata',
  ],
  { env: { ...process.env, HERALD_PASSWORD: 'pw' }, stdio: ['ignore', 'pipe', 'inherit'] },
);
c.stdout.on('data', (d) => process.stdout.write(`${Date.now() - t0}ms ${d}`));
await new Promise((r) => setTimeout(r, 1500));
console.log('RESTART', Date.now() - t0);
await s.restart();
console.log('RESTARTED', Date.now() - t0);
await new Promise((r) => setTimeout(r, 8000));
c.kill('SIGTERM');
await new Promise((r) => c.on('exit', r));
await s.stop();
