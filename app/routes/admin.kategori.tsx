import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AdminPage, EmptyState } from "~/components/admin-page.tsx";
import { FailureAlert, failureOf, FormAlert, secondaryButtonClass, SubmitButton, TextField } from "~/components/form-fields.tsx";
import type { LucideIcon } from "lucide-react";
import { useId } from "react";
import { CATEGORY_ICON_DRAWINGS, CategoryIcon } from "~/components/category-icon.tsx";
import { CATEGORY_ICONS, isCategoryIcon, type CategoryIconName } from "../../shared/category-icons.ts";
import { adminSubmit } from "~/lib/admin.server.ts";
import { formFields } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { pickMessage } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${m.manage_categories_title()} · Admin` }];

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ categories: await orErrorResponse(context.trpc.admin.categories.list()) });
}

const FIELDS = ["name", "slug", "description", "color", "icon"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const id = Number(form.get("id"));
  const categories = context.trpc.admin.categories;
  const call =
    intent === "create"
      ? categories.create(formFields(form, FIELDS))
      : intent === "update"
        ? categories.update({ id, ...formFields(form, FIELDS) })
        : intent === "move"
          ? categories.move({ id, position: Number(form.get("position")) })
          : categories.setArchived({ id, archived: intent === "archive" });
  const result = await adminSubmit<unknown>(request, call, intent === "update" ? `update-${id}` : intent);
  return result.ok ? json({ saved: intent }) : result.response;
}

type Category = ReturnType<typeof useLoaderData<typeof loader>>["categories"][number];

/** The category's icon, chosen from the fixed set (shared/category-icons.ts), or none. */
function IconPicker({ current, errors }: { current: string; errors: string[] | undefined }) {
  const id = useId();
  const errorId = errors?.length ? `${id}-error` : undefined;
  const options: { value: "" | CategoryIconName; Drawing: LucideIcon | null }[] = [
    { value: "", Drawing: null },
    ...CATEGORY_ICONS.map((value) => ({ value, Drawing: CATEGORY_ICON_DRAWINGS[value] })),
  ];
  return (
    <fieldset className="sm:col-span-2" aria-describedby={errorId}>
      <legend className="mb-1 block text-sm font-medium text-slate-800 dark:text-slate-200">{m.manage_categories_icon()}</legend>
      <div className="grid grid-cols-2 gap-1.5 sm:grid-cols-4">
        {options.map(({ value, Drawing }) => (
          <label
            key={value}
            className="flex min-w-0 cursor-pointer items-center gap-2 rounded-lg border border-slate-200 px-2 py-1.5 text-sm text-slate-800 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 dark:border-slate-700 dark:text-slate-200 dark:has-[:checked]:border-brand-400 dark:has-[:checked]:bg-brand-500/15"
          >
            <input type="radio" name="icon" value={value} defaultChecked={value === (isCategoryIcon(current) ? current : "")} className="accent-brand-600" />
            {Drawing ? <Drawing aria-hidden="true" className="h-4 w-4 shrink-0" /> : null}
            <span className="truncate">{(value ? pickMessage({ globe: m.manage_categories_icons_globe, smartphone: m.manage_categories_icons_smartphone, cloud: m.manage_categories_icons_cloud, bot: m.manage_categories_icons_bot, briefcase: m.manage_categories_icons_briefcase, rocket: m.manage_categories_icons_rocket, "messages-square": m.manage_categories_icons_messages_square, code: m.manage_categories_icons_code, terminal: m.manage_categories_icons_terminal, database: m.manage_categories_icons_database, server: m.manage_categories_icons_server, cpu: m.manage_categories_icons_cpu, shield: m.manage_categories_icons_shield, palette: m.manage_categories_icons_palette, gamepad: m.manage_categories_icons_gamepad, "book-open": m.manage_categories_icons_book_open, "graduation-cap": m.manage_categories_icons_graduation_cap, lightbulb: m.manage_categories_icons_lightbulb, wrench: m.manage_categories_icons_wrench, megaphone: m.manage_categories_icons_megaphone }, value) : m.manage_categories_noIcon)()}</span>
          </label>
        ))}
      </div>
      {errorId && (
        <p id={errorId} className="mt-1 text-sm text-red-600 dark:text-red-400">
          {errors?.join(" ")}
        </p>
      )}
    </fieldset>
  );
}

function CategoryFieldsForm({ category, failure }: { category?: Category; failure: { fieldErrors: Record<string, string[] | undefined> } | undefined }) {
  const errors = failure?.fieldErrors ?? {};
  return (
    <Form method="post" className="grid gap-3 sm:grid-cols-2" noValidate>
      {category && <input type="hidden" name="id" value={category.id} />}
      <TextField name="name" label={m.manage_categories_name()} defaultValue={category?.name} required maxLength={80} errors={errors.name} />
      <TextField name="slug" label={m.manage_categories_slug()} hint={m.manage_categories_slugHint()} defaultValue={category?.slug} required maxLength={80} autoCapitalize="none" spellCheck={false} errors={errors.slug} />
      <TextField name="description" label={m.manage_categories_description()} defaultValue={category?.description} maxLength={500} errors={errors.description} />
      <TextField name="color" type="color" label={m.manage_categories_color()} defaultValue={category?.color ?? "#64748b"} errors={errors.color} />
      <IconPicker current={category?.icon ?? ""} errors={errors.icon} />
      <div className="self-end">
        <SubmitButton intent={category ? "update" : "create"}>{(category ? m.manage_categories_save : m.manage_categories_create)()}</SubmitButton>
      </div>
    </Form>
  );
}

export default function AdminCategories() {
  const { categories } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  const saved = outcome && "saved" in outcome ? outcome.saved : null;
  return (
    <AdminPage title={m.manage_categories_title()}>
      {saved && <FormAlert tone="success">{m.manage_categories_saved()}</FormAlert>}
      {failure && !failure.form?.startsWith("update-") && failure.form !== "create" && <FailureAlert failure={failure} />}
      <section aria-labelledby="kategori-baru" className="rounded-xl border border-slate-200 p-4 dark:border-slate-800">
        <h2 id="kategori-baru" className="mb-3 text-lg font-semibold text-slate-900 dark:text-white">
          {m.manage_categories_new()}
        </h2>
        {failure?.form === "create" && <FailureAlert failure={failure} />}
        <CategoryFieldsForm failure={failure?.form === "create" ? failure : undefined} />
      </section>
      {categories.length === 0 ? (
        <EmptyState>{m.manage_categories_empty()}</EmptyState>
      ) : (
        <ol className="space-y-3" data-testid="admin-categories">
          {categories.map((category, index) => (
            <li key={category.id} className="rounded-xl border border-slate-200 p-3 dark:border-slate-800" data-testid={`category-${category.slug}`}>
              <div className="flex flex-wrap items-center gap-3">
                <CategoryIcon category={category} />
                <div className="min-w-0 flex-1">
                  <p className="font-semibold text-slate-900 dark:text-white">
                    {category.name}{" "}
                    {category.archivedAt && (
                      <span className="ml-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">
                        {m.manage_categories_archived()}
                      </span>
                    )}
                  </p>
                  <p className="text-sm text-slate-600 dark:text-slate-400">
                    /c/{category.slug} · {m.manage_categories_threads({ count: category.threadCount })}
                  </p>
                </div>
                <Form method="post" className="flex gap-2">
                  <input type="hidden" name="id" value={category.id} />
                  <input type="hidden" name="intent" value="move" />
                  <button type="submit" name="position" value={index - 1} disabled={index === 0} className={secondaryButtonClass} aria-label={m.manage_categories_up({ name: category.name })}>
                    ↑
                  </button>
                  <button type="submit" name="position" value={index + 1} disabled={index === categories.length - 1} className={secondaryButtonClass} aria-label={m.manage_categories_down({ name: category.name })}>
                    ↓
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="id" value={category.id} />
                  <button type="submit" name="intent" value={category.archivedAt ? "unarchive" : "archive"} className={secondaryButtonClass}>
                    {(category.archivedAt ? m.manage_categories_unarchive : m.manage_categories_archive)()}
                  </button>
                </Form>
              </div>
              <details className="mt-3" open={failure?.form === `update-${category.id}`}>
                <summary className="cursor-pointer text-sm font-medium text-brand-700 dark:text-brand-300">{m.manage_categories_edit({ name: category.name })}</summary>
                <div className="mt-3 space-y-3">
                  {failure?.form === `update-${category.id}` && <FailureAlert failure={failure} />}
                  <CategoryFieldsForm category={category} failure={failure?.form === `update-${category.id}` ? failure : undefined} />
                </div>
              </details>
            </li>
          ))}
        </ol>
      )}
    </AdminPage>
  );
}
