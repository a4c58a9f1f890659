/**
 * What the SDK accepts as a photo: a Blob (a browser File, a canvas capture, `fetch(uri).blob()` in React Native),
 * raw bytes (Node: `readFile`), or base64 (Expo's `takePictureAsync({ base64: true })`), which is sent as JSON so no
 * Blob is needed at all.
 */
export type ImageInput = Blob | Uint8Array | ArrayBuffer | { base64: string; type?: string };

/** The request shape an image travels in: a Blob for multipart, or a base64 string for the JSON body. */
export type EncodedImage = { kind: 'blob'; blob: Blob } | { kind: 'base64'; base64: string };

export function encodeImage(image: ImageInput, type = 'image/jpeg'): EncodedImage {
  if (isBase64(image)) return { kind: 'base64', base64: image.base64 };
  if (image instanceof Blob) return { kind: 'blob', blob: image };
  return { kind: 'blob', blob: new Blob([blobPart(image)], { type }) };
}

/** The bytes for a signed upload, which takes the photo as the raw request body. */
export function uploadBody(image: ImageInput, type: string): Blob {
  if (isBase64(image)) return new Blob([base64ToBytes(image.base64)], { type: image.type ?? type });
  if (image instanceof Blob) return image;
  return new Blob([blobPart(image)], { type });
}

/** The content type to announce for `image`. */
export function imageType(image: ImageInput): string {
  if (isBase64(image)) return image.type ?? dataUrlType(image.base64) ?? 'image/jpeg';
  if (image instanceof Blob && image.type) return image.type;
  return 'image/jpeg';
}

/** A file name for a multipart part, from a File's own name or the type. */
export function fileNameFor(image: Blob): string {
  const named = (image as { name?: unknown }).name;
  if (typeof named === 'string' && named !== '') return named;
  const ext = image.type === 'image/png' ? 'png' : image.type === 'image/webp' ? 'webp' : 'jpg';
  return `capture.${ext}`;
}

function isBase64(image: ImageInput): image is { base64: string; type?: string } {
  return typeof (image as { base64?: unknown }).base64 === 'string';
}

function dataUrlType(value: string): string | undefined {
  return /^data:([^;,]+)[;,]/.exec(value)?.[1];
}

/** atob is in browsers, React Native (Hermes) and Node 16+. */
function base64ToBytes(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value.replace(/^data:[^,]*,/, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** TypeScript 5.9 types Blob parts as views over a plain ArrayBuffer; a Uint8Array of any buffer works at run time. */
function blobPart(bytes: Uint8Array | ArrayBuffer): ArrayBuffer {
  return bytes as ArrayBuffer;
}
