// The property forms: one for every kind of node, and the condition builder that conditions,
// wait-untils and the scenario's segment, goal and exit criteria share. A form edits a copy of
// the node's settings and hands the whole new kind to `onChange`; the engine judges the result.
import { createContext, useContext } from "react";
import { useTranslation } from "react-i18next";
import type { ScenarioNode } from "./graph";

/** What the forms offer to pick from: the scenario's mails and the workspace's scenarios. */
export interface Choices {
  /** Send-email nodes of this scenario: id and a label. */
  emails: { id: string; label: string }[];
  /** Scenarios of the workspace: id and name. */
  scenarios: { id: string; name: string }[];
}
export const ChoicesContext = createContext<Choices>({ emails: [], scenarios: [] });

/** A mail of this scenario, or any mail. */
function EmailPick(props: { value: string | undefined; onChange: (v: string | undefined) => void }) {
  const { t } = useTranslation();
  const { emails } = useContext(ChoicesContext);
  const options = ["", ...emails.map((e) => e.id)];
  if (props.value && !options.includes(props.value)) options.push(props.value);
  return (
    <Pick
      id="email-pick"
      label={t("form.email")}
      value={props.value ?? ""}
      options={options}
      text={(o) => (o === "" ? t("form.anyEmail") : (emails.find((e) => e.id === o)?.label ?? o))}
      onChange={(v) => props.onChange(v === "" ? undefined : v)}
    />
  );
}

type Kind = ScenarioNode["kind"];
// The forms read and write settings field by field; the generated types describe whole kinds.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

export const ATTRIBUTES = [
  "company",
  "department",
  "title",
  "job_level",
  "employee_band",
  "industry",
  "prefecture",
  "lead_status",
  "lead_source",
  "email_domain",
];
export const DEAL_STATUSES = ["unworked", "working", "opportunity", "won", "lost", "recycled"];
const CMPS = ["gte", "gt", "lte", "lt", "eq", "ne"];
const CMP_SIGN: Record<string, string> = { gte: "≥", gt: ">", lte: "≤", lt: "<", eq: "=", ne: "≠" };
const TEXT_OPS = ["equals", "not_equals", "one_of", "not_one_of", "contains", "starts_with", "is_empty", "is_not_empty"];
const TRIGGERS = [
  "lead_created",
  "form_submitted",
  "document_downloaded",
  "webinar_ended",
  "page_viewed",
  "score_reached",
  "inactive",
  "deal_status_changed",
  "attribute_changed",
];
const EVENTS = [
  "form_submitted",
  "document_downloaded",
  "webinar_registered",
  "webinar_attended",
  "page_viewed",
  "email_opened",
  "email_clicked",
  "unsubscribed",
  "score_reached",
  "deal_status_changed",
];
const EMAIL_KINDS = ["welcome", "nurture", "follow_up", "reactivation", "event_invite"];

function Text(props: { label: string; value: string | undefined; onChange: (v: string) => void; id?: string; long?: boolean }) {
  return (
    <label>
      {props.label}
      {props.long ? (
        <textarea id={props.id} value={props.value ?? ""} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input id={props.id} value={props.value ?? ""} onChange={(e) => props.onChange(e.target.value)} />
      )}
    </label>
  );
}

function Num(props: { label: string; value: number | undefined | null; onChange: (v: number) => void; id?: string }) {
  return (
    <label>
      {props.label}
      <input
        id={props.id}
        type="number"
        value={props.value ?? 0}
        onChange={(e) => props.onChange(e.target.value === "" ? 0 : Number(e.target.value))}
      />
    </label>
  );
}

function Pick(props: { label: string; value: string; options: string[]; text: (o: string) => string; onChange: (v: string) => void; id?: string }) {
  return (
    <label>
      {props.label}
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.text(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

function Statuses(props: { label: string; value: string[]; onChange: (v: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{props.label}</legend>
      {DEAL_STATUSES.map((s) => (
        <label key={s} className="check">
          <input
            type="checkbox"
            checked={props.value.includes(s)}
            onChange={(e) => props.onChange(e.target.checked ? [...props.value, s] : props.value.filter((x) => x !== s))}
          />
          {t(`deal.${s}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** A name that may be absent ("any"): empty text means absent. */
const optional = (v: string) => (v.trim() === "" ? undefined : v);

function DelayField(props: { label: string; value: Loose | undefined | null; onChange: (v: Loose) => void }) {
  const { t } = useTranslation();
  const d = props.value ?? { days: 0, hours: 0 };
  return (
    <fieldset>
      <legend>{props.label}</legend>
      <div className="row">
        <Num label={t("form.days")} value={d.days ?? 0} onChange={(days) => props.onChange({ ...d, days })} />
        <Num label={t("form.hours")} value={d.hours ?? 0} onChange={(hours) => props.onChange({ ...d, hours })} />
      </div>
    </fieldset>
  );
}

/** The event a behaviour condition or a wait-until watches. */
export function EventForm(props: { value: Loose; onChange: (v: Loose) => void }) {
  const { t } = useTranslation();
  const e = props.value;
  const set = (patch: Loose) => props.onChange({ ...e, ...patch });
  const nameField = { form_submitted: "form", document_downloaded: "document", webinar_registered: "webinar", webinar_attended: "webinar" }[
    e.type as string
  ];
  return (
    <div className="subform">
      <Pick
        label={t("form.event")}
        value={e.type}
        options={EVENTS}
        text={(o) => t(`event.${o}`)}
        onChange={(type) => props.onChange(type === "score_reached" ? { type, threshold: 100 } : type === "deal_status_changed" ? { type, to: [] } : { type })}
      />
      {nameField && <Text label={t("form.name")} value={e[nameField]} onChange={(v) => set({ [nameField]: optional(v) })} />}
      {e.type === "page_viewed" && <Text label={t("form.urlPattern")} value={e.url_pattern} onChange={(v) => set({ url_pattern: optional(v) })} />}
      {(e.type === "email_opened" || e.type === "email_clicked") && (
        <EmailPick value={e.email} onChange={(email) => set({ email })} />
      )}
      {e.type === "score_reached" && <Num label={t("form.threshold")} value={e.threshold} onChange={(threshold) => set({ threshold })} />}
      {e.type === "deal_status_changed" && <Statuses label={t("form.to")} value={e.to ?? []} onChange={(to) => set({ to })} />}
    </div>
  );
}

const LEAVES: Record<string, Loose> = {
  attribute: { type: "attribute", attribute: "industry", op: "equals", values: [""] },
  behaviour: { type: "behaviour", event: { type: "page_viewed" }, op: "gte", count: 1, within_days: 30 },
  score: { type: "score", op: "gte", value: 100 },
  deal_status: { type: "deal_status", in: ["opportunity", "won"] },
  email_engagement: { type: "email_engagement", engagement: "opened" },
  all: { type: "all", of: [{ type: "score", op: "gte", value: 100 }] },
  any: { type: "any", of: [{ type: "score", op: "gte", value: 100 }] },
  not: { type: "not", expr: { type: "deal_status", in: ["won"] } },
};

/** The condition builder: groups (all / any / not) of leaves, edited in place. */
export function ExprForm(props: { value: Loose; onChange: (v: Loose) => void; onRemove?: () => void; depth?: number }) {
  const { t } = useTranslation();
  const x = props.value;
  const set = (patch: Loose) => props.onChange({ ...x, ...patch });
  const depth = props.depth ?? 0;
  return (
    <div className={`expr depth-${Math.min(depth, 3)}`}>
      <div className="row">
        <Pick label={t("form.conditionType")} value={x.type} options={Object.keys(LEAVES)} text={(o) => t(`expr.${o}`)} onChange={(type) => props.onChange(LEAVES[type])} />
        {props.onRemove && (
          <button className="small" onClick={props.onRemove} title={t("form.remove")}>
            ×
          </button>
        )}
      </div>
      {(x.type === "all" || x.type === "any") && (
        <div className="children">
          {(x.of as Loose[]).map((child, i) => (
            <ExprForm
              key={i}
              depth={depth + 1}
              value={child}
              onChange={(c) => set({ of: (x.of as Loose[]).map((o, j) => (j === i ? c : o)) })}
              onRemove={x.of.length > 1 ? () => set({ of: (x.of as Loose[]).filter((_, j) => j !== i) }) : undefined}
            />
          ))}
          <button className="small" onClick={() => set({ of: [...x.of, LEAVES.score] })}>
            {t("form.addCondition")}
          </button>
        </div>
      )}
      {x.type === "not" && <ExprForm depth={depth + 1} value={x.expr} onChange={(expr) => set({ expr })} />}
      {x.type === "attribute" && (
        <>
          <Pick
            label={t("form.attribute")}
            value={typeof x.attribute === "string" ? x.attribute : "custom"}
            options={[...ATTRIBUTES, "custom"]}
            text={(o) => t(`attribute.${o}`)}
            onChange={(a) => set({ attribute: a === "custom" ? { custom: "" } : a })}
          />
          {typeof x.attribute === "object" && (
            <Text label={t("form.customName")} value={x.attribute.custom} onChange={(custom) => set({ attribute: { custom } })} />
          )}
          <Pick label={t("form.op")} value={x.op} options={TEXT_OPS} text={(o) => t(`op.${o}`)} onChange={(op) => set({ op })} />
          {x.op !== "is_empty" && x.op !== "is_not_empty" && (
            <Text
              label={t("form.values")}
              value={(x.values ?? []).join(", ")}
              onChange={(v) => set({ values: v.split(/[,、]/).map((s: string) => s.trim()) })}
            />
          )}
        </>
      )}
      {x.type === "behaviour" && (
        <>
          <EventForm value={x.event} onChange={(event) => set({ event })} />
          <div className="row">
            <Pick label={t("form.op")} value={x.op} options={CMPS} text={(o) => CMP_SIGN[o]} onChange={(op) => set({ op })} />
            <Num label={t("form.count")} value={x.count} onChange={(count) => set({ count })} />
            <Num label={t("form.withinDays")} value={x.within_days} onChange={(within_days) => set({ within_days })} />
          </div>
        </>
      )}
      {x.type === "score" && (
        <div className="row">
          <Pick label={t("form.op")} value={x.op} options={CMPS} text={(o) => CMP_SIGN[o]} onChange={(op) => set({ op })} />
          <Num label={t("form.score")} value={x.value} onChange={(value) => set({ value })} />
        </div>
      )}
      {x.type === "deal_status" && <Statuses label={t("form.dealStatus")} value={x.in ?? []} onChange={(v) => set({ in: v })} />}
      {x.type === "email_engagement" && (
        <>
          <Pick
            label={t("form.engagement")}
            value={x.engagement}
            options={["opened", "clicked", "not_opened", "not_clicked"]}
            text={(o) => t(`engagement.${o}`)}
            onChange={(engagement) => set({ engagement })}
          />
          <EmailPick value={x.email} onChange={(email) => set({ email })} />
        </>
      )}
    </div>
  );
}

/** A scenario of the workspace to switch to (the id typed in when none is stored yet). */
function ScenarioPick(props: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const { scenarios } = useContext(ChoicesContext);
  if (scenarios.length === 0) {
    return <Text label={t("form.targetScenario")} value={props.value} onChange={props.onChange} />;
  }
  const options = scenarios.map((s) => s.id);
  if (!options.includes(props.value)) options.unshift(props.value);
  return (
    <Pick
      label={t("form.targetScenario")}
      value={props.value}
      options={options}
      text={(o) => scenarios.find((s) => s.id === o)?.name ?? (o || "—")}
      onChange={props.onChange}
    />
  );
}

/** The form of one node's settings. */
export function NodeForm(props: { kind: Kind; onChange: (k: Kind) => void }) {
  const { t } = useTranslation();
  const k = props.kind as Loose;
  const set = (patch: Loose) => props.onChange({ ...k, ...patch } as Kind);
  switch (k.type) {
    case "trigger": {
      const e = k.event as Loose;
      const ev = (patch: Loose) => set({ event: { ...e, ...patch } });
      const fresh: Record<string, Loose> = {
        lead_created: { type: "lead_created" },
        form_submitted: { type: "form_submitted" },
        document_downloaded: { type: "document_downloaded" },
        webinar_ended: { type: "webinar_ended", attendance: "any" },
        page_viewed: { type: "page_viewed", url_pattern: "/pricing*", min_count: 1, within_days: 30 },
        score_reached: { type: "score_reached", threshold: 100 },
        inactive: { type: "inactive", days: 90 },
        deal_status_changed: { type: "deal_status_changed", to: ["lost"] },
        attribute_changed: { type: "attribute_changed", attribute: "lead_status" },
      };
      return (
        <div className="subform">
          <Pick id="trigger-type" label={t("form.trigger")} value={e.type} options={TRIGGERS} text={(o) => t(`trigger.${o}`)} onChange={(type) => set({ event: fresh[type] })} />
          {e.type === "form_submitted" && <Text label={t("form.name")} value={e.form} onChange={(v) => ev({ form: optional(v) })} />}
          {e.type === "document_downloaded" && <Text label={t("form.name")} value={e.document} onChange={(v) => ev({ document: optional(v) })} />}
          {e.type === "webinar_ended" && (
            <>
              <Text label={t("form.name")} value={e.webinar} onChange={(v) => ev({ webinar: optional(v) })} />
              <Pick label={t("form.attendance")} value={e.attendance} options={["any", "attended", "absent"]} text={(o) => t(`attendance.${o}`)} onChange={(attendance) => ev({ attendance })} />
            </>
          )}
          {e.type === "page_viewed" && (
            <>
              <Text label={t("form.urlPattern")} value={e.url_pattern} onChange={(url_pattern) => ev({ url_pattern })} />
              <div className="row">
                <Num label={t("form.count")} value={e.min_count} onChange={(min_count) => ev({ min_count })} />
                <Num label={t("form.withinDays")} value={e.within_days} onChange={(within_days) => ev({ within_days })} />
              </div>
            </>
          )}
          {e.type === "score_reached" && <Num label={t("form.threshold")} value={e.threshold} onChange={(threshold) => ev({ threshold })} />}
          {e.type === "inactive" && <Num id="inactive-days" label={t("form.days")} value={e.days} onChange={(days) => ev({ days })} />}
          {e.type === "deal_status_changed" && (
            <>
              <Statuses label={t("form.from")} value={e.from ?? []} onChange={(from) => ev({ from: from.length ? from : undefined })} />
              <Statuses label={t("form.to")} value={e.to ?? []} onChange={(to) => ev({ to })} />
            </>
          )}
          {e.type === "attribute_changed" && (
            <>
              <Pick label={t("form.attribute")} value={typeof e.attribute === "string" ? e.attribute : "lead_status"} options={ATTRIBUTES} text={(o) => t(`attribute.${o}`)} onChange={(attribute) => ev({ attribute })} />
              <Text label={t("form.to")} value={e.to} onChange={(v) => ev({ to: optional(v) })} />
            </>
          )}
        </div>
      );
    }
    case "condition":
      return <ExprForm value={k.condition} onChange={(condition) => set({ condition })} />;
    case "split":
      return (
        <div className="subform">
          {(k.branches as Loose[]).map((b, i) => (
            <div className="row" key={i}>
              <Text label={t("form.branchLabel")} value={b.label} onChange={(label) => set({ branches: k.branches.map((x: Loose, j: number) => (j === i ? { ...x, label } : x)) })} />
              <Num label="%" value={b.percent} onChange={(percent) => set({ branches: k.branches.map((x: Loose, j: number) => (j === i ? { ...x, percent } : x)) })} />
              {k.branches.length > 2 && (
                <button className="small" onClick={() => set({ branches: k.branches.filter((_: Loose, j: number) => j !== i) })}>
                  ×
                </button>
              )}
            </div>
          ))}
          <button
            className="small"
            onClick={() => {
              const used = new Set(k.branches.map((b: Loose) => b.id));
              let n = k.branches.length;
              while (used.has(String.fromCharCode(97 + n))) n++;
              const id = n < 26 ? String.fromCharCode(97 + n) : `b${n}`;
              set({ branches: [...k.branches, { id, label: id.toUpperCase(), percent: 0 }] });
            }}
          >
            {t("form.addBranch")}
          </button>
        </div>
      );
    case "wait":
      return <DelayField label={t("form.delay")} value={k.delay} onChange={(delay) => set({ delay })} />;
    case "wait_until":
      return (
        <div className="subform">
          <EventForm value={k.event} onChange={(event) => set({ event })} />
          <DelayField label={t("form.timeout")} value={k.timeout} onChange={(timeout) => set({ timeout })} />
        </div>
      );
    case "send_email": {
      const m = k.email as Loose;
      const em = (patch: Loose) => set({ email: { ...m, ...patch } });
      return (
        <div className="subform">
          <Pick label={t("form.emailKind")} value={m.kind} options={EMAIL_KINDS} text={(o) => t(`emailKind.${o}`)} onChange={(kind) => em({ kind })} />
          <Text id="email-subject" label={t("form.subject")} value={m.subject} onChange={(subject) => em({ subject })} />
          <Text label={t("form.summary")} value={m.summary} long onChange={(summary) => em({ summary })} />
          <Text label={t("form.senderName")} value={m.sender_name} onChange={(sender_name) => em({ sender_name })} />
          <Text label={t("form.senderEmail")} value={m.sender_email} onChange={(sender_email) => em({ sender_email })} />
          <Text label={t("form.senderAddress")} value={m.sender_address} onChange={(sender_address) => em({ sender_address })} />
          <Text label={t("form.optOut")} value={m.opt_out_url} onChange={(opt_out_url) => em({ opt_out_url })} />
          <fieldset>
            <legend>{t("form.links")}</legend>
            {(m.links ?? []).map((link: Loose, i: number) => (
              <div className="row" key={i}>
                <Text label={t("form.linkLabel")} value={link.label} onChange={(label) => em({ links: m.links.map((l: Loose, j: number) => (j === i ? { ...l, label } : l)) })} />
                <Text label="URL" value={link.url} onChange={(url) => em({ links: m.links.map((l: Loose, j: number) => (j === i ? { ...l, url } : l)) })} />
                <button className="small" onClick={() => em({ links: m.links.filter((_: Loose, j: number) => j !== i) })}>
                  ×
                </button>
              </div>
            ))}
            <button className="small" onClick={() => em({ links: [...(m.links ?? []), { label: "", url: "https://" }] })}>
              {t("form.addLink")}
            </button>
          </fieldset>
        </div>
      );
    }
    case "adjust_score":
      return (
        <div className="subform">
          <Num label={t("form.delta")} value={k.delta} onChange={(delta) => set({ delta })} />
          <Text label={t("form.reason")} value={k.reason} onChange={(reason) => set({ reason })} />
        </div>
      );
    case "notify_sales":
      return (
        <div className="subform">
          <label className="check">
            <input type="checkbox" checked={k.score_threshold != null} onChange={(e) => set({ score_threshold: e.target.checked ? 100 : undefined })} />
            {t("form.gate")}
          </label>
          {k.score_threshold != null && <Num label={t("form.threshold")} value={k.score_threshold} onChange={(score_threshold) => set({ score_threshold })} />}
          <Text label={t("form.assignee")} value={k.assignee} onChange={(assignee) => set({ assignee })} />
          <Text label={t("form.message")} value={k.message} long onChange={(message) => set({ message })} />
        </div>
      );
    case "update_field":
      return (
        <div className="subform">
          <Pick label={t("form.attribute")} value={typeof k.field === "string" ? k.field : "lead_status"} options={ATTRIBUTES} text={(o) => t(`attribute.${o}`)} onChange={(field) => set({ field })} />
          <Text label={t("form.value")} value={k.value} onChange={(value) => set({ value })} />
        </div>
      );
    case "sync_sfa":
      return (
        <Text
          label={t("form.fields")}
          value={(k.fields ?? []).join(", ")}
          onChange={(v) => set({ fields: v.split(",").map((s: string) => s.trim()).filter(Boolean) })}
        />
      );
    case "switch_scenario":
      return <ScenarioPick value={k.scenario} onChange={(scenario) => set({ scenario })} />;
    case "add_to_audience":
      return (
        <div className="subform">
          <Pick label={t("form.channel")} value={k.channel} options={["web", "ad"]} text={(o) => t(`channel.${o}`)} onChange={(channel) => set({ channel })} />
          <Text label={t("form.audience")} value={k.audience} onChange={(audience) => set({ audience })} />
        </div>
      );
    case "end":
      return <Text label={t("form.outcome")} value={k.outcome} onChange={(outcome) => set({ outcome })} />;
    default:
      return null;
  }
}

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const KPIS = ["open_rate", "click_rate", "handoff_rate", "deal_rate"];
/** What a scenario's settings are when the file leaves them out (the engine's defaults). */
const DEFAULT_WINDOW = { weekdays: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "18:00", skip_holidays: true };

/** An optional condition: a switch to have one, and the builder when it is there. */
function OptionalExpr(props: { label: string; value: Loose | undefined; fresh: Loose; onChange: (v: Loose | undefined) => void; id?: string }) {
  return (
    <fieldset>
      <legend>
        <label className="check">
          <input id={props.id} type="checkbox" checked={props.value != null} onChange={(e) => props.onChange(e.target.checked ? props.fresh : undefined)} />
          {props.label}
        </label>
      </legend>
      {props.value != null && <ExprForm value={props.value} onChange={props.onChange} />}
    </fieldset>
  );
}

/** The scenario's own fields and settings: what the properties panel shows with no node selected. */
export function ScenarioForm(props: { scenario: Loose; onChange: (s: Loose) => void }) {
  const { t } = useTranslation();
  const s = props.scenario;
  const settings: Loose = s.settings ?? {};
  const set = (patch: Loose) => props.onChange({ ...s, ...patch });
  const setting = (patch: Loose) => set({ settings: { ...settings, ...patch } });
  const kpi: Loose = settings.kpi ?? {};
  const window: Loose = settings.send_window ?? DEFAULT_WINDOW;
  const reenrol: Loose = settings.reenrollment ?? { type: "never" };
  return (
    <div className="subform">
      <Text id="scenario-name" label={t("scenario.name")} value={s.name} onChange={(name) => set({ name })} />
      <Text label={t("scenario.description")} value={s.description} long onChange={(description) => set({ description })} />
      <Pick id="scenario-status" label={t("scenario.status")} value={s.status ?? "draft"} options={["draft", "active", "paused"]} text={(o) => t(`status.${o}`)} onChange={(status) => set({ status })} />
      <Text label={t("scenario.owner")} value={s.owner} onChange={(owner) => set({ owner })} />
      <OptionalExpr
        id="segment-toggle"
        label={t("scenario.segment")}
        value={settings.segment}
        fresh={{ type: "attribute", attribute: "email_domain", op: "not_one_of", values: ["gmail.com", "yahoo.co.jp"] }}
        onChange={(segment) => setting({ segment })}
      />
      <fieldset>
        <legend>{t("scenario.kpi")}</legend>
        {KPIS.map((name) => {
          const range: Loose | undefined = kpi[name];
          return (
            <div key={name}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={range != null}
                  onChange={(e) => setting({ kpi: { ...kpi, [name]: e.target.checked ? { min: 0, max: 100 } : undefined } })}
                />
                {t(`kpi.${name}`)}
              </label>
              {range != null && (
                <div className="row">
                  <Num label={t("scenario.min")} value={range.min} onChange={(min) => setting({ kpi: { ...kpi, [name]: { ...range, min } } })} />
                  <Num label={t("scenario.max")} value={range.max} onChange={(max) => setting({ kpi: { ...kpi, [name]: { ...range, max } } })} />
                </div>
              )}
            </div>
          );
        })}
      </fieldset>
      <OptionalExpr label={t("scenario.goal")} value={settings.goal} fresh={{ type: "deal_status", in: ["opportunity", "won"] }} onChange={(goal) => setting({ goal })} />
      <OptionalExpr label={t("scenario.exit")} value={settings.exit_when} fresh={{ type: "deal_status", in: ["won"] }} onChange={(exit_when) => setting({ exit_when })} />
      <fieldset>
        <legend>{t("scenario.reenrollment")}</legend>
        <Pick
          label={t("scenario.reenrollment")}
          value={reenrol.type}
          options={["never", "after_days", "always"]}
          text={(o) => t(`reenrollment.${o}`)}
          onChange={(type) => setting({ reenrollment: type === "after_days" ? { type, days: 90 } : { type } })}
        />
        {reenrol.type === "after_days" && (
          <Num label={t("form.days")} value={reenrol.days} onChange={(days) => setting({ reenrollment: { ...reenrol, days } })} />
        )}
      </fieldset>
      <fieldset>
        <legend>{t("scenario.sendWindow")}</legend>
        <div>
          {WEEKDAYS.map((d) => (
            <label key={d} className="check">
              <input
                type="checkbox"
                checked={(window.weekdays ?? []).includes(d)}
                onChange={(e) =>
                  setting({
                    send_window: {
                      ...window,
                      weekdays: e.target.checked ? WEEKDAYS.filter((w) => w === d || window.weekdays.includes(w)) : window.weekdays.filter((w: string) => w !== d),
                    },
                  })
                }
              />
              {t(`weekday.${d}`)}
            </label>
          ))}
        </div>
        <div className="row">
          <Text label={t("scenario.from")} value={window.start} onChange={(start) => setting({ send_window: { ...window, start } })} />
          <Text label={t("scenario.until")} value={window.end} onChange={(end) => setting({ send_window: { ...window, end } })} />
        </div>
        <label className="check">
          <input type="checkbox" checked={window.skip_holidays ?? true} onChange={(e) => setting({ send_window: { ...window, skip_holidays: e.target.checked } })} />
          {t("scenario.skipHolidays")}
        </label>
      </fieldset>
      <fieldset>
        <legend>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.frequency_cap != null}
              onChange={(e) => setting({ frequency_cap: e.target.checked ? { max_sends: 2, per_days: 7 } : undefined })}
            />
            {t("scenario.cap")}
          </label>
        </legend>
        {settings.frequency_cap != null && (
          <div className="row">
            <Num label={t("scenario.maxSends")} value={settings.frequency_cap.max_sends} onChange={(max_sends) => setting({ frequency_cap: { ...settings.frequency_cap, max_sends } })} />
            <Num label={t("scenario.perDays")} value={settings.frequency_cap.per_days} onChange={(per_days) => setting({ frequency_cap: { ...settings.frequency_cap, per_days } })} />
          </div>
        )}
      </fieldset>
      <DelayField label={t("scenario.minInterval")} value={settings.min_send_interval ?? { days: 2 }} onChange={(min_send_interval) => setting({ min_send_interval })} />
    </div>
  );
}
