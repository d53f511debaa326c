import { RunJson, type RunJsonDocument } from '../json.js';
import { buildPage } from './model.js';
import { DATA_ID, renderPage } from './page.js';

export interface HtmlOptions {
  /** Subject of a message whose path the page highlights (--explain). */
  readonly explain?: string;
}

/**
 * The HTML report: a pure function of the --json document (with its frames and exchanges), which
 * the page embeds. Same document, same bytes; readEmbeddedDocument(page) gives the document back.
 */
export function renderHtml(document: RunJsonDocument, options: HtmlOptions = {}): string {
  return renderPage(buildPage(document, options), document, `mailsim ${document.mailsim}`);
}

/** The --json document a page was made from, validated against the schema. */
export function readEmbeddedDocument(html: string): RunJsonDocument {
  const match = new RegExp(`<script type="application/json" id="${DATA_ID}">([^<]*)</script>`).exec(html);
  if (!match) throw new Error(`no <script id="${DATA_ID}"> in this page`);
  return RunJson.parse(JSON.parse(match[1]!));
}
