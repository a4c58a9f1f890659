import sharp from 'sharp';

/**
 * A small JPEG data URI of an image for the report, EXIF-rotated; undefined when the file cannot be decoded
 * (a missing or corrupt image is exactly what the report may be listing).
 */
export async function thumbnailDataUri(file: string, size = 112): Promise<string | undefined> {
  try {
    const jpeg = await sharp(file, { failOn: 'none' })
      .rotate()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 70 })
      .toBuffer();
    return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
  } catch {
    return undefined;
  }
}
