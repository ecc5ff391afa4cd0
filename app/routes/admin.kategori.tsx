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
import { t as translateDefault, useT } from "~/lib/i18n.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${translateDefault("manage.categories.title")} · Admin` }];

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
  const t = useT();
  const id = useId();
  const errorId = errors?.length ? `${id}-error` : undefined;
  const options: { value: "" | CategoryIconName; Drawing: LucideIcon | null }[] = [
    { value: "", Drawing: null },
    ...CATEGORY_ICONS.map((value) => ({ value, Drawing: CATEGORY_ICON_DRAWINGS[value] })),
  ];
  return (
    <fieldset className="sm:col-span-2" aria-describedby={errorId}>
      <legend className="mb-1 block text-sm font-medium text-slate-800 dark:text-slate-200">{t("manage.categories.icon")}</legend>
      <div className="grid grid-cols-2 gap-1.5 sm:grid-cols-4">
        {options.map(({ value, Drawing }) => (
          <label
            key={value}
            className="flex min-w-0 cursor-pointer items-center gap-2 rounded-lg border border-slate-200 px-2 py-1.5 text-sm text-slate-800 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 dark:border-slate-700 dark:text-slate-200 dark:has-[:checked]:border-brand-400 dark:has-[:checked]:bg-brand-500/15"
          >
            <input type="radio" name="icon" value={value} defaultChecked={value === (isCategoryIcon(current) ? current : "")} className="accent-brand-600" />
            {Drawing ? <Drawing aria-hidden="true" className="h-4 w-4 shrink-0" /> : null}
            <span className="truncate">{t(value ? `manage.categories.icons.${value}` : "manage.categories.noIcon")}</span>
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
  const t = useT();
  const errors = failure?.fieldErrors ?? {};
  return (
    <Form method="post" className="grid gap-3 sm:grid-cols-2" noValidate>
      {category && <input type="hidden" name="id" value={category.id} />}
      <TextField name="name" label={t("manage.categories.name")} defaultValue={category?.name} required maxLength={80} errors={errors.name} />
      <TextField name="slug" label={t("manage.categories.slug")} hint={t("manage.categories.slugHint")} defaultValue={category?.slug} required maxLength={80} autoCapitalize="none" spellCheck={false} errors={errors.slug} />
      <TextField name="description" label={t("manage.categories.description")} defaultValue={category?.description} maxLength={500} errors={errors.description} />
      <TextField name="color" type="color" label={t("manage.categories.color")} defaultValue={category?.color ?? "#64748b"} errors={errors.color} />
      <IconPicker current={category?.icon ?? ""} errors={errors.icon} />
      <div className="self-end">
        <SubmitButton intent={category ? "update" : "create"}>{t(category ? "manage.categories.save" : "manage.categories.create")}</SubmitButton>
      </div>
    </Form>
  );
}

export default function AdminCategories() {
  const t = useT();
  const { categories } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  const saved = outcome && "saved" in outcome ? outcome.saved : null;
  return (
    <AdminPage title={t("manage.categories.title")}>
      {saved && <FormAlert tone="success">{t("manage.categories.saved")}</FormAlert>}
      {failure && !failure.form?.startsWith("update-") && failure.form !== "create" && <FailureAlert failure={failure} />}
      <section aria-labelledby="kategori-baru" className="rounded-xl border border-slate-200 p-4 dark:border-slate-800">
        <h2 id="kategori-baru" className="mb-3 text-lg font-semibold text-slate-900 dark:text-white">
          {t("manage.categories.new")}
        </h2>
        {failure?.form === "create" && <FailureAlert failure={failure} />}
        <CategoryFieldsForm failure={failure?.form === "create" ? failure : undefined} />
      </section>
      {categories.length === 0 ? (
        <EmptyState>{t("manage.categories.empty")}</EmptyState>
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
                        {t("manage.categories.archived")}
                      </span>
                    )}
                  </p>
                  <p className="text-sm text-slate-600 dark:text-slate-400">
                    /c/{category.slug} · {t("manage.categories.threads", { count: category.threadCount })}
                  </p>
                </div>
                <Form method="post" className="flex gap-2">
                  <input type="hidden" name="id" value={category.id} />
                  <input type="hidden" name="intent" value="move" />
                  <button type="submit" name="position" value={index - 1} disabled={index === 0} className={secondaryButtonClass} aria-label={t("manage.categories.up", { name: category.name })}>
                    ↑
                  </button>
                  <button type="submit" name="position" value={index + 1} disabled={index === categories.length - 1} className={secondaryButtonClass} aria-label={t("manage.categories.down", { name: category.name })}>
                    ↓
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="id" value={category.id} />
                  <button type="submit" name="intent" value={category.archivedAt ? "unarchive" : "archive"} className={secondaryButtonClass}>
                    {t(category.archivedAt ? "manage.categories.unarchive" : "manage.categories.archive")}
                  </button>
                </Form>
              </div>
              <details className="mt-3" open={failure?.form === `update-${category.id}`}>
                <summary className="cursor-pointer text-sm font-medium text-brand-700 dark:text-brand-300">{t("manage.categories.edit", { name: category.name })}</summary>
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
