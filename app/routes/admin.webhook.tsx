import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin-page.tsx";
import { WebhookManager } from "~/components/webhook-manager.tsx";
import { adminCall, adminSubmit } from "~/lib/admin.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { webhookPageAction, webhookPageData } from "~/lib/webhook-page.server.ts";

export const meta: MetaFunction = () => [{ title: `${m.webhook_adminTitle()} · Admin` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return webhookPageData(context.trpc.admin.webhooks, new URL(request.url), (call) => adminCall(request, call));
}

export async function action({ request, context }: ActionFunctionArgs) {
  return webhookPageAction(context.trpc.admin.webhooks, await request.formData(), (call) => adminSubmit(request, call));
}

export default function AdminWebhooks() {
  return (
    <AdminPage title={m.webhook_adminTitle()} intro={m.webhook_adminIntro()}>
      <WebhookManager data={useLoaderData<typeof loader>()} outcome={useActionData<typeof action>()} />
    </AdminPage>
  );
}
