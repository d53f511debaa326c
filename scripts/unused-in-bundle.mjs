// An esbuild plugin for scripts/bundle-cli.mjs: code of our dependencies that the `mailsim`
// command never calls, left out of the bundle. Each is imported at the top of a module mailsim
// needs, so bundled it would be loaded and initialised on every start-up; left out, `run
// laptop-phone` starts ~30 ms sooner on the 2-core machine (pino and socks ~20 ms, nodemailer's
// fetch ~10 ms; medians of 25, interleaved; mailsplit ~5 ms more) and the bundle is ~390 KB
// smaller. What stands in for each throws, naming what was left out and what reached it, should a
// future use do so.
const UNUSED = {
  // imapflow's default logger (imapflow/dist/esm/logger.js), made only for a client given no
  // logger of its own; every ImapFlow mailsim makes gets one (src/devices/imap/connection.ts).
  // pino would also load worker_threads, thread-stream and sonic-boom.
  pino: 'export default function pino() { throw new Error(UNUSED("pino", "imapflow was given no logger")); }',
  // imapflow's SOCKS proxy support (imapflow/dist/esm/proxy-connection.js), used only with its
  // `proxy` option, which mailsim never sets.
  socks: 'export const SocksClient = { createConnection() { throw new Error(UNUSED("socks", "imapflow was asked for a proxy")); } };',
  // The MIME splitter behind imapflow's download() and downloadMany() (imapflow/dist/esm/download.js),
  // which decode a message part for a caller; mailsim's devices fetch whole messages and headers
  // with fetch() and read them with postal-mime. It would also load a second, CommonJS copy of
  // libmime: ~5 ms of every run's start-up.
  '@zone-eu/mailsplit': 'export class Headers { constructor() { throw new Error(UNUSED("@zone-eu/mailsplit", "imapflow was asked to download() a message part")); } }',
  '@zone-eu/mailsplit/lib/flowed-decoder.js': 'export default class FlowedDecoder { constructor() { throw new Error(UNUSED("@zone-eu/mailsplit", "imapflow was asked to download() a format=flowed part")); } }',
};

const EXPLAIN = 'const UNUSED = (name, why) => `mailsim\'s bundle leaves ${name} out (scripts/unused-in-bundle.mjs), but ${why}`;\n';

/**
 * nodemailer's HTTP client (dist/esm/fetch/index.js), which loads node's http and https.
 * nodemailer fetches only an attachment or body given as a URL (`href`, or a `path` that is one)
 * and OAuth2 tokens: mailsim's messages carry their content (src/scenario/compose.ts), its
 * transports refuse URLs (`disableUrlAccess`) and log in with passwords.
 */
const NODEMAILER_FETCH = /[\\/]nodemailer[\\/]dist[\\/]esm[\\/]fetch[\\/]index\.js$/;
const NODEMAILER_FETCH_STAND_IN = 'export default function nmfetch(url) { throw new Error(UNUSED("nodemailer\'s fetch", `nodemailer was asked to fetch ${url}`)); }';

export const unusedInBundle = {
  name: 'unused-in-bundle',
  setup(build) {
    const names = new RegExp(`^(${Object.keys(UNUSED).map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter: names }, (args) => ({ path: args.path, namespace: 'unused-in-bundle' }));
    build.onLoad({ filter: /.*/, namespace: 'unused-in-bundle' }, (args) => ({ contents: EXPLAIN + UNUSED[args.path], loader: 'js' }));
    build.onLoad({ filter: NODEMAILER_FETCH }, () => ({ contents: EXPLAIN + NODEMAILER_FETCH_STAND_IN, loader: 'js' }));
  },
};
