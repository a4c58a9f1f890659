/**
 * The end-user pages' API: FaceGateApi with the publishable key of this site, which the person never sees or types.
 * The key comes from the build (`VITE_FACEGATE_PUBLISHABLE_KEY`, for pages hosted elsewhere) or else from the serving
 * FaceGate itself (`/web-config.json`, the local stack's key bound to its own origin). Requests wait for it.
 */
import { FaceGateApi } from './facegate-api.js';

interface WebConfig {
  publishableKey?: unknown;
}

let loading: Promise<string | null> | undefined;

/** The publishable key, or null when this server hands out none (requests then get 401 and the page says so). */
export function publishableKey(): Promise<string | null> {
  loading ??= loadKey();
  return loading;
}

async function loadKey(): Promise<string | null> {
  const built = import.meta.env.VITE_FACEGATE_PUBLISHABLE_KEY as string | undefined;
  if (built) return built;
  try {
    const response = await fetch('/web-config.json', { headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    const config = (await response.json()) as WebConfig;
    return typeof config.publishableKey === 'string' ? config.publishableKey : null;
  } catch {
    return null;
  }
}

/** The API for enroll, log-in and kiosk pages: every request carries the publishable key once it is known. */
export function browserApi(): FaceGateApi {
  let key: string | null = null;
  return new FaceGateApi(
    () => key,
    '',
    async (input, init) => {
      key = await publishableKey();
      const headers = new Headers(init.headers);
      if (key) headers.set('Authorization', `Bearer ${key}`);
      return fetch(input, { ...init, headers });
    },
  );
}
