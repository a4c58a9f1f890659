/**
 * The oval drawn over the camera preview, with the area outside it dimmed, so people know where to put their face;
 * and a ring on the oval that fills while the picture stays good (auto-capture fires when it is full).
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface FaceGuide {
  element: SVGSVGElement;
  /** Fills the ring to `fraction` (0..1). */
  setProgress(fraction: number): void;
}

export function faceGuide(): FaceGuide {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'face-guide');
  svg.setAttribute('viewBox', '0 0 640 480');
  svg.setAttribute('preserveAspectRatio', 'xMidYMid slice');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  // The frame minus the oval (even-odd fill), dimmed; then the oval's outline and the progress ring on it.
  const mask = document.createElementNS(SVG_NS, 'path');
  mask.setAttribute('d', 'M0 0H640V480H0Z M320 60a125 165 0 1 0 0.1 0Z');
  mask.setAttribute('fill-rule', 'evenodd');
  mask.setAttribute('class', 'face-guide-mask');
  const oval = ellipse('face-guide-oval');
  const ring = ellipse('face-guide-progress');
  // pathLength 100 makes the dash length a percentage; the rotation starts the ring at the top.
  ring.setAttribute('pathLength', '100');
  ring.setAttribute('transform', 'rotate(-90 320 225)');
  ring.setAttribute('stroke-dasharray', '0 100');
  ring.style.visibility = 'hidden';
  svg.append(mask, oval, ring);
  return {
    element: svg,
    setProgress(fraction) {
      const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
      ring.setAttribute('stroke-dasharray', `${percent} 100`);
      // An empty dash with round caps would still draw a dot at the top.
      ring.style.visibility = percent === 0 ? 'hidden' : 'visible';
      svg.dataset.progress = String(percent);
    },
  };
}

function ellipse(className: string): SVGEllipseElement {
  const e = document.createElementNS(SVG_NS, 'ellipse');
  e.setAttribute('cx', '320');
  e.setAttribute('cy', '225');
  e.setAttribute('rx', '125');
  e.setAttribute('ry', '165');
  e.setAttribute('class', className);
  return e;
}
