import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * mailsim as another project gets it: built with the real build config into
 * <tmp>/node_modules/mailsim with its package.json, next to a consumer that imports 'mailsim'.
 * The package sees only its runtime `dependencies` (no devDependencies), as after `npm install`.
 */
const run = promisify(execFile);
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
let dir: string;
let pkg: string;

interface PackageJson {
  dependencies: Record<string, string>;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mailsim-consumer-'));
  pkg = path.join(dir, 'node_modules/mailsim');
  // The real build config, without its type check: `npm run typecheck` and the prepare script's
  // build check the types; this test is about the package's shape. Saves ~40% of the build.
  await run(process.execPath, [TSC, '-p', 'tsconfig.build.json', '--noCheck', '--outDir', path.join(pkg, 'dist')], { cwd: ROOT });
  const manifest = await readFile(path.join(ROOT, 'package.json'), 'utf8');
  await writeFile(path.join(pkg, 'package.json'), manifest);
  await mkdir(path.join(pkg, 'node_modules'));
  for (const name of Object.keys((JSON.parse(manifest) as PackageJson).dependencies)) {
    await mkdir(path.dirname(path.join(pkg, 'node_modules', name)), { recursive: true });
    await symlink(path.join(ROOT, 'node_modules', name), path.join(pkg, 'node_modules', name), 'dir');
  }
  // The consumer's own @types/node, as any TypeScript project on Node has.
  await mkdir(path.join(dir, 'node_modules/@types'));
  await symlink(path.join(ROOT, 'node_modules/@types/node'), path.join(dir, 'node_modules/@types/node'), 'dir');
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const CONSUMER_JS = `
import { startServer, parseScenario, runScenario, ScenarioError, ServerStartError, DEFAULT_DOMAIN } from 'mailsim';

const server = await startServer({ users: [{ user: 'alice', password: 'secret' }] });
await server.deliver({ to: 'alice', subject: 'Hello from a consumer', text: 'Hi\\n' });
const messages = await server.messages('alice');
const inbox = server.mailboxes('alice')[0];
const protocols = server.transcripts().map((t) => t.protocol);
const clash = await startServer({ ports: { imap: server.ports.imap, pop3: false, smtp: false } }).then(
  (s) => s.close().then(() => 'started'),
  (e) => (e instanceof ServerStartError ? e.code : String(e)),
);
await server.close();

const deepImport = await import('mailsim/dist/server/start.js').then(() => 'allowed', (e) => e.code);
const scenario = parseScenario(
  'accounts: { bob@example.com: {} }\\ndevices: { phone: { protocol: pop3 } }\\nsteps:\\n  - deliver: { subject: Hi }\\n  - sync: phone\\n',
  'tiny.yaml',
);
const result = await runScenario(scenario);
let invalid = 'accepted';
try {
  parseScenario('accounts: {}\\ndevices: {}\\nsteps: []\\n', 'bad.yaml');
} catch (e) {
  invalid = e instanceof ScenarioError ? e.diagnostics[0].message : String(e);
}
console.log(JSON.stringify({
  domain: DEFAULT_DOMAIN,
  messages: messages.map((m) => ({ subject: m.subject, text: m.text, date: m.internalDate instanceof Date })),
  inbox: { name: inbox.name, messages: inbox.messages },
  protocols,
  clash,
  deepImport,
  ran: result.variants[0].delivered.map((d) => d.subject),
  invalid,
}));
`;

/** Every use a test would make, and mistakes that must not type-check (so the types are not `any`). */
const CONSUMER_TS = `
import { startServer, runScenario, parseScenario, type RunningServer, type StoredMessage, type RunResult, type ConnectionTranscript } from 'mailsim';

const server: RunningServer = await startServer({ ports: { pop3: false }, users: [{ user: 'alice', password: 'secret' }] });
const imapPort: number | undefined = server.ports.imap;
const address: string = server.addUser('bob', 'secret');
await server.deliver({ to: ['alice', address], subject: 'Hi', text: 'x' });
const messages: StoredMessage[] = await server.messages('alice', 'INBOX');
const date: Date | undefined = messages[0]?.internalDate;
const flags: readonly string[] | undefined = messages[0]?.flags;
const unseen: number | undefined = server.mailboxes('alice')[0]?.unseen;
const lines: readonly string[] | undefined = server.transcripts()[0]?.lines;
const transcript: ConnectionTranscript[] = server.transcripts();
const inboxSize: number | undefined = server.store.account('alice@mailsim.test')?.inbox.messages.length;
await server.close();
const result: RunResult = await runScenario(parseScenario('', 'x.yaml'), { seed: 1 });
console.log(imapPort, date, flags, unseen, lines, transcript, inboxSize, result.variants.length);

// @ts-expect-error users are { user, password } objects
await startServer({ users: ['alice'] });
// @ts-expect-error a port is a number or false
await startServer({ ports: { imap: '1143' } });
// @ts-expect-error internalDate is a Date
const asNumber: number = messages[0]!.internalDate;
// @ts-expect-error deliver needs a recipient
await server.deliver({ subject: 'no one' });
// @ts-expect-error messages() is asynchronous
const notAwaited: StoredMessage[] = server.messages('alice');
console.log(asNumber, notAwaited);
`;

// The cases only read the built package and write their own files: they run side by side.
describe.concurrent('the built package, imported the way another project would', () => {
  it('starts a server, delivers, reads back and closes from plain ESM, with only the public API exported', async () => {
    await writeFile(path.join(dir, 'consumer.mjs'), CONSUMER_JS);
    // A clean environment: no tsx loader or vitest settings leak into the consumer.
    const { stdout } = await run(process.execPath, ['consumer.mjs'], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
    expect(JSON.parse(stdout)).toEqual({
      domain: 'mailsim.test',
      messages: [{ subject: 'Hello from a consumer', text: 'Hi\n', date: true }],
      inbox: { name: 'INBOX', messages: 1 },
      protocols: ['smtp'],
      clash: 'PORT_IN_USE',
      deepImport: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
      ran: ['Hi'],
      invalid: 'a scenario needs at least one account',
    });
  });

  it('type-checks a consumer against the published declarations (NodeNext resolution)', async () => {
    await writeFile(path.join(dir, 'consumer.ts'), CONSUMER_TS);
    const tsconfig = {
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
      files: ['consumer.ts'],
    };
    await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    // tsc prints its errors on stdout; show them if it fails.
    const outcome = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: dir }).then(
      () => 'ok',
      (e: { stdout: string }) => e.stdout,
    );
    expect(outcome).toBe('ok');
  });

  it('declarations import only runtime dependencies, which an installing project has', async () => {
    const manifest = JSON.parse(await readFile(path.join(pkg, 'package.json'), 'utf8')) as PackageJson;
    const allowed = new Set(Object.keys(manifest.dependencies));
    const bare = new Set<string>();
    const files = (await readdir(path.join(pkg, 'dist'), { recursive: true })).filter((f) => f.endsWith('.d.ts'));
    expect(files).toContain('index.d.ts');
    for (const file of files) {
      const text = await readFile(path.join(pkg, 'dist', file), 'utf8');
      for (const [, specifier] of text.matchAll(/^(?:import|export)[^'"]*from '([^'.][^']*)'/gm)) bare.add(specifier!);
    }
    const packages = [...bare].filter((s) => !s.startsWith('node:')).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
    expect(packages.filter((p) => !allowed.has(p))).toEqual([]);
  });
});
