import { Extension } from "@tiptap/core";
import {
  BetweenHorizontalEnd,
  BetweenVerticalEnd,
  Bold,
  Code,
  Heading2,
  Heading3,
  Image,
  Italic,
  Link,
  List,
  ListOrdered,
  Quote,
  Redo2,
  SquareCode,
  Table,
  Trash2,
  Undo2,
} from "lucide-react";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import ImageExtension from "@tiptap/extension-image";
import { TableKit } from "@tiptap/extension-table";
import StarterKit from "@tiptap/starter-kit";
import Suggestion from "@tiptap/suggestion";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { createPortal } from "react-dom";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message } from "~/lib/locale.ts";
import { useMentionSuggestions } from "./mention-suggestions.tsx";

/**
 * The rich-text editor of the new/edit thread pages (TipTap). Only these routes import it, so
 * Remix's per-route bundles keep TipTap off every other page. It produces the ProseMirror JSON
 * the server validates (server/modules/thread/document-schema.ts) and RichContent renders.
 */

const CODE_LANGUAGES = ["", "bash", "css", "go", "html", "java", "javascript", "json", "php", "python", "rust", "sql", "typescript", "yaml"];

/** A toolbar icon: its button carries the name (aria-label), the drawing is decoration. */
const ICON = { "aria-hidden": true, className: "h-4 w-4" } as const;

const buttonClass = (active: boolean) =>
  `rounded px-2 py-1 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${
    active
      ? "bg-brand-100 text-brand-800 dark:bg-brand-500/20 dark:text-brand-100"
      : "text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
  }`;

function ToolButton({
  label,
  onClick,
  active = false,
  children,
}: {
  label: Message;
  onClick: () => void;
  active?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={label()}
      title={label()}
      aria-pressed={active}
      className={buttonClass(active)}
    >
      {children}
    </button>
  );
}

function Toolbar({ editor }: { editor: Editor }) {
  const [language, setLanguage] = useState("");
  const chain = () => editor.chain().focus();
  const promptUrl = (message: Message, current = "") => {
    const value = window.prompt(message(), current);
    return value === null ? null : value.trim();
  };
  const setLink = () => {
    const href = promptUrl(m.editor_linkPrompt, editor.getAttributes("link").href ?? "https://");
    if (href === null) return;
    if (href === "") chain().extendMarkRange("link").unsetLink().run();
    else chain().extendMarkRange("link").setLink({ href }).run();
  };
  const addImage = () => {
    const src = promptUrl(m.editor_imagePrompt, "https://");
    if (src) chain().setImage({ src, alt: "" }).run();
  };
  const inTable = editor.isActive("table");
  return (
    <div role="toolbar" aria-label={m.editor_toolbar()} className="flex flex-wrap items-center gap-1 border-b border-slate-200 p-1.5 dark:border-slate-700">
      <ToolButton label={m.editor_bold} active={editor.isActive("bold")} onClick={() => chain().toggleBold().run()}>
        <Bold {...ICON} />
      </ToolButton>
      <ToolButton label={m.editor_italic} active={editor.isActive("italic")} onClick={() => chain().toggleItalic().run()}>
        <Italic {...ICON} />
      </ToolButton>
      <ToolButton label={m.editor_inlineCode} active={editor.isActive("code")} onClick={() => chain().toggleCode().run()}>
        <Code {...ICON} />
      </ToolButton>
      <ToolButton label={m.editor_link} active={editor.isActive("link")} onClick={setLink}>
        <Link {...ICON} />
      </ToolButton>
      <span aria-hidden="true" className="mx-1 h-5 w-px bg-slate-200 dark:bg-slate-700" />
      <ToolButton label={m.editor_heading2} active={editor.isActive("heading", { level: 2 })} onClick={() => chain().toggleHeading({ level: 2 }).run()}>
        <Heading2 {...ICON} />
      </ToolButton>
      <ToolButton label={m.editor_heading3} active={editor.isActive("heading", { level: 3 })} onClick={() => chain().toggleHeading({ level: 3 }).run()}>
        <Heading3 {...ICON} />
      </ToolButton>
      <ToolButton label={m.editor_bulletList} active={editor.isActive("bulletList")} onClick={() => chain().toggleBulletList().run()}>
        <List {...ICON} />
      </ToolButton>
      <ToolButton label={m.editor_orderedList} active={editor.isActive("orderedList")} onClick={() => chain().toggleOrderedList().run()}>
        <ListOrdered {...ICON} />
      </ToolButton>
      <ToolButton label={m.editor_quote} active={editor.isActive("blockquote")} onClick={() => chain().toggleBlockquote().run()}>
        <Quote {...ICON} />
      </ToolButton>
      <span aria-hidden="true" className="mx-1 h-5 w-px bg-slate-200 dark:bg-slate-700" />
      <label className="sr-only" htmlFor="editor-language">
        {m.editor_codeLanguage()}
      </label>
      <select
        id="editor-language"
        value={language}
        onChange={(event) => {
          setLanguage(event.target.value);
          if (editor.isActive("codeBlock")) chain().updateAttributes("codeBlock", { language: event.target.value || null }).run();
        }}
        className="rounded border border-slate-300 bg-white px-1 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
      >
        {CODE_LANGUAGES.map((name) => (
          <option key={name} value={name}>
            {name || m.editor_plainText()}
          </option>
        ))}
      </select>
      <ToolButton
        label={m.editor_codeBlock}
        active={editor.isActive("codeBlock")}
        onClick={() => chain().toggleCodeBlock(language ? { language } : undefined).run()}
      >
        <SquareCode {...ICON} />
      </ToolButton>
      <ToolButton label={m.editor_image} onClick={addImage}>
        <Image {...ICON} />
      </ToolButton>
      <ToolButton label={m.editor_table} active={inTable} onClick={() => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}>
        <Table {...ICON} />
      </ToolButton>
      {inTable && (
        <>
          <ToolButton label={m.editor_addRow} onClick={() => chain().addRowAfter().run()}>
            <BetweenHorizontalEnd {...ICON} />
          </ToolButton>
          <ToolButton label={m.editor_addColumn} onClick={() => chain().addColumnAfter().run()}>
            <BetweenVerticalEnd {...ICON} />
          </ToolButton>
          <ToolButton label={m.editor_deleteTable} onClick={() => chain().deleteTable().run()}>
            <Trash2 {...ICON} />
          </ToolButton>
        </>
      )}
      <span aria-hidden="true" className="mx-1 h-5 w-px bg-slate-200 dark:bg-slate-700" />
      <ToolButton label={m.editor_undo} onClick={() => chain().undo().run()}>
        <Undo2 {...ICON} />
      </ToolButton>
      <ToolButton label={m.editor_redo} onClick={() => chain().redo().run()}>
        <Redo2 {...ICON} />
      </ToolButton>
    </div>
  );
}

const contentClass = [
  "min-h-[14rem] px-3 py-2 focus:outline-none break-words",
  "[&_p]:my-2 [&_h2]:mt-4 [&_h2]:text-xl [&_h2]:font-semibold [&_h3]:mt-3 [&_h3]:text-lg [&_h3]:font-semibold",
  "[&_ul]:list-disc [&_ul]:pl-6 [&_ol]:list-decimal [&_ol]:pl-6",
  "[&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_blockquote]:italic",
  "[&_pre]:my-3 [&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:bg-slate-900 [&_pre]:p-3 [&_pre]:text-sm [&_pre]:text-slate-100",
  "[&_code]:font-mono [&_a]:text-brand-700 [&_a]:underline [&_img]:max-w-full",
  "[&_table]:my-3 [&_table]:w-full [&_table]:border-collapse [&_td]:border [&_td]:border-slate-300 [&_td]:px-2 [&_td]:py-1",
  "[&_th]:border [&_th]:border-slate-300 [&_th]:bg-slate-50 [&_th]:px-2 [&_th]:py-1 dark:[&_th]:bg-slate-800 [&_.selectedCell]:bg-brand-50",
].join(" ");

/** The "@name" being typed, as the suggestion plugin reports it. */
interface TypedMention {
  query: string;
  /** Replaces the "@name" typed so far with the chosen one. */
  pick: (username: string) => void;
  /** Where the plugin positions the listbox, beside the caret. */
  host: HTMLElement;
}

interface MentionBridge {
  onChange: (mention: TypedMention | null) => void;
  /** The keys the listbox handles while it shows (see useMentionSuggestions). */
  keyDown: (key: string) => boolean;
}

/**
 * TipTap's suggestion plugin finds "@name" before the caret and positions a host element there;
 * what it shows is React's (useMentionSuggestions), reached through `bridge`, since the editor's
 * extensions are created once. The choice is inserted as plain text, so the document schema
 * (server/modules/thread/document-schema.ts) is unchanged.
 */
function mentionExtension(bridge: { current: MentionBridge }) {
  return Extension.create({
    name: "mentionSuggestion",
    addProseMirrorPlugins() {
      return [
        Suggestion<string, string>({
          editor: this.editor,
          char: "@",
          command: ({ editor, range, props: username }) => {
            editor.chain().focus().insertContentAt(range, `@${username} `).run();
          },
          render: () => {
            let unmount: (() => void) | null = null;
            let host: HTMLElement | null = null;
            return {
              onStart: (props) => {
                host = document.createElement("div");
                host.style.zIndex = "50";
                unmount = props.mount(host);
                bridge.current.onChange({ query: props.query, pick: props.command, host });
              },
              onUpdate: (props) => {
                if (host) bridge.current.onChange({ query: props.query, pick: props.command, host });
              },
              onKeyDown: ({ event }) => event.key !== "Escape" && bridge.current.keyDown(event.key),
              onExit: () => {
                bridge.current.onChange(null);
                unmount?.();
                unmount = null;
                host = null;
              },
            };
          },
        }),
      ];
    },
  });
}

/** The editor with its toolbar; `onChange` receives the document JSON after every edit. */
export function ThreadEditor({
  initialContent,
  onChange,
  labelledBy,
  invalid,
}: {
  initialContent: unknown;
  /** The document JSON and its plain text (what a member copies back when an offline thread cannot be sent). */
  onChange: (document: unknown, text: string) => void;
  labelledBy: string;
  invalid: boolean;
}) {
  const [mention, setMention] = useState<TypedMention | null>(null);
  const suggestions = useMentionSuggestions({
    query: mention?.query ?? null,
    onPick: (username) => mention?.pick(username),
    // Escape is the plugin's own: it closes the suggestion until another "@" is typed.
    onDismiss: () => {},
  });
  const bridge = useRef<MentionBridge>({ onChange: setMention, keyDown: () => false });
  bridge.current = { onChange: setMention, keyDown: suggestions.keyDown };
  const editor = useEditor({
    extensions: [
      mentionExtension(bridge),
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        link: { openOnClick: false, autolink: true, protocols: ["mailto"], HTMLAttributes: { rel: "nofollow ugc noopener" } },
      }),
      TableKit.configure({ table: { resizable: false } }),
      ImageExtension,
    ],
    content: (initialContent as object | null) ?? "",
    // Rendered in the browser only: the server's HTML shows the empty frame.
    immediatelyRender: false,
    shouldRerenderOnTransaction: true,
    editorProps: {
      attributes: {
        class: contentClass,
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": labelledBy,
        "aria-invalid": String(invalid),
        "aria-autocomplete": "list",
        "data-testid": "thread-editor",
      },
    },
    onUpdate: ({ editor: current }) => onChange(current.getJSON(), current.getText({ blockSeparator: "\n" })),
  });
  // A multi-line rich text box keeps its textbox role (aria-expanded is not one of its states);
  // it controls the listbox and names the highlighted suggestion. The editor's own attributes
  // are set once, so these follow the typing here.
  const dom = editor?.view.dom;
  const { "aria-controls": controls, "aria-activedescendant": active } = suggestions.comboboxProps;
  useEffect(() => {
    if (!dom) return;
    if (controls) dom.setAttribute("aria-controls", controls);
    else dom.removeAttribute("aria-controls");
    if (active) dom.setAttribute("aria-activedescendant", active);
    else dom.removeAttribute("aria-activedescendant");
  }, [dom, controls, active]);
  return (
    <div
      className={`overflow-hidden rounded-lg border bg-white dark:bg-slate-900 ${
        invalid ? "border-red-500" : "border-slate-300 dark:border-slate-700"
      } focus-within:ring-2 focus-within:ring-brand-500`}
    >
      {editor ? <Toolbar editor={editor} /> : <div className="h-10 border-b border-slate-200 dark:border-slate-700" />}
      <EditorContent editor={editor} />
      {mention && suggestions.popup && createPortal(suggestions.popup, mention.host)}
    </div>
  );
}
