/**
 * What the browser says about the device, for the runtime table's `available` checks. Like
 * TutorialKit, the lab does not boot WebContainers on iOS and iPadOS: every browser there is
 * WebKit, where they do not run dependably. iPadOS Safari asks for desktop sites by default and
 * then reports itself as a Mac (`MacIntel`), so a Mac with a touch screen is taken for an iPad
 * (no Mac has one).
 */

/** The navigator fields the detection reads (a plain object in tests). */
export interface DeviceHints {
  userAgent: string;
  platform: string;
  maxTouchPoints: number;
}

export function isAppleMobile({ userAgent, platform, maxTouchPoints }: DeviceHints): boolean {
  if (/iPhone|iPad|iPod/.test(platform) || /\b(?:iPhone|iPad|iPod)\b/.test(userAgent)) return true;
  return (platform === 'MacIntel' || /Macintosh/.test(userAgent)) && maxTouchPoints > 1;
}

/** `isAppleMobile` for this browser; false where there is no navigator (Node, tests). */
export function runsOnAppleMobile(): boolean {
  const nav = globalThis.navigator as Partial<DeviceHints> | undefined;
  if (!nav) return false;
  return isAppleMobile({
    userAgent: nav.userAgent ?? '',
    platform: nav.platform ?? '',
    maxTouchPoints: nav.maxTouchPoints ?? 0,
  });
}
