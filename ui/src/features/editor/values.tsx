// What a condition compares with, offered from the workspace: an attribute's values as a
// pick-list (a known vocabulary in the UI language, stored as its codes; a free-text attribute's
// actual values with how many leads have each), and the live "n of N leads match" of a whole
// condition. Both ask the engine; without a workspace they fall back to plain text and nothing.
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Expr, TextOp } from "../../bindings/commands";
import * as api from "../../ipc/api";

type AttributeOf = Extract<Expr, { type: "attribute" }>["attribute"];

/** Waits this long after the last edit before counting. */
const COUNT_DELAY_MS = 400;

/** The values of `attribute` the workspace offers, re-read when the attribute changes. */
function useValues(attribute: AttributeOf): api.AttributeValues | null {
  const [values, setValues] = useState<api.AttributeValues | null>(null);
  const key = JSON.stringify(attribute);
  useEffect(() => {
    let live = true;
    setValues(null);
    if (typeof attribute === "object" && !attribute.custom.trim()) return;
    api
      .attributeValues(attribute)
      .then((v) => live && setValues(v))
      .catch(() => live && setValues(null));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return values;
}

/** The values of an attribute comparison: checkboxes for one-of, a list for equals, free text
 * with suggestions for contains / starts-with and when the workspace cannot say. */
export function ValuesField(props: {
  attribute: AttributeOf;
  op: TextOp;
  values: string[];
  onChange: (values: string[]) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const offered = useValues(props.attribute);
  const listId = useId();
  const { op, values, onChange } = props;
  const text = (
    <label>
      {t("form.values")}
      <input
        className="values-text"
        list={offered ? listId : undefined}
        value={values.join(", ")}
        onChange={(e) => onChange(e.target.value.split(/[,、]/).map((s) => s.trim()))}
      />
    </label>
  );
  if (!offered || offered.values.length === 0) return text;
  const shown = (v: api.ValueCount) =>
    `${v.label ? v.label[lang] : v.value}（${v.count.toLocaleString(lang)}）`;
  const vocabulary = offered.values.some((v) => v.label);
  const known = new Set(offered.values.map((v) => v.value));
  const others = values.filter((v) => v.trim() && !known.has(v));
  if (op === "one_of" || op === "not_one_of") {
    const toggle = (value: string, on: boolean) =>
      onChange(on ? [...values.filter((v) => v.trim()), value] : values.filter((v) => v !== value));
    return (
      <fieldset className="value-picks" id="value-picks">
        <legend>{t("form.pickValues")}</legend>
        <div className="value-list">
          {offered.values.map((v) => (
            <label key={v.value} className="check" data-value={v.value}>
              <input type="checkbox" checked={values.includes(v.value)} onChange={(e) => toggle(v.value, e.target.checked)} />
              {shown(v)}
            </label>
          ))}
        </div>
        {!vocabulary && (
          <label>
            {t("form.otherValues")}
            <input
              value={others.join(", ")}
              onChange={(e) =>
                onChange([
                  ...values.filter((v) => known.has(v)),
                  ...e.target.value.split(/[,、]/).map((s) => s.trim()),
                ])
              }
            />
          </label>
        )}
        {!offered.complete && <p className="muted">{t("form.moreValues", { n: offered.values.length })}</p>}
      </fieldset>
    );
  }
  if ((op === "equals" || op === "not_equals") && (vocabulary || offered.complete)) {
    const value = values[0] ?? "";
    return (
      <label>
        {t("form.pickValues")}
        <select id="value-pick" value={value} onChange={(e) => onChange([e.target.value])}>
          {!known.has(value) && <option value={value}>{value ? t("form.unknownValue", { value }) : t("form.chooseValue")}</option>}
          {offered.values.map((v) => (
            <option key={v.value} value={v.value}>
              {shown(v)}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return (
    <>
      {text}
      <datalist id={listId}>
        {offered.values.map((v) => (
          <option key={v.value} value={v.value}>
            {shown(v)}
          </option>
        ))}
      </datalist>
    </>
  );
}

/** How many of the workspace's leads a condition matches now, re-counted once edits pause. */
export function MatchCount({ expr }: { expr: Expr }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const [count, setCount] = useState<api.MatchCount | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const key = JSON.stringify(expr);
  useEffect(() => {
    clearTimeout(timer.current);
    let live = true;
    timer.current = setTimeout(() => {
      api
        .countMatching(expr)
        .then((c) => live && setCount(c))
        .catch(() => live && setCount(null));
    }, COUNT_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  if (!count) return null;
  return (
    <p className={count.matching === 0 ? "match-count none" : "match-count"} id="expr-match" data-matching={count.matching}>
      {t("form.matchCount", {
        n: count.matching.toLocaleString(lang),
        total: count.leads.toLocaleString(lang),
      })}
    </p>
  );
}
