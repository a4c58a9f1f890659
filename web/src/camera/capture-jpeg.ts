/**
 * Turns what the camera sees, or a picked photo, into a JPEG small enough to upload fast and large enough for
 * the face detector: the longest side is capped, the aspect ratio kept.
 */

export interface JpegOptions {
  /** Longest side in pixels after scaling down (never scaled up). */
  maxSide?: number;
  /** JPEG quality 0..1. */
  quality?: number;
}

const DEFAULTS = { maxSide: 640, quality: 0.9 };

/** The size to draw a `width`x`height` source at so its longest side is at most `maxSide`. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The current video frame as a JPEG. Not mirrored: the preview is mirrored for the viewer, the photo is not. */
export function captureVideoFrame(video: HTMLVideoElement, options: JpegOptions = {}): Promise<Blob> {
  if (video.videoWidth === 0 || video.videoHeight === 0) {
    return Promise.reject(new Error('The camera has not delivered a picture yet'));
  }
  return drawToJpeg(video, video.videoWidth, video.videoHeight, options);
}

/**
 * A picked photo, re-encoded as a JPEG at most `maxSide` on its longest side (phone photos are often 12
 * megapixels). EXIF orientation is applied by createImageBitmap. Returns the file itself if the browser cannot
 * decode it (e.g. HEIC), so the server can say precisely what is wrong with it.
 */
export async function normalizePickedPhoto(file: File, options: JpegOptions = {}): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  try {
    return await drawToJpeg(bitmap, bitmap.width, bitmap.height, { maxSide: 1280, ...options });
  } finally {
    bitmap.close();
  }
}

async function drawToJpeg(
  source: CanvasImageSource,
  width: number,
  height: number,
  options: JpegOptions,
): Promise<Blob> {
  const { maxSide, quality } = { ...DEFAULTS, ...options };
  const size = fitWithin(width, height, maxSide);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw the photo');
  context.drawImage(source, 0, 0, size.width, size.height);
  // toDataURL, not toBlob: Chromium runs toBlob's encoder in the main thread's idle time, and a page busy with live
  // guidance has little, so the photo waited up to ~2 s (measured on a loaded machine); the synchronous encode of a
  // 640 px JPEG takes a few milliseconds.
  return dataUrlToBlob(canvas.toDataURL('image/jpeg', quality));
}

/** The bytes of a base64 `data:` URL as a Blob of its media type. */
export function dataUrlToBlob(url: string): Blob {
  const comma = url.indexOf(',');
  const header = url.slice(0, comma);
  const match = /^data:([^;,]*)(;[^,]*)?;base64$/.exec(header);
  if (comma < 0 || !match) throw new Error('The photo could not be encoded');
  const text = atob(url.slice(comma + 1));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new Blob([bytes], { type: match[1] });
}
