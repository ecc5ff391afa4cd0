import { DeviceBanModel } from "./device-ban.model.ts";

/** Whether a device ban on this fingerprint is in force (no expiry, or one still ahead). */
export async function isDeviceBanned(fingerprint: string, now = new Date()): Promise<boolean> {
  const ban = await DeviceBanModel.exists({ fingerprint, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] });
  return ban !== null;
}
