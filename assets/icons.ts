/**
 * Herald's icons, drawn procedurally (a bell) and encoded as PNG / ICO with nothing but
 * node:zlib, so no image tool is needed. generate-icons.ts writes them next to this file;
 * main/tray/system-tray.test.ts checks the committed files still match what this code draws.
 *
 * Shapes are signed-distance functions on a unit square (x right, y down); a pixel's colour
 * is the average of 4×4 samples, each taking the topmost layer whose shape contains it.
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];
type Sdf = (x: number, y: number) => number;
interface Layer {
  shape: Sdf;
  /** A colour, a colour per point (gradients), or 'erase' to punch a transparent hole. */
  paint: Rgba | ((x: number, y: number) => Rgba) | 'erase';
}

export const TRAY_STATES = ['online', 'connecting', 'offline', 'unread'] as const;
export type TrayIconName = (typeof TRAY_STATES)[number];

// ---- shapes -------------------------------------------------------------------------------

const circle =
  (cx: number, cy: number, r: number): Sdf =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - r;

function roundedBox(x0: number, y0: number, x1: number, y1: number, radius: number): Sdf {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - radius;
  const hy = (y1 - y0) / 2 - radius;
  return (x, y) => {
    const dx = Math.abs(x - cx) - hx;
    const dy = Math.abs(y - cy) - hy;
    return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - radius;
  };
}

/** A thick line segment from (x0, y0) to (x1, y1). */
function segment(x0: number, y0: number, x1: number, y1: number, width: number): Sdf {
  return (x, y) => {
    const vx = x1 - x0;
    const vy = y1 - y0;
    const t = Math.min(1, Math.max(0, ((x - x0) * vx + (y - y0) * vy) / (vx * vx + vy * vy)));
    return Math.hypot(x - x0 - t * vx, y - y0 - t * vy) - width / 2;
  };
}

const union =
  (...shapes: Sdf[]): Sdf =>
  (x, y) =>
    Math.min(...shapes.map((shape) => shape(x, y)));

const grow =
  (shape: Sdf, by: number): Sdf =>
  (x, y) =>
    shape(x, y) - by;

/** The shape scaled by `scale` around the square's centre. */
const scaled =
  (shape: Sdf, scale: number): Sdf =>
  (x, y) =>
    shape((x - 0.5) / scale + 0.5, (y - 0.5) / scale + 0.5) * scale;

/** The bell's flaring body: a dome on top, widening towards the rim (an approximate SDF). */
const bellBody: Sdf = (x, y) => {
  const domeY = 0.4;
  const bottom = 0.74;
  const dx = Math.abs(x - 0.5);
  if (y <= domeY) return circle(0.5, domeY, 0.24)(x, y);
  const t = (y - domeY) / (bottom - domeY);
  const halfWidth = 0.24 + 0.15 * t * t;
  return Math.max(dx - halfWidth, y - bottom);
};

const bell: Sdf = union(
  circle(0.5, 0.13, 0.065), // the loop on top
  bellBody,
  roundedBox(0.09, 0.68, 0.91, 0.79, 0.05), // the rim
  circle(0.5, 0.85, 0.085), // the clapper
);

const DOT = circle(0.79, 0.21, 0.17);
const SLASH = segment(0.12, 0.1, 0.88, 0.9, 0.085);

// ---- rendering ----------------------------------------------------------------------------

const SAMPLES = 4;

export interface Bitmap {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, not premultiplied, row by row. */
  data: Uint8Array;
}

function render(size: number, layers: readonly Layer[]): Bitmap {
  const data = new Uint8Array(size * size * 4);
  const step = 1 / (size * SAMPLES);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px * SAMPLES + sx + 0.5) * step;
          const y = (py * SAMPLES + sy + 0.5) * step;
          const color = sampleColor(layers, x, y);
          if (!color) continue;
          const alpha = color[3] / 255;
          r += color[0] * alpha;
          g += color[1] * alpha;
          b += color[2] * alpha;
          a += alpha;
        }
      }
      const offset = (py * size + px) * 4;
      if (a > 0) {
        data[offset] = Math.round(r / a);
        data[offset + 1] = Math.round(g / a);
        data[offset + 2] = Math.round(b / a);
      }
      data[offset + 3] = Math.round((a / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return { width: size, height: size, data };
}

function sampleColor(layers: readonly Layer[], x: number, y: number): Rgba | null {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    if (!layer || layer.shape(x, y) > 0) continue;
    if (layer.paint === 'erase') return null;
    return typeof layer.paint === 'function' ? layer.paint(x, y) : layer.paint;
  }
  return null;
}

// ---- the icons ----------------------------------------------------------------------------

const BLUE: Rgba = [59, 130, 246, 255];
const AMBER: Rgba = [245, 158, 11, 255];
const GREY: Rgba = [140, 146, 158, 255];
const RED: Rgba = [229, 57, 53, 255];
const BLACK: Rgba = [0, 0, 0, 255];
const HALF_BLACK: Rgba = [0, 0, 0, 110];
const WHITE: Rgba = [255, 255, 255, 255];

/** The gap cut around the unread dot and the slash, so they read apart from the bell. */
const GAP = 0.07;

/** Colour tray icons (Linux panels, the Windows notification area). */
export function colourTrayIcon(state: TrayIconName, size: number): Bitmap {
  switch (state) {
    case 'online':
      return render(size, [{ shape: bell, paint: BLUE }]);
    case 'connecting':
      return render(size, [{ shape: bell, paint: AMBER }]);
    case 'offline':
      return render(size, [
        { shape: bell, paint: GREY },
        { shape: grow(SLASH, GAP), paint: 'erase' },
        { shape: SLASH, paint: GREY },
      ]);
    case 'unread':
      return render(size, [
        { shape: bell, paint: BLUE },
        { shape: grow(DOT, GAP), paint: 'erase' },
        { shape: DOT, paint: RED },
      ]);
  }
}

/** macOS template images: black and alpha only; the menu bar tints them for light/dark mode. */
export function templateTrayIcon(state: TrayIconName, size: number): Bitmap {
  switch (state) {
    case 'online':
      return render(size, [{ shape: bell, paint: BLACK }]);
    case 'connecting':
      // Dimmed: the usual menu-bar idiom for "not there yet".
      return render(size, [{ shape: bell, paint: HALF_BLACK }]);
    case 'offline':
      return render(size, [
        { shape: bell, paint: HALF_BLACK },
        { shape: grow(SLASH, GAP), paint: 'erase' },
        { shape: SLASH, paint: BLACK },
      ]);
    case 'unread':
      return render(size, [
        { shape: bell, paint: BLACK },
        { shape: grow(DOT, GAP), paint: 'erase' },
        { shape: DOT, paint: BLACK },
      ]);
  }
}

/** The application icon: a white bell on a blue rounded square. */
export function appIcon(size: number): Bitmap {
  const background = roundedBox(0.04, 0.04, 0.96, 0.96, 0.2);
  const gradient = (_x: number, y: number): Rgba => {
    const mix = (top: number, bottom: number) => Math.round(top + (bottom - top) * y);
    return [mix(59, 29), mix(130, 78), mix(246, 216), 255];
  };
  return render(size, [
    { shape: background, paint: gradient },
    { shape: scaled(bell, 0.64), paint: WHITE },
  ]);
}

// ---- encoders -----------------------------------------------------------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** RGBA, 8 bits, no interlace; every row uses filter 0 (none). */
export function encodePng(bitmap: Bitmap): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(bitmap.width, 0);
  header.writeUInt32BE(bitmap.height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const stride = bitmap.width * 4;
  const raw = Buffer.alloc((stride + 1) * bitmap.height);
  for (let y = 0; y < bitmap.height; y++) {
    raw[y * (stride + 1)] = 0;
    raw.set(bitmap.data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO holding one PNG-compressed image per size (supported since Windows Vista). */
export function encodeIco(bitmaps: readonly Bitmap[]): Buffer {
  const images = bitmaps.map((bitmap) => ({ bitmap, png: encodePng(bitmap) }));
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ bitmap, png: image }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(bitmap.width >= 256 ? 0 : bitmap.width, entry); // 0 means 256
    header.writeUInt8(bitmap.height >= 256 ? 0 : bitmap.height, entry + 1);
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(image.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += image.length;
  });
  return Buffer.concat([header, ...images.map(({ png }) => png)]);
}

export interface DecodedImage {
  width: number;
  height: number;
  /** The inflated scanlines (filter byte + RGBA per row), enough to compare two encodings. */
  scanlines: Buffer;
}

/** Reads back what encodePng / encodeIco wrote (not a general PNG decoder). */
export function decodeImages(file: Buffer): DecodedImage[] {
  if (file.subarray(0, 8).equals(PNG_SIGNATURE)) return [decodePng(file)];
  if (file.readUInt16LE(0) !== 0 || file.readUInt16LE(2) !== 1) throw new Error('not an ICO');
  const count = file.readUInt16LE(4);
  const images: DecodedImage[] = [];
  for (let i = 0; i < count; i++) {
    const entry = 6 + 16 * i;
    const length = file.readUInt32LE(entry + 8);
    const offset = file.readUInt32LE(entry + 12);
    images.push(decodePng(file.subarray(offset, offset + length)));
  }
  return images;
}

function decodePng(file: Buffer): DecodedImage {
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const body = file.subarray(offset + 8, offset + 8 + length);
    if (
      crc32(file.subarray(offset + 4, offset + 8 + length)) !==
      file.readUInt32BE(offset + 8 + length)
    )
      throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
    } else if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  return { width, height, scanlines: inflateSync(Buffer.concat(data)) };
}

// ---- the file set -------------------------------------------------------------------------

/** Windows scales tray icons from these (16 px at 100 % up to 32 px at 200 %, plus slack). */
const WINDOWS_TRAY_SIZES = [16, 20, 24, 32, 40, 48];
/** electron-builder wants at least 256 px in the app's .ico. */
const APP_ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

/** Every file generate-icons.ts writes into assets/, by name. */
export function allIcons(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const state of TRAY_STATES) {
    // Linux: 22 px is the panel size GNOME / KDE / XFCE expect; @2x for HiDPI.
    files.set(`tray-${state}.png`, encodePng(colourTrayIcon(state, 22)));
    files.set(`tray-${state}@2x.png`, encodePng(colourTrayIcon(state, 44)));
    // macOS: 16 pt menu-bar icons; the name must end in "Template" before the scale suffix.
    files.set(`tray-${state}Template.png`, encodePng(templateTrayIcon(state, 16)));
    files.set(`tray-${state}Template@2x.png`, encodePng(templateTrayIcon(state, 32)));
    files.set(
      `tray-${state}.ico`,
      encodeIco(WINDOWS_TRAY_SIZES.map((size) => colourTrayIcon(state, size))),
    );
  }
  files.set('icon.png', encodePng(appIcon(512)));
  files.set('icon.ico', encodeIco(APP_ICO_SIZES.map((size) => appIcon(size))));
  return files;
}
