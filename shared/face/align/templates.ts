import type { Landmarks5 } from '../types.js';

/** Where the five MTCNN landmarks should land in an embedder's input chip. */
export interface AlignmentTemplate {
  id: string;
  size: number;
  points: Landmarks5;
}

/**
 * dlib's face chip (`get_face_chip_details(shape, 150, 0.25)`, the input FaceRecognitionNet was trained on),
 * expressed in MTCNN's five points: eye centres = mean of dlib's mean-shape eye contours (landmarks 36-41, 42-47),
 * nose tip = landmark 30, mouth corners = 48 and 54; each mapped by (p + 0.25) / 1.5 * 150.
 */
export const DLIB_150: AlignmentTemplate = {
  id: 'dlib-5pt-150',
  size: 150,
  points: [
    { x: 47.549, y: 46.599 },
    { x: 100.476, y: 46.599 },
    { x: 74.013, y: 76.563 },
    { x: 50.415, y: 103.023 },
    { x: 97.61, y: 103.023 },
  ],
};

/** The ArcFace/InsightFace 112x112 five-point template, for embedders trained on it. */
export const ARCFACE_112: AlignmentTemplate = {
  id: 'arcface-5pt-112',
  size: 112,
  points: [
    { x: 38.2946, y: 51.6963 },
    { x: 73.5318, y: 51.5014 },
    { x: 56.0252, y: 71.7366 },
    { x: 41.5493, y: 92.3655 },
    { x: 70.7299, y: 92.2041 },
  ],
};

/** A template scaled to another chip size (e.g. ArcFace's to 224 for faceres). */
export function scaleTemplate(t: AlignmentTemplate, size: number, id = `${t.id}@${size}`): AlignmentTemplate {
  const k = size / t.size;
  const p = t.points.map((q) => ({ x: q.x * k, y: q.y * k }));
  return { id, size, points: [p[0]!, p[1]!, p[2]!, p[3]!, p[4]!] };
}
