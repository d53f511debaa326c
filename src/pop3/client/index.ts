export { Pop3Client, DEFAULT_CLIENT_TIMEOUT_MS, type Pop3ClientOptions } from './client.js';
export { Pop3Error, type Pop3ErrorCode } from './errors.js';
