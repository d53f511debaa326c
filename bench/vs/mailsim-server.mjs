/**
 * The mailsim side of `npm run bench -- --vs dovecot`, in a process of its own so its CPU is
 * measured apart from the load client's. Plain node on the built dist/ (what `npx mailsim serve`
 * runs): under tsx every closure would also pay for esbuild's keepNames wrapper, which the
 * published build does not have. startServer with the bench corpus, ports printed as one JSON
 * line, closed when stdin ends.
 */
import { startServer } from '../../dist/server/start.js';
import { accounts, message, PASSWORD } from './corpus.mjs';

const server = await startServer({ ports: { imap: 0, pop3: 0, smtp: false }, users: accounts().map(({ user }) => ({ user, password: PASSWORD })) });
for (const { user, messages } of accounts()) {
  const inbox = server.store.resolveLogin(user).inbox;
  for (let i = 0; i < messages; i++) inbox.append(message(i), { label: 'bench' });
}
process.stdout.write(`${JSON.stringify({ imap: server.ports.imap, pop3: server.ports.pop3 })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
