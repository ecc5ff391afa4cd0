import { Form } from "@remix-run/react";
import { secondaryButtonClass } from "~/components/form-fields.tsx";

/** A one-button form acting on one item (`id`) after the person confirms `question`. */
export function ConfirmedActionForm(props: { id: number | string; intent: string; question: string; label: string; disabled: boolean }) {
  return (
    <Form
      method="post"
      onSubmit={(event) => {
        if (!window.confirm(props.question)) event.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={props.id} />
      <button type="submit" name="intent" value={props.intent} disabled={props.disabled} className={secondaryButtonClass}>
        {props.label}
      </button>
    </Form>
  );
}
