/** Why an image was refused before any face could be looked for. */
export type ImageErrorCode =
  'not_an_image' | 'unsupported_format' | 'truncated_image' | 'image_too_large' | 'image_too_small';

/** Thrown for input the engine cannot or will not decode; never for "no face" (that is a result). */
export class ImageError extends Error {
  override readonly name = 'ImageError';
  constructor(
    readonly code: ImageErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Thrown when model weights are missing or do not match the manifest's sha256. */
export class ModelIntegrityError extends Error {
  override readonly name = 'ModelIntegrityError';
}

/** Thrown when a model version is asked for that models/manifest.json does not list. */
export class UnknownModelVersionError extends Error {
  override readonly name = 'UnknownModelVersionError';
  constructor(
    readonly version: string,
    readonly known: readonly string[],
  ) {
    super(`Unknown model version "${version}"; the manifest lists ${known.join(', ')}`);
  }
}
