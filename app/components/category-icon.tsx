import {
  BookOpen,
  Bot,
  Briefcase,
  Cloud,
  Code,
  Cpu,
  Database,
  Gamepad2,
  Globe,
  GraduationCap,
  Lightbulb,
  Megaphone,
  MessagesSquare,
  Palette,
  Rocket,
  Server,
  Shield,
  Smartphone,
  Terminal,
  Wrench,
  type LucideIcon,
} from "lucide-react";
import { isCategoryIcon, type CategoryIconName } from "../../shared/category-icons.ts";
import { safeColor } from "~/lib/format.ts";

/** The drawing of each stored icon name (shared/category-icons.ts); each is imported by name so only these are bundled. */
export const CATEGORY_ICON_DRAWINGS: Record<CategoryIconName, LucideIcon> = {
  globe: Globe,
  smartphone: Smartphone,
  cloud: Cloud,
  bot: Bot,
  briefcase: Briefcase,
  rocket: Rocket,
  "messages-square": MessagesSquare,
  code: Code,
  terminal: Terminal,
  database: Database,
  server: Server,
  cpu: Cpu,
  shield: Shield,
  palette: Palette,
  gamepad: Gamepad2,
  "book-open": BookOpen,
  "graduation-cap": GraduationCap,
  lightbulb: Lightbulb,
  wrench: Wrench,
  megaphone: Megaphone,
};

/**
 * The category's icon on its colour, or the name's initial when it has none (or a value this
 * build cannot draw). Decorative: the category's name is always beside it.
 */
export function CategoryIcon({ category, size = "md" }: { category: { icon: string; name: string; color: string }; size?: "md" | "lg" }) {
  const Drawing = isCategoryIcon(category.icon) ? CATEGORY_ICON_DRAWINGS[category.icon] : null;
  return (
    <span
      aria-hidden="true"
      data-icon={Drawing ? category.icon : undefined}
      className={`grid shrink-0 place-items-center rounded-xl text-white ${size === "lg" ? "h-14 w-14 text-2xl" : "h-11 w-11 text-xl"}`}
      style={{ backgroundColor: safeColor(category.color) }}
    >
      {Drawing ? <Drawing className={size === "lg" ? "h-7 w-7" : "h-6 w-6"} strokeWidth={2} /> : category.name.charAt(0).toUpperCase()}
    </span>
  );
}
