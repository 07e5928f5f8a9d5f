/**
 * `npm run dev:server`: a local Prosody for trying Herald, with demo accounts, until Ctrl-C.
 */
import { startProsody } from './prosody.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';

const server = await startProsody({ logLevel: 'info' });
for (const account of Object.values(DEMO_ACCOUNTS)) {
  await server.register(account.user, account.password);
}
const { user, system } = DEMO_ACCOUNTS;
process.stdout.write(`Prosody is running on 127.0.0.1 (data in ${server.dir}).

  STARTTLS   ${server.service}
  direct TLS ${server.directTlsService}
  CA         ${server.caFile}

  user       ${user.user}@${server.domain}   password ${user.password}
  system     ${system.user}@${server.domain}   password ${system.password}

Listen as the user (another terminal):
  HERALD_PASSWORD=${user.password} npm run --silent herald -- listen --service ${server.service} \\
    --jid ${user.user}@${server.domain} --system-jid ${system.user}@${server.domain} \\
    --ca-file ${server.caFile} --data-dir /tmp/herald-demo

Ctrl-C stops the server and deletes its data.
`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.stdout.write('Prosody stopped.\n');
}
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
