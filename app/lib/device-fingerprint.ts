const STORAGE_KEY = "aleph_device_fingerprint";

/**
 * A stable, privacy-light identifier of this browser for device bans: a SHA-256 of what every
 * site already sees (user agent, screen, time zone, language), kept in localStorage so it
 * stays the same when the window is resized. Browser only; null outside a secure context
 * (plain HTTP to another host), where the browser offers no SHA-256.
 */
export async function deviceFingerprint(): Promise<string | null> {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && /^[0-9a-f]{64}$/.test(stored)) return stored;
  } catch {
    // Storage can be disabled; the fingerprint is then computed each time.
  }
  if (!crypto.subtle) return null;
  const traits = [
    navigator.userAgent,
    `${screen.width}x${screen.height}x${screen.colorDepth}`,
    Intl.DateTimeFormat().resolvedOptions().timeZone,
    navigator.language,
  ].join("|");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(traits));
  const fingerprint = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
  try {
    localStorage.setItem(STORAGE_KEY, fingerprint);
  } catch {
    // See above.
  }
  return fingerprint;
}
