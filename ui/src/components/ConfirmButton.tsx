// A button whose action runs only after the user confirms it in a native dialog (for what cannot
// be undone: deleting a scenario, discarding a draft).
import type { ReactNode } from "react";
import { ask } from "@tauri-apps/plugin-dialog";

export function ConfirmButton(props: {
  className: string;
  question: string;
  onConfirmed: () => Promise<void>;
  title?: string;
  children: ReactNode;
  [data: `data-${string}`]: string;
}) {
  const { className, question, onConfirmed, title, children, ...data } = props;
  return (
    <button
      className={className}
      title={title}
      {...data}
      onClick={async () => {
        if (await ask(question, { kind: "warning" })) await onConfirmed();
      }}
    >
      {children}
    </button>
  );
}
