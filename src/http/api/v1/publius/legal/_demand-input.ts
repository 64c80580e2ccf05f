import type { FastifyRequest } from 'fastify';
import { isUploadedFile } from '../../../../plugins/body.js';
import type { ScannedDocument } from '../../../../../legal/desk/desk.service.js';
import { fail } from '../../../../../errors.js';

/** A demand as the request carried it: parsed JSON, or text (JSON or YAML) from a form part or an uploaded file. */
export type DemandSource = { input: unknown } | { text: string; filename?: string };

const DEMAND_TEXT_MAX = 1024 * 1024;
/**
 * plugins/body.ts lets the multipart parser cut a text field at 100,000 bytes without saying so. A demand cut
 * short would be stored as if that were what arrived, so a text part that reaches the limit is refused and the
 * sender is told to upload the demand as a file part, which is read whole.
 */
const FIELD_LIMIT_BYTES = 100_000;

function isForm(request: FastifyRequest): boolean {
  return request.isMultipart() || /^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '');
}

/**
 * Reads the demand from a request. A JSON body is the demand itself, whatever its shape: a demand that does
 * not validate must still reach intake so it is stored as received with its problems. A form or multipart body
 * carries it in a `demand` part (text, or a file such as a .yaml the agency exported). Only a request with no
 * demand at all is refused, since there is nothing to store.
 */
export function readDemand(request: FastifyRequest): DemandSource {
  if (!isForm(request)) {
    if (request.body === undefined || request.body === null) fail('VALIDATION', 'Validation failed: demand: send the demand as a JSON body, or as a multipart "demand" part');
    return { input: request.body };
  }
  const body = (request.body ?? {}) as Record<string, unknown>;
  const part = body.demand;
  if (isUploadedFile(part)) {
    if (part.data.length > DEMAND_TEXT_MAX) fail('PAYLOAD_TOO_LARGE', 'The demand file is larger than 1 MB');
    return { text: part.data.toString('utf8'), filename: part.filename };
  }
  if (typeof part === 'string' && Buffer.byteLength(part) >= FIELD_LIMIT_BYTES) {
    fail('PAYLOAD_TOO_LARGE', 'A demand this long must be uploaded as a file in the "demand" part, not as a text field');
  }
  if (typeof part === 'string' && part.trim()) return { text: part };
  fail('VALIDATION', 'Validation failed: demand: a "demand" part with the demand as JSON or YAML text is required');
}

/** The scanned document from a multipart `document` file part; null when none was sent. */
export function readScan(request: FastifyRequest, required: boolean): ScannedDocument | null {
  const body = (request.isMultipart() ? request.body ?? {} : {}) as Record<string, unknown>;
  const part = body.document;
  if (isUploadedFile(part)) return { filename: part.filename, mediaType: part.mimetype, content: part.data };
  if (part !== undefined || required) {
    fail('VALIDATION', 'Validation failed: document: upload the scanned document as a multipart file part named "document"');
  }
  return null;
}
