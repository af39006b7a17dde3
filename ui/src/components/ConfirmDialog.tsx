// A question asked in the window itself (not a native dialog, which the end-to-end tests cannot
// answer and which looks different on each platform): `confirm` shows it and resolves with the
// user's answer; `<ConfirmHost />`, mounted once in the app, draws it.
import { useEffect, useRef } from "react";
import { create } from "zustand";

interface Question {
  message: string;
  ok: string;
  cancel: string;
  resolve: (answer: boolean) => void;
}

const useQuestion = create<{ question: Question | null }>(() => ({ question: null }));

/** Asks `message`; true when the user chose `ok`, false for `cancel` (or Escape). */
export function confirm(message: string, ok: string, cancel: string): Promise<boolean> {
  return new Promise((resolve) => {
    // A question still open is answered "no" first: one question at a time.
    useQuestion.getState().question?.resolve(false);
    useQuestion.setState({ question: { message, ok, cancel, resolve } });
  });
}

export function ConfirmHost() {
  const question = useQuestion((s) => s.question);
  const okButton = useRef<HTMLButtonElement>(null);
  const answer = (value: boolean) => {
    question?.resolve(value);
    useQuestion.setState({ question: null });
  };
  useEffect(() => {
    if (!question) return;
    okButton.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        question.resolve(false);
        useQuestion.setState({ question: null });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [question]);
  if (!question) return null;
  return (
    <div className="overlay" id="confirm">
      <div className="overlay-box confirm-box" role="alertdialog" aria-modal="true" aria-describedby="confirm-message">
        <p id="confirm-message">{question.message}</p>
        <div className="confirm-buttons">
          <button id="confirm-cancel" onClick={() => answer(false)}>
            {question.cancel}
          </button>
          <button id="confirm-ok" className="primary" ref={okButton} onClick={() => answer(true)}>
            {question.ok}
          </button>
        </div>
      </div>
    </div>
  );
}
