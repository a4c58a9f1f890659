/**
 * Static files of the built web client for the dev server: safe path resolution (no escape from the root, no
 * dotfiles, no symlinks leading out), correct content types, and the single-page-app fallback to index.html for
 * paths without a file extension (client-side routes such as /enroll).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.bin': 'application/octet-stream',
};

/** The content type for a file name; unknown extensions are served as opaque bytes. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup =
  | { kind: 'file'; file: string; size: number }
  | { kind: 'redirect'; location: string }
  | { kind: 'bad_path' }
  | { kind: 'not_found' };

/**
 * Finds the file for a URL path (still percent-encoded) under `root`.
 * `/` and directories map to their index.html (`/enroll` redirects to `/enroll/` first, so the page's relative
 * links resolve as on any static host); an extension-less path that names nothing maps to the root index.html,
 * so client-side routes load the app.
 */
export async function lookupStaticFile(root: string, urlPath: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'bad_path' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'bad_path' };
  const segments = decoded.split('/').filter((s) => s !== '');
  // Refuses `..` outright (normalising it away would hide probing) and dotfiles such as .env or .git.
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'not_found' };

  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return { kind: 'not_found' };
  }
  const candidate = path.join(realRoot, ...segments);
  const file = await fileAt(realRoot, candidate);
  if (file) return file;
  const index = await fileAt(realRoot, path.join(candidate, 'index.html'));
  if (index) {
    if (urlPath.endsWith('/')) return index;
    // Rebuilt from the segments: a raw `//host` path must never become a protocol-relative redirect.
    return { kind: 'redirect', location: `/${segments.map(encodeURIComponent).join('/')}/` };
  }
  if (path.extname(decoded) === '') {
    const home = await fileAt(realRoot, path.join(realRoot, 'index.html'));
    if (home) return home;
  }
  return { kind: 'not_found' };
}

/** A regular file at `file` whose real path is inside `realRoot`. */
async function fileAt(realRoot: string, file: string): Promise<{ kind: 'file'; file: string; size: number } | null> {
  try {
    const real = await realpath(file);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return null;
    const info = await stat(real);
    return info.isFile() ? { kind: 'file', file: real, size: info.size } : null;
  } catch {
    return null;
  }
}

/** Sends a found file; HEAD gets the headers only. HTML is revalidated; Vite's hashed assets cache for a year. */
export async function sendStaticFile(
  res: ServerResponse,
  found: { file: string; size: number },
  method: string,
): Promise<void> {
  const hashedAsset = /[/\\]assets[/\\][^/\\]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(found.file);
  // The widget is loaded by other sites' pages: its module script and detector files must be readable cross-origin.
  const widgetFile = /[/\\]widget[/\\]/.test(found.file);
  res.writeHead(200, {
    ...(widgetFile ? { 'Access-Control-Allow-Origin': '*' } : {}),
    'Content-Type': contentTypeOf(found.file),
    'Content-Length': String(found.size),
    'Cache-Control': found.file.endsWith('.html')
      ? 'no-cache'
      : hashedAsset
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=300',
    'X-Content-Type-Options': 'nosniff',
  });
  if (method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(createReadStream(found.file), res);
}
