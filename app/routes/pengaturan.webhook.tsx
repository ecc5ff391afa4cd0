import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { SettingsSection } from "~/components/settings-section.tsx";
import { WebhookManager } from "~/components/webhook-manager.tsx";
import { submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { orErrorResponse } from "~/lib/loader.server.ts";
import { webhookPageAction, webhookPageData } from "~/lib/webhook-page.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return webhookPageData(context.trpc.webhook, new URL(request.url), orErrorResponse);
}

export async function action({ request, context }: ActionFunctionArgs) {
  return webhookPageAction(context.trpc.webhook, await request.formData(), (call) => submitForm(call));
}

export default function WebhookSettings() {
  return (
    <SettingsSection title={m.settings_webhooks()} intro={m.webhook_memberIntro()}>
      <WebhookManager data={useLoaderData<typeof loader>()} outcome={useActionData<typeof action>()} />
    </SettingsSection>
  );
}
