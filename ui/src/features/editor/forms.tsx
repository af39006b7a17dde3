// The property forms: one for every kind of node, and the condition builder that conditions,
// wait-untils and the scenario's segment, goal and exit criteria share. A form edits a copy of
// the node's settings and hands the whole new kind to `onChange`; the engine judges the result.
// Every value is of the file format's generated types, and every vocabulary offered is the whole
// of its generated union (`members`): a value the engine adds is a type error here until offered.
import { createContext, useContext } from "react";
import { useTranslation } from "react-i18next";
import type {
  Attendance,
  AudienceChannel,
  Cmp,
  DealStatus,
  Delay,
  EmailKind,
  Engagement,
  Expr,
  Kpi,
  ScenarioStudioScenario,
  Status,
  TextOp,
  Weekday,
} from "../../bindings/commands";
import type { NodeKind } from "./nodes";
import { MatchCount, ValuesField } from "./values";
// The targets a ticked KPI starts from: the engine's benchmarks (generated, `Kpi::benchmark`).
import KPI_BENCHMARKS from "../../bindings/kpis.json";

/** What the forms offer to pick from: the scenario's mails and the workspace's scenarios. */
export interface Choices {
  /** Send-email nodes of this scenario: id and a label. */
  emails: { id: string; label: string }[];
  /** Scenarios of the workspace: id and name. */
  scenarios: { id: string; name: string }[];
}
export const ChoicesContext = createContext<Choices>({ emails: [], scenarios: [] });

/** The member of union `U` whose `type` is `T`. */
type Of<U, T> = Extract<U, { type: T }>;
type Scenario = ScenarioStudioScenario;
type Settings = NonNullable<Scenario["settings"]>;
/** What a behaviour condition or a wait-until watches. */
type WatchedEvent = Of<Expr, "behaviour">["event"];
type TriggerEvent = Of<NodeKind, "trigger">["event"];
/** A lead attribute the file format names (besides custom fields). */
type NamedAttribute = Exclude<Of<Expr, "attribute">["attribute"], { custom: string }>;
type Reenrollment = NonNullable<Settings["reenrollment"]>;

/** Every member of the string union `T`, in the order written: a member left out or one that is
 * not in `T` is a type error (the object literal must have exactly `T`'s keys). */
function members<T extends string>(all: Record<T, null>): T[] {
  return Object.keys(all) as T[];
}

const ATTRIBUTES = members<NamedAttribute>({
  company: null,
  department: null,
  title: null,
  job_level: null,
  employee_band: null,
  industry: null,
  prefecture: null,
  lead_status: null,
  lead_source: null,
  email_domain: null,
});
const DEAL_STATUSES = members<DealStatus>({ unworked: null, working: null, opportunity: null, won: null, lost: null, recycled: null });
const CMPS = members<Cmp>({ gte: null, gt: null, lte: null, lt: null, eq: null, ne: null });
const CMP_SIGN: Record<Cmp, string> = { gte: "≥", gt: ">", lte: "≤", lt: "<", eq: "=", ne: "≠" };
const TEXT_OPS = members<TextOp>({
  equals: null,
  not_equals: null,
  one_of: null,
  not_one_of: null,
  contains: null,
  starts_with: null,
  is_empty: null,
  is_not_empty: null,
});
const ENGAGEMENTS = members<Engagement>({ opened: null, clicked: null, not_opened: null, not_clicked: null });
const ATTENDANCES = members<Attendance>({ any: null, attended: null, absent: null });
const CHANNELS = members<AudienceChannel>({ web: null, ad: null });
const STATUSES = members<Status>({ draft: null, active: null, paused: null });
const EMAIL_KINDS = members<EmailKind>({ welcome: null, nurture: null, follow_up: null, reactivation: null, event_invite: null });
const WEEKDAYS = members<Weekday>({ mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null });
const KPIS = members<Kpi>({ open_rate: null, click_rate: null, handoff_rate: null, deal_rate: null });
const REENROLLMENTS = members<Reenrollment["type"]>({ never: null, after_days: null, always: null });

/** A new trigger of each type, with first settings. */
const FRESH_TRIGGER: { [T in TriggerEvent["type"]]: Of<TriggerEvent, T> } = {
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
const TRIGGERS = Object.keys(FRESH_TRIGGER) as TriggerEvent["type"][];

/** A new watched event of each type. */
const FRESH_EVENT: { [T in WatchedEvent["type"]]: Of<WatchedEvent, T> } = {
  form_submitted: { type: "form_submitted" },
  document_downloaded: { type: "document_downloaded" },
  webinar_registered: { type: "webinar_registered" },
  webinar_attended: { type: "webinar_attended" },
  page_viewed: { type: "page_viewed" },
  email_opened: { type: "email_opened" },
  email_clicked: { type: "email_clicked" },
  unsubscribed: { type: "unsubscribed" },
  score_reached: { type: "score_reached", threshold: 100 },
  deal_status_changed: { type: "deal_status_changed", to: [] },
};
const EVENTS = Object.keys(FRESH_EVENT) as WatchedEvent["type"][];

/** A mail of this scenario, or any mail. */
function EmailPick(props: { value: string | null | undefined; onChange: (v: string | undefined) => void }) {
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

function Text(props: { label: string; value: string | null | undefined; onChange: (v: string) => void; id?: string; long?: boolean }) {
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

/** A choice among `options`, each shown as `text` gives it. */
function Pick<T extends string>(props: { label: string; value: T; options: readonly T[]; text: (o: T) => string; onChange: (v: T) => void; id?: string }) {
  return (
    <label>
      {props.label}
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.text(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

function Statuses(props: { label: string; value: DealStatus[]; onChange: (v: DealStatus[]) => void }) {
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

function DelayField(props: { label: string; value: Delay | undefined | null; onChange: (v: Delay) => void }) {
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
export function EventForm(props: { value: WatchedEvent; onChange: (v: WatchedEvent) => void }) {
  const { t } = useTranslation();
  const e = props.value;
  const on = props.onChange;
  return (
    <div className="subform">
      <Pick label={t("form.event")} value={e.type} options={EVENTS} text={(o) => t(`event.${o}`)} onChange={(type) => on(FRESH_EVENT[type])} />
      {e.type === "form_submitted" && <Text label={t("form.name")} value={e.form} onChange={(v) => on({ ...e, form: optional(v) })} />}
      {e.type === "document_downloaded" && <Text label={t("form.name")} value={e.document} onChange={(v) => on({ ...e, document: optional(v) })} />}
      {(e.type === "webinar_registered" || e.type === "webinar_attended") && (
        <Text label={t("form.name")} value={e.webinar} onChange={(v) => on({ ...e, webinar: optional(v) })} />
      )}
      {e.type === "page_viewed" && <Text label={t("form.urlPattern")} value={e.url_pattern} onChange={(v) => on({ ...e, url_pattern: optional(v) })} />}
      {(e.type === "email_opened" || e.type === "email_clicked") && <EmailPick value={e.email} onChange={(email) => on({ ...e, email })} />}
      {e.type === "score_reached" && <Num label={t("form.threshold")} value={e.threshold} onChange={(threshold) => on({ ...e, threshold })} />}
      {e.type === "deal_status_changed" && <Statuses label={t("form.to")} value={e.to ?? []} onChange={(to) => on({ ...e, to })} />}
    </div>
  );
}

/** A new condition of each type. */
const LEAVES: { [T in Expr["type"]]: Of<Expr, T> } = {
  attribute: { type: "attribute", attribute: "industry", op: "equals", values: [""] },
  behaviour: { type: "behaviour", event: { type: "page_viewed" }, op: "gte", count: 1, within_days: 30 },
  score: { type: "score", op: "gte", value: 100 },
  deal_status: { type: "deal_status", in: ["opportunity", "won"] },
  email_engagement: { type: "email_engagement", engagement: "opened" },
  all: { type: "all", of: [{ type: "score", op: "gte", value: 100 }] },
  any: { type: "any", of: [{ type: "score", op: "gte", value: 100 }] },
  not: { type: "not", expr: { type: "deal_status", in: ["won"] } },
};
const CONDITIONS = Object.keys(LEAVES) as Expr["type"][];

/** The condition builder: groups (all / any / not) of leaves, edited in place. */
export function ExprForm(props: { value: Expr; onChange: (v: Expr) => void; onRemove?: () => void; depth?: number }) {
  const { t } = useTranslation();
  const x = props.value;
  const on = props.onChange;
  const depth = props.depth ?? 0;
  /** The top condition's fields have ids (`expr-type` …); a nested one's do not repeat them. */
  const root = (name: string) => (depth === 0 ? `expr-${name}` : undefined);
  return (
    <div className={`expr depth-${Math.min(depth, 3)}`}>
      <div className="row">
        <Pick
          label={t("form.conditionType")}
          id={root("type")}
          value={x.type}
          options={CONDITIONS}
          text={(o) => t(`expr.${o}`)}
          onChange={(type) => on(LEAVES[type])}
        />
        {props.onRemove && (
          <button className="small" onClick={props.onRemove} title={t("form.remove")}>
            ×
          </button>
        )}
      </div>
      {(x.type === "all" || x.type === "any") && (
        <div className="children">
          {x.of.map((child, i) => (
            <ExprForm
              key={i}
              depth={depth + 1}
              value={child}
              onChange={(c) => on({ ...x, of: x.of.map((o, j) => (j === i ? c : o)) })}
              onRemove={x.of.length > 1 ? () => on({ ...x, of: x.of.filter((_, j) => j !== i) }) : undefined}
            />
          ))}
          <button className="small" onClick={() => on({ ...x, of: [...x.of, LEAVES.score] })}>
            {t("form.addCondition")}
          </button>
        </div>
      )}
      {x.type === "not" && <ExprForm depth={depth + 1} value={x.expr} onChange={(expr) => on({ ...x, expr })} />}
      {x.type === "attribute" && (
        <>
          <Pick
            label={t("form.attribute")}
            id={root("attribute")}
            value={typeof x.attribute === "string" ? x.attribute : "custom"}
            options={[...ATTRIBUTES, "custom" as const]}
            text={(o) => t(`attribute.${o}`)}
            onChange={(a) => on({ ...x, attribute: a === "custom" ? { custom: "" } : a })}
          />
          {typeof x.attribute === "object" && (
            <Text label={t("form.customName")} value={x.attribute.custom} onChange={(custom) => on({ ...x, attribute: { custom } })} />
          )}
          <Pick label={t("form.op")} id={root("op")} value={x.op} options={TEXT_OPS} text={(o) => t(`op.${o}`)} onChange={(op) => on({ ...x, op })} />
          {x.op !== "is_empty" && x.op !== "is_not_empty" && (
            <ValuesField attribute={x.attribute} op={x.op} values={x.values ?? []} onChange={(values) => on({ ...x, values })} />
          )}
        </>
      )}
      {x.type === "behaviour" && (
        <>
          <EventForm value={x.event} onChange={(event) => on({ ...x, event })} />
          <div className="row">
            <Pick label={t("form.op")} value={x.op} options={CMPS} text={(o) => CMP_SIGN[o]} onChange={(op) => on({ ...x, op })} />
            <Num label={t("form.count")} value={x.count} onChange={(count) => on({ ...x, count })} />
            <Num label={t("form.withinDays")} value={x.within_days} onChange={(within_days) => on({ ...x, within_days })} />
          </div>
        </>
      )}
      {x.type === "score" && (
        <div className="row">
          <Pick label={t("form.op")} value={x.op} options={CMPS} text={(o) => CMP_SIGN[o]} onChange={(op) => on({ ...x, op })} />
          <Num label={t("form.score")} value={x.value} onChange={(value) => on({ ...x, value })} />
        </div>
      )}
      {x.type === "deal_status" && <Statuses label={t("form.dealStatus")} value={x.in ?? []} onChange={(v) => on({ ...x, in: v })} />}
      {x.type === "email_engagement" && (
        <>
          <Pick label={t("form.engagement")} value={x.engagement} options={ENGAGEMENTS} text={(o) => t(`engagement.${o}`)} onChange={(engagement) => on({ ...x, engagement })} />
          <EmailPick value={x.email} onChange={(email) => on({ ...x, email })} />
        </>
      )}
      {depth === 0 && <MatchCount expr={x} />}
    </div>
  );
}

/** One of the lead attributes the file format names (a custom one shows as リードステータス until
 * picked), for a trigger on an attribute's change and an update-field action. */
function AttributePick(props: { value: NamedAttribute | { custom: string }; onChange: (v: NamedAttribute) => void }) {
  const { t } = useTranslation();
  return (
    <Pick
      label={t("form.attribute")}
      value={typeof props.value === "string" ? props.value : "lead_status"}
      options={ATTRIBUTES}
      text={(o) => t(`attribute.${o}`)}
      onChange={props.onChange}
    />
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

/** The trigger's form: its event's type and settings. */
function TriggerForm(props: { value: TriggerEvent; onChange: (v: TriggerEvent) => void }) {
  const { t } = useTranslation();
  const e = props.value;
  const on = props.onChange;
  return (
    <div className="subform">
      <Pick id="trigger-type" label={t("form.trigger")} value={e.type} options={TRIGGERS} text={(o) => t(`trigger.${o}`)} onChange={(type) => on(FRESH_TRIGGER[type])} />
      {e.type === "form_submitted" && <Text label={t("form.name")} value={e.form} onChange={(v) => on({ ...e, form: optional(v) })} />}
      {e.type === "document_downloaded" && <Text label={t("form.name")} value={e.document} onChange={(v) => on({ ...e, document: optional(v) })} />}
      {e.type === "webinar_ended" && (
        <>
          <Text label={t("form.name")} value={e.webinar} onChange={(v) => on({ ...e, webinar: optional(v) })} />
          <Pick label={t("form.attendance")} value={e.attendance ?? "any"} options={ATTENDANCES} text={(o) => t(`attendance.${o}`)} onChange={(attendance) => on({ ...e, attendance })} />
        </>
      )}
      {e.type === "page_viewed" && (
        <>
          <Text label={t("form.urlPattern")} value={e.url_pattern} onChange={(url_pattern) => on({ ...e, url_pattern })} />
          <div className="row">
            <Num label={t("form.count")} value={e.min_count} onChange={(min_count) => on({ ...e, min_count })} />
            <Num label={t("form.withinDays")} value={e.within_days} onChange={(within_days) => on({ ...e, within_days })} />
          </div>
        </>
      )}
      {e.type === "score_reached" && <Num label={t("form.threshold")} value={e.threshold} onChange={(threshold) => on({ ...e, threshold })} />}
      {e.type === "inactive" && <Num id="inactive-days" label={t("form.days")} value={e.days} onChange={(days) => on({ ...e, days })} />}
      {e.type === "deal_status_changed" && (
        <>
          <Statuses label={t("form.from")} value={e.from ?? []} onChange={(from) => on({ ...e, from: from.length ? from : undefined })} />
          <Statuses label={t("form.to")} value={e.to ?? []} onChange={(to) => on({ ...e, to })} />
        </>
      )}
      {e.type === "attribute_changed" && (
        <>
          <AttributePick value={e.attribute} onChange={(attribute) => on({ ...e, attribute })} />
          <Text label={t("form.to")} value={e.to} onChange={(v) => on({ ...e, to: optional(v) })} />
        </>
      )}
    </div>
  );
}

/** A mail's form. */
function EmailForm(props: { value: Of<NodeKind, "send_email">["email"]; onChange: (v: Of<NodeKind, "send_email">["email"]) => void }) {
  const { t } = useTranslation();
  const m = props.value;
  const em = (patch: Partial<typeof m>) => props.onChange({ ...m, ...patch });
  const links = m.links ?? [];
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
        {links.map((link, i) => (
          <div className="row" key={i}>
            <Text label={t("form.linkLabel")} value={link.label} onChange={(label) => em({ links: links.map((l, j) => (j === i ? { ...l, label } : l)) })} />
            <Text label="URL" value={link.url} onChange={(url) => em({ links: links.map((l, j) => (j === i ? { ...l, url } : l)) })} />
            <button className="small" onClick={() => em({ links: links.filter((_, j) => j !== i) })}>
              ×
            </button>
          </div>
        ))}
        <button className="small" onClick={() => em({ links: [...links, { label: "", url: "https://" }] })}>
          {t("form.addLink")}
        </button>
      </fieldset>
    </div>
  );
}

/** The form of one node's settings. */
export function NodeForm(props: { kind: NodeKind; onChange: (k: NodeKind) => void }) {
  const { t } = useTranslation();
  const k = props.kind;
  const on = props.onChange;
  switch (k.type) {
    case "trigger":
      return <TriggerForm value={k.event} onChange={(event) => on({ ...k, event })} />;
    case "condition":
      return <ExprForm value={k.condition} onChange={(condition) => on({ ...k, condition })} />;
    case "split": {
      const branches = k.branches;
      return (
        <div className="subform">
          {branches.map((b, i) => (
            <div className="row" key={i}>
              <Text label={t("form.branchLabel")} value={b.label} onChange={(label) => on({ ...k, branches: branches.map((x, j) => (j === i ? { ...x, label } : x)) })} />
              <Num label="%" value={b.percent} onChange={(percent) => on({ ...k, branches: branches.map((x, j) => (j === i ? { ...x, percent } : x)) })} />
              {branches.length > 2 && (
                <button className="small" onClick={() => on({ ...k, branches: branches.filter((_, j) => j !== i) })}>
                  ×
                </button>
              )}
            </div>
          ))}
          <button
            className="small"
            onClick={() => {
              const used = new Set(branches.map((b) => b.id));
              let n = branches.length;
              while (used.has(String.fromCharCode(97 + n))) n++;
              const id = n < 26 ? String.fromCharCode(97 + n) : `b${n}`;
              on({ ...k, branches: [...branches, { id, label: id.toUpperCase(), percent: 0 }] });
            }}
          >
            {t("form.addBranch")}
          </button>
        </div>
      );
    }
    case "wait":
      return <DelayField label={t("form.delay")} value={k.delay} onChange={(delay) => on({ ...k, delay })} />;
    case "wait_until":
      return (
        <div className="subform">
          <EventForm value={k.event} onChange={(event) => on({ ...k, event })} />
          <DelayField label={t("form.timeout")} value={k.timeout} onChange={(timeout) => on({ ...k, timeout })} />
        </div>
      );
    case "send_email":
      return <EmailForm value={k.email} onChange={(email) => on({ ...k, email })} />;
    case "adjust_score":
      return (
        <div className="subform">
          <Num label={t("form.delta")} value={k.delta} onChange={(delta) => on({ ...k, delta })} />
          <Text label={t("form.reason")} value={k.reason} onChange={(reason) => on({ ...k, reason })} />
        </div>
      );
    case "notify_sales":
      return (
        <div className="subform">
          <label className="check">
            <input type="checkbox" checked={k.score_threshold != null} onChange={(e) => on({ ...k, score_threshold: e.target.checked ? 100 : undefined })} />
            {t("form.gate")}
          </label>
          {k.score_threshold != null && <Num id="handoff-threshold" label={t("form.threshold")} value={k.score_threshold} onChange={(score_threshold) => on({ ...k, score_threshold })} />}
          <Text label={t("form.assignee")} value={k.assignee} onChange={(assignee) => on({ ...k, assignee })} />
          <Text label={t("form.message")} value={k.message} long onChange={(message) => on({ ...k, message })} />
        </div>
      );
    case "update_field":
      return (
        <div className="subform">
          <AttributePick value={k.field} onChange={(field) => on({ ...k, field })} />
          <Text label={t("form.value")} value={k.value} onChange={(value) => on({ ...k, value })} />
        </div>
      );
    case "sync_sfa":
      return (
        <Text
          label={t("form.fields")}
          value={(k.fields ?? []).join(", ")}
          onChange={(v) => on({ ...k, fields: v.split(",").map((s) => s.trim()).filter(Boolean) })}
        />
      );
    case "switch_scenario":
      return <ScenarioPick value={k.scenario} onChange={(scenario) => on({ ...k, scenario })} />;
    case "add_to_audience":
      return (
        <div className="subform">
          <Pick label={t("form.channel")} value={k.channel} options={CHANNELS} text={(o) => t(`channel.${o}`)} onChange={(channel) => on({ ...k, channel })} />
          <Text label={t("form.audience")} value={k.audience} onChange={(audience) => on({ ...k, audience })} />
        </div>
      );
    case "end":
      return <Text label={t("form.outcome")} value={k.outcome} onChange={(outcome) => on({ ...k, outcome })} />;
  }
}

/** What a scenario's settings are when the file leaves them out (the engine's defaults). */
const DEFAULT_WINDOW: NonNullable<Settings["send_window"]> = { weekdays: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "18:00", skip_holidays: true };

/** An optional condition: a switch to have one, and the builder when it is there. */
function OptionalExpr(props: { label: string; value: Expr | null | undefined; fresh: Expr; onChange: (v: Expr | undefined) => void; id?: string }) {
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
export function ScenarioForm(props: { scenario: Scenario; onChange: (s: Scenario) => void }) {
  const { t } = useTranslation();
  const s = props.scenario;
  const settings: Settings = s.settings ?? {};
  const set = (patch: Partial<Scenario>) => props.onChange({ ...s, ...patch });
  const setting = (patch: Partial<Settings>) => set({ settings: { ...settings, ...patch } });
  const kpi = settings.kpi ?? {};
  const window = settings.send_window ?? DEFAULT_WINDOW;
  const reenrol: Reenrollment = settings.reenrollment ?? { type: "never" };
  const cap = settings.frequency_cap;
  return (
    <div className="subform">
      <Text id="scenario-name" label={t("scenario.name")} value={s.name} onChange={(name) => set({ name })} />
      <Text label={t("scenario.description")} value={s.description} long onChange={(description) => set({ description })} />
      <Pick id="scenario-status" label={t("scenario.status")} value={s.status ?? "draft"} options={STATUSES} text={(o) => t(`status.${o}`)} onChange={(status) => set({ status })} />
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
          const range = kpi[name];
          return (
            <div key={name}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={range != null}
                  onChange={(e) => setting({ kpi: { ...kpi, [name]: e.target.checked ? { ...KPI_BENCHMARKS[name] } : undefined } })}
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
          options={REENROLLMENTS}
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
                      weekdays: e.target.checked ? WEEKDAYS.filter((w) => w === d || window.weekdays.includes(w)) : window.weekdays.filter((w) => w !== d),
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
              checked={cap != null}
              onChange={(e) => setting({ frequency_cap: e.target.checked ? { max_sends: 2, per_days: 7 } : undefined })}
            />
            {t("scenario.cap")}
          </label>
        </legend>
        {cap != null && (
          <div className="row">
            <Num label={t("scenario.maxSends")} value={cap.max_sends} onChange={(max_sends) => setting({ frequency_cap: { ...cap, max_sends } })} />
            <Num label={t("scenario.perDays")} value={cap.per_days} onChange={(per_days) => setting({ frequency_cap: { ...cap, per_days } })} />
          </div>
        )}
      </fieldset>
      <DelayField label={t("scenario.minInterval")} value={settings.min_send_interval ?? { days: 2 }} onChange={(min_send_interval) => setting({ min_send_interval })} />
    </div>
  );
}
