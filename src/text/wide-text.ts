/**
 * Width and wrapping for any text (wide characters, emoji, colour codes): string-width and
 * wrap-ansi, for what width.ts does not measure or wrap itself. Imported as usual here; the built
 * `mailsim` command replaces this module with wide-text-on-demand.ts (scripts/bundle-cli.mjs), so
 * that a run whose text is all one-column never loads them (string-width's module alone creates an
 * `Intl.Segmenter` and the `\p{RGI_Emoji}` expression, ~30 ms).
 */
export { default as stringWidth } from 'string-width';
export { default as wrapAnsi } from 'wrap-ansi';
