// An esbuild plugin for scripts/bundle-cli.mjs: dependencies of our dependencies that the
// `mailsim` command never calls, left out of the bundle. Each is imported at the top of a module
// mailsim needs, so bundled it would be loaded and initialised on every start-up; left out, `run
// laptop-phone` starts ~20 ms sooner (400 -> 380 ms on the 2-core machine, medians of 25) and the
// bundle is 340 KB smaller. What stands in for each throws, naming what would have been called,
// should a future use reach it.
const UNUSED = {
  // imapflow's default logger (imapflow/dist/esm/logger.js), made only for a client given no
  // logger of its own; every ImapFlow mailsim makes gets one (src/devices/imap/connection.ts).
  // pino would also load worker_threads, thread-stream and sonic-boom.
  pino: 'export default function pino() { throw new Error(UNUSED("pino", "imapflow was given no logger")); }',
  // imapflow's SOCKS proxy support (imapflow/dist/esm/proxy-connection.js), used only with its
  // `proxy` option, which mailsim never sets.
  socks: 'export const SocksClient = { createConnection() { throw new Error(UNUSED("socks", "imapflow was asked for a proxy")); } };',
};

const EXPLAIN = 'const UNUSED = (name, why) => `mailsim\'s bundle leaves ${name} out (scripts/unused-in-bundle.mjs), but ${why}`;\n';

export const unusedInBundle = {
  name: 'unused-in-bundle',
  setup(build) {
    const names = new RegExp(`^(${Object.keys(UNUSED).join('|')})$`);
    build.onResolve({ filter: names }, (args) => ({ path: args.path, namespace: 'unused-in-bundle' }));
    build.onLoad({ filter: /.*/, namespace: 'unused-in-bundle' }, (args) => ({ contents: EXPLAIN + UNUSED[args.path], loader: 'js' }));
  },
};
