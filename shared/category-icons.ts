/**
 * The icons a category can have, stored by name in categories.icon ("" = none: the page shows
 * the name's initial). The browser draws each with an SVG from lucide-react
 * (app/components/category-icon.tsx), so no icon depends on the device's emoji font.
 * Adding one here needs its drawing and its id/en label there; removing one needs a migration.
 */
export const CATEGORY_ICONS = [
  "globe",
  "smartphone",
  "cloud",
  "bot",
  "briefcase",
  "rocket",
  "messages-square",
  "code",
  "terminal",
  "database",
  "server",
  "cpu",
  "shield",
  "palette",
  "gamepad",
  "book-open",
  "graduation-cap",
  "lightbulb",
  "wrench",
  "megaphone",
] as const;

export type CategoryIconName = (typeof CATEGORY_ICONS)[number];

export function isCategoryIcon(value: string): value is CategoryIconName {
  return (CATEGORY_ICONS as readonly string[]).includes(value);
}
