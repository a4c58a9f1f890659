import type { Box } from '../../shared/face/types.js';

export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The crop that frames a face like a webcam shot: centred on the face, `1 / faceFraction` face widths wide, with
 * the given aspect ratio. It is shifted to stay inside the photo, and shrunk (the face then fills more of it) when
 * the photo is too small for it.
 */
export function frameAroundFace(
  face: Box,
  imageWidth: number,
  imageHeight: number,
  options: { faceFraction?: number; aspect?: number } = {},
): Region {
  const { faceFraction = 1 / 3, aspect = 4 / 3 } = options;
  let width = face.width / faceFraction;
  let height = width / aspect;
  const shrink = Math.min(1, imageWidth / width, imageHeight / height);
  width = Math.floor(width * shrink);
  height = Math.floor(height * shrink);
  const clamp = (value: number, max: number): number => Math.round(Math.min(Math.max(value, 0), max));
  return {
    left: clamp(face.x + face.width / 2 - width / 2, imageWidth - width),
    top: clamp(face.y + face.height / 2 - height / 2, imageHeight - height),
    width,
    height,
  };
}
