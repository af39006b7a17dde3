// Dates as the UI's language writes them: 2026/12/05 in Japanese, 2026-12-05 in English. The
// webview's own date inputs follow the operating system's locale (WebKitGTK shows 12/05/2026 in a
// Japanese UI on an English system), so dates are typed and shown here as text, read in any of
// the ways people write them, and handed on as ISO dates (YYYY-MM-DD, with THH:MM for a moment).
import { useEffect, useState, type InputHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

type Lang = "ja" | "en";

/** `iso` (YYYY-MM-DD, or YYYY-MM-DDTHH:MM) as `lang` writes it; anything else as given. */
export function formatDate(iso: string, lang: Lang): string {
  const m = iso.match(/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/);
  if (!m) return iso;
  const day = lang === "ja" ? `${m[1]}/${m[2]}/${m[3]}` : `${m[1]}-${m[2]}-${m[3]}`;
  return m[4] ? `${day} ${m[4]}:${m[5]}` : day;
}

/** A date typed as people write it — 2026/12/5, 2026-12-05, 2026.12.05, ２０２６年１２月５日, with
 * a time after it where `withTime` — as an ISO date; null when it is not a real day (2月30日). */
export function parseDate(text: string, withTime = false): string | null {
  // Full-width digits and signs as ASCII.
  const plain = text.replace(/[０-９／－：．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();
  const m = plain.match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})\s*[:時]\s*(\d{1,2})\s*分?)?$/);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  const pad = (n: number) => String(n).padStart(2, "0");
  const day = `${y}-${pad(mo)}-${pad(d)}`;
  if (!withTime) return m[4] === undefined ? day : null;
  const [h, mi] = [Number(m[4] ?? 0), Number(m[5] ?? 0)];
  if (h > 23 || mi > 59) return null;
  return `${day}T${pad(h)}:${pad(mi)}`;
}

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "type"> {
  /** The ISO date (or moment, with `withTime`), or "" for none. */
  value: string;
  /** Called with each ISO date typed in full, or "" when the field is emptied. */
  onChange: (iso: string) => void;
  /** A date and a time of day (HH:MM). */
  withTime?: boolean;
}

/** A text field for a date in the UI's language, marked invalid while what is typed is no date. */
export function DateField({ value, onChange, withTime = false, className, ...rest }: Props) {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === "en" ? "en" : "ja";
  const [text, setText] = useState(formatDate(value, lang));
  // A value set from outside (or the language changed) is shown as the language writes it,
  // unless it is what is being typed.
  useEffect(() => {
    setText((now) => (parseDate(now, withTime) === value && now.trim() !== "" ? now : formatDate(value, lang)));
  }, [value, lang, withTime]);
  const invalid = text.trim() !== "" && parseDate(text, withTime) === null;
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      className={`${className ?? ""} date-field ${invalid ? "invalid" : ""}`.trim()}
      aria-invalid={invalid}
      placeholder={withTime ? t("date.placeholderTime") : t("date.placeholder")}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() === "") onChange("");
        else {
          const iso = parseDate(e.target.value, withTime);
          if (iso !== null) onChange(iso);
        }
      }}
      onBlur={() => {
        const iso = parseDate(text, withTime);
        if (iso !== null) setText(formatDate(iso, lang));
      }}
    />
  );
}
