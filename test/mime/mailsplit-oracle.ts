import type { Transform } from 'node:stream';
import { Splitter, type MimeNode, type SplitterChunk } from '@zone-eu/mailsplit';

/** Offsets of one MIME node as @zone-eu/mailsplit sees it, in the order it emits nodes. */
export interface OracleNode {
  headerStart: number;
  headerEnd: number;
  /** End of the body for leaf nodes; null for multiparts and parsed message/rfc822 containers. */
  bodyEnd: number | null;
  contentType: string;
}

/**
 * Splits a message with mailsplit and recovers byte offsets from its output stream: mailsplit
 * re-emits every input byte exactly once (node headers, `data` for multipart structure, `body`
 * for leaf content), so a running position over the chunks gives each node's header and body span.
 * Embedded messages are parsed unless their disposition is attachment (defaultInlineEmbedded).
 */
export function splitWithMailsplit(raw: Buffer): Promise<OracleNode[]> {
  return new Promise((resolve, reject) => {
    const splitter = new Splitter({ defaultInlineEmbedded: true });
    const nodes: OracleNode[] = [];
    const byNode = new Map<MimeNode, OracleNode>();
    let position = 0;
    splitter.on('data', (chunk: SplitterChunk) => {
      if (chunk.type === 'node') {
        const headerLength = chunk.getHeaders().length;
        const isLeaf = chunk.multipart === false && chunk.messageNode !== true;
        const node: OracleNode = {
          headerStart: position,
          headerEnd: position + headerLength,
          bodyEnd: isLeaf ? position + headerLength : null,
          contentType: chunk.contentType === false ? '' : chunk.contentType,
        };
        nodes.push(node);
        byNode.set(chunk, node);
        position += headerLength;
        return;
      }
      position += chunk.value.length;
      const owner = byNode.get(chunk.node);
      if (chunk.type === 'body' && owner !== undefined && owner.bodyEnd !== null) owner.bodyEnd = position;
    });
    // mailsplit's typings only declare 'data'; the other events are those of any Transform.
    const stream = splitter as unknown as Transform;
    stream.on('error', reject);
    stream.on('end', () => {
      if (position !== raw.length) reject(new Error(`mailsplit emitted ${position} of ${raw.length} bytes`));
      else resolve(nodes);
    });
    splitter.end(raw);
  });
}
