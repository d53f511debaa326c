import { namespace as namespaceCommand } from '../commands/namespace.js';
import { defineExtension } from './extension.js';

/** NAMESPACE (RFC 2342): one personal namespace with an empty prefix. */
export const namespace = defineExtension({ id: 'NAMESPACE', rfc: 'RFC 2342', title: 'NAMESPACE', capabilities: ['NAMESPACE'], commands: [namespaceCommand] });
