import { encodePng, type Rgba } from './png.js';

/**
 * keyplan's Teams icons, drawn here rather than downloaded: a key (a ring, a shaft and two teeth).
 * Teams wants a 192×192 colour icon and a 32×32 outline icon that is white on transparent.
 */
export const ACCENT = '#2B59C3';

type Shape = (x: number, y: number) => boolean;

/** The key in a unit square, as strokes that still read at 32 pixels. */
const key: Shape = (x, y) => {
  const ring = Math.hypot(x - 0.3, y - 0.5);
  if (ring <= 0.2 && ring >= 0.115) return true;
  if (x >= 0.48 && x <= 0.88 && y >= 0.455 && y <= 0.545) return true;
  if (x >= 0.66 && x <= 0.73 && y >= 0.545 && y <= 0.68) return true;
  if (x >= 0.79 && x <= 0.88 && y >= 0.545 && y <= 0.72) return true;
  return false;
};

/** A square with rounded corners filling the unit square. */
const roundedSquare =
  (radius: number): Shape =>
  (x, y) => {
    const dx = Math.max(radius - x, 0, x - (1 - radius));
    const dy = Math.max(radius - y, 0, y - (1 - radius));
    return Math.hypot(dx, dy) <= radius;
  };

/** Fraction of a pixel a shape covers, from a 4×4 grid of samples (smooth edges). */
function coverage(shape: Shape, px: number, py: number, size: number): number {
  let inside = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      if (shape((px + (sx + 0.5) / 4) / size, (py + (sy + 0.5) / 4) / size)) inside++;
    }
  }
  return inside / 16;
}

function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** The colour icon: a white key on a rounded square of keyplan's accent colour. */
export function colorIcon(size = 192): Rgba {
  const pixels = new Uint8Array(size * size * 4);
  const [r, g, b] = rgb(ACCENT);
  const background = roundedSquare(0.2);
  // The key sits in the middle 70% of the square.
  const glyph: Shape = (x, y) => key((x - 0.15) / 0.7, (y - 0.15) / 0.7);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const fill = coverage(background, x, y, size);
      const mark = coverage(glyph, x, y, size);
      const at = (y * size + x) * 4;
      pixels[at] = Math.round(r + (255 - r) * mark);
      pixels[at + 1] = Math.round(g + (255 - g) * mark);
      pixels[at + 2] = Math.round(b + (255 - b) * mark);
      pixels[at + 3] = Math.round(255 * fill);
    }
  }
  return { width: size, height: size, pixels };
}

/** The outline icon: the key in white, everything else transparent. */
export function outlineIcon(size = 32): Rgba {
  const pixels = new Uint8Array(size * size * 4);
  const glyph: Shape = (x, y) => key((x - 0.04) / 0.92, (y - 0.04) / 0.92);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const at = (y * size + x) * 4;
      const alpha = Math.round(255 * coverage(glyph, x, y, size));
      if (alpha === 0) continue;
      pixels.set([255, 255, 255, alpha], at);
    }
  }
  return { width: size, height: size, pixels };
}

export function iconFiles(): { 'color.png': Buffer; 'outline.png': Buffer } {
  return { 'color.png': encodePng(colorIcon()), 'outline.png': encodePng(outlineIcon()) };
}
