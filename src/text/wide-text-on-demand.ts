/**
 * wide-text.ts as the built `mailsim` command has it (scripts/bundle-cli.mjs puts this module in
 * its place): string-width and wrap-ansi loaded the first time they are needed. esbuild bundles
 * these require() calls and runs each module at the first call, not when the bundle loads. Only
 * for the bundle: as an ES module outside it, `require` would not exist.
 */
type StringWidth = typeof import('string-width').default;
type WrapAnsi = typeof import('wrap-ansi').default;

let measure: StringWidth | undefined;
let wrap: WrapAnsi | undefined;

export const stringWidth: StringWidth = (text, options) => (measure ??= (require('string-width') as { default: StringWidth }).default)(text, options);

export const wrapAnsi: WrapAnsi = (text, columns, options) => (wrap ??= (require('wrap-ansi') as { default: WrapAnsi }).default)(text, columns, options);
