/**
 * How the browser tests start Chromium: Debian's binary, headless, with the network-quietening flags this machine
 * needs (without them Chromium opens many refused connections to Google's hosts at every start).
 */
export const CHROMIUM_PATH = process.env.FACEGATE_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium's fake camera playing a Y4M file, with the permission prompt accepted. */
export function fakeCameraArgs(y4mFile: string): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${y4mFile}`,
  ];
}

export const CHROMIUM_LAUNCH = { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS };
