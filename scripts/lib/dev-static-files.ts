/**
 * Static files of the built web client for the dev server. Which file a URL names is decided here: safe path
 * resolution (no escape from the root, no dotfiles, no symlinks leading out, which sirv alone would follow), the
 * bare-folder redirect and the single-page-app fallback to index.html for paths without a file extension
 * (client-side routes). Sending it — content type, ETag and 304, ranges, HEAD — is sirv's.
 */
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';

/** A file to send: its real path, size and path under the (real) root, posix, without a leading slash. */
export interface StaticFile {
  kind: 'file';
  file: string;
  size: number;
  relativePath: string;
}

export type StaticLookup =
  StaticFile | { kind: 'redirect'; location: string } | { kind: 'bad_path' } | { kind: 'not_found' };

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
async function fileAt(realRoot: string, file: string): Promise<StaticFile | null> {
  try {
    const real = await realpath(file);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return null;
    const info = await stat(real);
    const relativePath = path.relative(realRoot, real).split(path.sep).join('/');
    return info.isFile() ? { kind: 'file', file: real, size: info.size, relativePath } : null;
  } catch {
    return null;
  }
}

/** Vite's content-hashed bundles (`assets/name-<hash>.ext`) never change under their name. */
const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/**
 * Sends a file `lookupStaticFile` found under `root` through sirv (looked up per request, so a rebuilt web/dist is
 * served at once). HTML is revalidated; hashed assets cache for a year. Resolves once the response is done.
 */
export async function sendStaticFile(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  found: StaticFile,
): Promise<void> {
  const serve = sirv(await realpath(root), {
    dev: true,
    etag: true,
    extensions: [],
    dotfiles: false,
    setHeaders: (response) => {
      response.setHeader(
        'Cache-Control',
        found.relativePath.endsWith('.html')
          ? 'no-cache'
          : HASHED_ASSET.test(found.relativePath)
            ? 'public, max-age=31536000, immutable'
            : 'public, max-age=300',
      );
      response.setHeader('X-Content-Type-Options', 'nosniff');
      // The widget is loaded by other sites' pages: its module script and detector files must be readable cross-origin.
      if (found.relativePath.startsWith('widget/')) response.setHeader('Access-Control-Allow-Origin', '*');
    },
  });
  // sirv serves the URL's path: point it at the file the lookup chose (a folder's index.html, the app fallback).
  req.url = `/${found.relativePath.split('/').map(encodeURIComponent).join('/')}`;
  await new Promise<void>((resolve, reject) => {
    res.once('finish', resolve);
    res.once('close', resolve);
    res.once('error', reject);
    serve(req, res, () => reject(new Error(`${found.file} vanished before it was sent`)));
  });
}
