/**
 * multipart/form-data parsing (busboy) of an already buffered body, with limits so a form can hold a few short
 * fields and at most one file of bounded size. Every violation is a typed AppError, never a busboy exception.
 */
import busboy from 'busboy';
import { AppError } from '../app/app-error.js';

export interface MultipartLimits {
  /** Largest accepted file, in bytes; a larger one is 413 `payload_too_large`. */
  maxFileBytes: number;
  /** Most files (default 1). */
  maxFiles?: number;
  /** Most text fields (default 8). */
  maxFields?: number;
  /** Longest text field value, in bytes (default 4096). */
  maxFieldBytes?: number;
}

export interface MultipartFile {
  field: string;
  filename: string | undefined;
  mimeType: string;
  bytes: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string>;
  files: MultipartFile[];
}

/**
 * Parses `body` as multipart/form-data under `contentType` (which carries the boundary).
 * @throws AppError 400 `invalid_multipart` (malformed), 400 `invalid_request` (too many or repeated parts,
 *   over-long field), 413 `payload_too_large` (file over the limit).
 */
export function parseMultipartForm(body: Buffer, contentType: string, limits: MultipartLimits): Promise<MultipartForm> {
  const maxFiles = limits.maxFiles ?? 1;
  const maxFields = limits.maxFields ?? 8;
  return new Promise<MultipartForm>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        limits: {
          files: maxFiles,
          fileSize: limits.maxFileBytes,
          fields: maxFields,
          fieldSize: limits.maxFieldBytes ?? 4096,
          parts: maxFiles + maxFields,
          headerPairs: 20,
        },
      });
    } catch {
      reject(new AppError(400, 'invalid_multipart', 'multipart/form-data needs a boundary parameter'));
      return;
    }

    const form: MultipartForm = { fields: {}, files: [] };
    const pendingFiles: Promise<void>[] = [];
    let failure: AppError | undefined;
    const fail = (error: AppError) => (failure ??= error);

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(invalidRequest(`form field "${name}" is too long`));
      else if (Object.hasOwn(form.fields, name)) fail(invalidRequest(`form field "${name}" is repeated`));
      else form.fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      pendingFiles.push(
        new Promise<void>((done) => {
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('limit', () =>
            fail(new AppError(413, 'payload_too_large', `the image exceeds ${limits.maxFileBytes} bytes`)),
          );
          stream.on('close', () => {
            form.files.push({ field, filename: info.filename, mimeType: info.mimeType, bytes: Buffer.concat(chunks) });
            done();
          });
          stream.on('error', () => done());
        }),
      );
    });
    parser.on('filesLimit', () => fail(invalidRequest(`at most ${maxFiles} file may be sent`)));
    parser.on('fieldsLimit', () => fail(invalidRequest(`at most ${maxFields} form fields may be sent`)));
    parser.on('partsLimit', () => fail(invalidRequest('too many form parts')));
    parser.on('error', () => {
      // Malformed framing outranks any limit noticed before it: the rest of the body cannot be trusted.
      reject(new AppError(400, 'invalid_multipart', 'the multipart/form-data body is malformed'));
    });
    parser.on('close', () => {
      void Promise.all(pendingFiles).then(() => (failure ? reject(failure) : resolve(form)));
    });
    parser.end(body);
  });
}

function invalidRequest(message: string): AppError {
  return new AppError(400, 'invalid_request', message);
}
