/** The oval drawn over the camera preview, with the area outside it dimmed, so people know where to put their face. */

const SVG_NS = 'http://www.w3.org/2000/svg';

export function faceGuide(): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'face-guide');
  svg.setAttribute('viewBox', '0 0 640 480');
  svg.setAttribute('preserveAspectRatio', 'xMidYMid slice');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  // The frame minus the oval (even-odd fill), dimmed; then the oval's outline.
  const mask = document.createElementNS(SVG_NS, 'path');
  mask.setAttribute('d', 'M0 0H640V480H0Z M320 60a125 165 0 1 0 0.1 0Z');
  mask.setAttribute('fill-rule', 'evenodd');
  mask.setAttribute('class', 'face-guide-mask');
  const oval = document.createElementNS(SVG_NS, 'ellipse');
  oval.setAttribute('cx', '320');
  oval.setAttribute('cy', '225');
  oval.setAttribute('rx', '125');
  oval.setAttribute('ry', '165');
  oval.setAttribute('class', 'face-guide-oval');
  svg.append(mask, oval);
  return svg;
}
