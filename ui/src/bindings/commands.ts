/* Generated from src/bindings/commands.schema.json (the shell's command payloads and the scenario file, through schemars; refreshed by UPDATE_EXPECT=1 cargo test -p scenario-studio-app) by json-schema-to-typescript: npm run bindings. Do not edit. */

/**
 * An item's answer.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Answer".
 */
export type Answer = "yes" | "partial" | "no" | "unknown";
/**
 * Which webinar registrants a `webinar_ended` trigger enrols.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Attendance".
 */
export type Attendance = "attended" | "absent" | "any";
/**
 * A lead attribute, as stored in the workspace.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Attribute".
 */
export type Attribute =
  | "company"
  | "department"
  | "title"
  | "job_level"
  | "employee_band"
  | "industry"
  | "prefecture"
  | "lead_status"
  | "lead_source"
  | "email_domain"
  | {
      custom: string;
    };
/**
 * Where an `add_to_audience` node adds the lead.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "AudienceChannel".
 */
export type AudienceChannel = "web" | "ad";
/**
 * One figure of the back-test.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Figure".
 */
export type Figure = {
  /**
   * What was recorded (`None` when nothing can be compared, e.g. a rate of nothing sent).
   */
  actual?: number | null;
  /**
   * The naive forecast: the same figure in the equal period before the cut-off.
   */
  baseline?: number | null;
  /**
   * Whether the forecast's mean came closer to the actual than the baseline did (`None` when
   * either is missing or both are equally close).
   */
  beats_baseline?: boolean | null;
  /**
   * The continuous ranked probability score of the runs against the actual (in the figure's
   * unit; 0 is a perfect, certain forecast).
   */
  crps?: number | null;
  /**
   * (forecast − actual) ÷ actual, in percent, when the actual is not zero.
   */
  error_pct?: number | null;
  forecast: Band;
  /**
   * Whether the actual lies within the forecast's 5–95 % band.
   */
  in_band?: boolean | null;
  /**
   * What it measures.
   */
  measure:
    | "sent"
    | "opened"
    | "clicked"
    | "unsubscribed"
    | "open_rate"
    | "click_rate"
    | "new_leads"
    | "page_views"
    | "downloads"
    | "form_submits"
    | "mql_crossings"
    | "hand_offs"
    | "opportunities";
} & Figure1;
export type Figure1 =
  | {
      scope: "total";
    }
  | {
      /**
       * The scenario.
       */
      scenario: string;
      scope: "scenario";
    }
  | {
      /**
       * The scenario.
       */
      scenario: string;
      scope: "week";
      /**
       * The week (0 is the window's first seven days).
       */
      week: number;
    }
  | {
      /**
       * Its send-email node.
       */
      node: string;
      /**
       * The scenario.
       */
      scenario: string;
      scope: "mail";
    };
/**
 * The id of one branch of a split node (`a`, `b`, …); edges name it as `branch:<id>`.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "BranchId".
 */
export type BranchId = string;
/**
 * The palette group a node kind belongs to.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Category".
 */
export type Category = "trigger" | "branch" | "wait" | "action" | "end";
/**
 * How a what-if change of a figure reads.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Change".
 */
export type Change = "same" | "better" | "worse" | "unclear" | "more" | "fewer";
/**
 * A numeric comparison.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Cmp".
 */
export type Cmp = "gte" | "gt" | "lte" | "lt" | "eq" | "ne";
/**
 * A kind of problem the validator reports (docs/diagnostics.md).
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Code".
 */
export type Code =
  | "invalid-id"
  | "duplicate-id"
  | "duplicate-scenario-id"
  | "no-trigger"
  | "multiple-triggers"
  | "trigger-has-input"
  | "dangling-edge"
  | "unknown-handle"
  | "duplicate-edge"
  | "output-connected-twice"
  | "unreachable-node"
  | "unconnected-output"
  | "loop-without-wait"
  | "trigger-incomplete"
  | "split-percent-sum"
  | "split-branches"
  | "wait-zero"
  | "wait-until-no-timeout"
  | "email-no-subject"
  | "email-no-sender"
  | "email-no-opt-out"
  | "email-no-sender-address"
  | "invalid-url"
  | "send-interval-too-short"
  | "unknown-scenario"
  | "switch-to-self"
  | "handoff-without-threshold"
  | "handoff-threshold-above-condition"
  | "handoff-threshold-redundant"
  | "handoff-threshold-not-mql"
  | "condition-matches-no-lead"
  | "action-incomplete"
  | "score-out-of-range"
  | "expr-empty-group"
  | "expr-invalid-values"
  | "unknown-email-ref"
  | "control-character"
  | "value-out-of-range"
  | "name-missing"
  | "segment-missing"
  | "kpi-missing"
  | "kpi-invalid-range"
  | "send-window-invalid"
  | "frequency-cap-invalid"
  | "too-complex";
/**
 * A field a column can feed.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Field".
 */
export type Field =
  | "external_id"
  | "sfa_id"
  | "email"
  | "last_name"
  | "first_name"
  | "full_name"
  | "company"
  | "department"
  | "title"
  | "employees"
  | "industry"
  | "prefecture"
  | "lead_source"
  | "lead_status"
  | "created_at"
  | "opt_in_basis"
  | "opted_out"
  | "subscribed"
  | "score"
  | "event_kind"
  | "event_at"
  | "event_detail"
  | "activity_object"
  | "mail_id"
  | "deal_status"
  | "changed_at"
  | "ignore";
/**
 * Which of day and month a date with the year last writes first: a file-wide choice, made from
 * the file's own dates (a part above 12 tells) or by the user.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "DateOrder".
 */
export type DateOrder = "mdy" | "dmy";
/**
 * The SFA/CRM side's progress with a lead (商談ステータス), in the product's own vocabulary; the
 * workspace maps the user's SFA values onto these. A file may also name a status by its label in
 * either language (商談化, Opportunity); it is written back as the code.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "DealStatus".
 */
export type DealStatus = "unworked" | "working" | "opportunity" | "won" | "lost" | "recycled";
/**
 * How the encoding was decided.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Detection".
 */
export type Detection = "bom" | "detected" | "given";
/**
 * The id of an edge, unique within its scenario.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "EdgeId".
 */
export type EdgeId = string;
/**
 * The id of a node, unique within its scenario.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "NodeId".
 */
export type NodeId = string;
/**
 * A condition over one lead: its attributes, behaviour, score, deal status and email engagement.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Expr".
 */
export type Expr =
  | {
      /**
       * The sub-conditions; at least one.
       */
      of: Expr[];
      type: "all";
    }
  | {
      /**
       * The sub-conditions; at least one.
       */
      of: Expr[];
      type: "any";
    }
  | {
      expr: Expr1;
      type: "not";
    }
  | {
      /**
       * Which attribute.
       */
      attribute:
        | "company"
        | "department"
        | "title"
        | "job_level"
        | "employee_band"
        | "industry"
        | "prefecture"
        | "lead_status"
        | "lead_source"
        | "email_domain"
        | {
            custom: string;
          };
      /**
       * How it is compared.
       */
      op: "equals" | "not_equals" | "one_of" | "not_one_of" | "contains" | "starts_with" | "is_empty" | "is_not_empty";
      type: "attribute";
      /**
       * The values to compare with (one for equals/contains/starts_with, one or more for one_of,
       * none for is_empty).
       */
      values?: string[];
    }
  | {
      /**
       * The count compared with.
       */
      count: number;
      /**
       * Which events count.
       */
      event:
        | {
            /**
             * The form's name; absent means any form.
             */
            form?: string | null;
            type: "form_submitted";
          }
        | {
            /**
             * The document's name; absent means any document.
             */
            document?: string | null;
            type: "document_downloaded";
          }
        | {
            type: "webinar_registered";
            /**
             * The webinar's name; absent means any webinar.
             */
            webinar?: string | null;
          }
        | {
            type: "webinar_attended";
            /**
             * The webinar's name; absent means any webinar.
             */
            webinar?: string | null;
          }
        | {
            type: "page_viewed";
            /**
             * A URL pattern where `*` matches anything, e.g. `/pricing*`; absent means any page.
             */
            url_pattern?: string | null;
          }
        | {
            /**
             * The `send_email` node of this scenario; absent means any email.
             */
            email?: NodeId | null;
            type: "email_opened";
          }
        | {
            /**
             * The `send_email` node of this scenario; absent means any email.
             */
            email?: NodeId | null;
            type: "email_clicked";
          }
        | {
            type: "unsubscribed";
          }
        | {
            /**
             * The threshold.
             */
            threshold: number;
            type: "score_reached";
          }
        | {
            /**
             * The new statuses that count.
             */
            to: DealStatus[];
            type: "deal_status_changed";
          };
      /**
       * How the count is compared.
       */
      op: "gte" | "gt" | "lte" | "lt" | "eq" | "ne";
      type: "behaviour";
      /**
       * The window, in days back from now.
       */
      within_days: number;
    }
  | {
      /**
       * How the score is compared.
       */
      op: "gte" | "gt" | "lte" | "lt" | "eq" | "ne";
      type: "score";
      /**
       * The value compared with.
       */
      value: number;
    }
  | {
      /**
       * The accepted statuses.
       */
      in: DealStatus[];
      type: "deal_status";
    }
  | {
      /**
       * The `send_email` node of this scenario; absent means any email.
       */
      email?: NodeId | null;
      /**
       * Which engagement.
       */
      engagement: "opened" | "clicked" | "not_opened" | "not_clicked";
      type: "email_engagement";
      /**
       * The window, in days back from now; absent means ever.
       */
      within_days?: number | null;
    };
/**
 * A condition over one lead: its attributes, behaviour, score, deal status and email engagement.
 */
export type Expr1 =
  | {
      /**
       * The sub-conditions; at least one.
       */
      of: Expr[];
      type: "all";
    }
  | {
      /**
       * The sub-conditions; at least one.
       */
      of: Expr[];
      type: "any";
    }
  | {
      expr: Expr1;
      type: "not";
    }
  | {
      /**
       * Which attribute.
       */
      attribute:
        | "company"
        | "department"
        | "title"
        | "job_level"
        | "employee_band"
        | "industry"
        | "prefecture"
        | "lead_status"
        | "lead_source"
        | "email_domain"
        | {
            custom: string;
          };
      /**
       * How it is compared.
       */
      op: "equals" | "not_equals" | "one_of" | "not_one_of" | "contains" | "starts_with" | "is_empty" | "is_not_empty";
      type: "attribute";
      /**
       * The values to compare with (one for equals/contains/starts_with, one or more for one_of,
       * none for is_empty).
       */
      values?: string[];
    }
  | {
      /**
       * The count compared with.
       */
      count: number;
      /**
       * Which events count.
       */
      event:
        | {
            /**
             * The form's name; absent means any form.
             */
            form?: string | null;
            type: "form_submitted";
          }
        | {
            /**
             * The document's name; absent means any document.
             */
            document?: string | null;
            type: "document_downloaded";
          }
        | {
            type: "webinar_registered";
            /**
             * The webinar's name; absent means any webinar.
             */
            webinar?: string | null;
          }
        | {
            type: "webinar_attended";
            /**
             * The webinar's name; absent means any webinar.
             */
            webinar?: string | null;
          }
        | {
            type: "page_viewed";
            /**
             * A URL pattern where `*` matches anything, e.g. `/pricing*`; absent means any page.
             */
            url_pattern?: string | null;
          }
        | {
            /**
             * The `send_email` node of this scenario; absent means any email.
             */
            email?: NodeId | null;
            type: "email_opened";
          }
        | {
            /**
             * The `send_email` node of this scenario; absent means any email.
             */
            email?: NodeId | null;
            type: "email_clicked";
          }
        | {
            type: "unsubscribed";
          }
        | {
            /**
             * The threshold.
             */
            threshold: number;
            type: "score_reached";
          }
        | {
            /**
             * The new statuses that count.
             */
            to: DealStatus[];
            type: "deal_status_changed";
          };
      /**
       * How the count is compared.
       */
      op: "gte" | "gt" | "lte" | "lt" | "eq" | "ne";
      type: "behaviour";
      /**
       * The window, in days back from now.
       */
      within_days: number;
    }
  | {
      /**
       * How the score is compared.
       */
      op: "gte" | "gt" | "lte" | "lt" | "eq" | "ne";
      type: "score";
      /**
       * The value compared with.
       */
      value: number;
    }
  | {
      /**
       * The accepted statuses.
       */
      in: DealStatus[];
      type: "deal_status";
    }
  | {
      /**
       * The `send_email` node of this scenario; absent means any email.
       */
      email?: NodeId | null;
      /**
       * Which engagement.
       */
      engagement: "opened" | "clicked" | "not_opened" | "not_clicked";
      type: "email_engagement";
      /**
       * The window, in days back from now; absent means ever.
       */
      within_days?: number | null;
    };
/**
 * A day of the week.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Weekday".
 */
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
/**
 * The id of a scenario, unique within a workspace; `switch_scenario` nodes refer to it.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ScenarioId".
 */
export type ScenarioId = string;
/**
 * The sort of an email.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "EmailKind".
 */
export type EmailKind = "welcome" | "nurture" | "follow_up" | "reactivation" | "event_invite";
/**
 * Email engagement tested by a condition.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Engagement".
 */
export type Engagement = "opened" | "clicked" | "not_opened" | "not_clicked";
/**
 * What kind of failure an error a person reads is: a closed list, so that a face (the app's UI,
 * a script reading the CLI's JSON) can tell them apart by a name that cannot drift, and a new kind
 * is a change to this list (and to the UI's generated union), not a string made up where it is
 * raised. Serialised as its kebab-case name.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ErrorKind".
 */
export type ErrorKind =
  | "already-exists"
  | "ambiguous-date-order"
  | "backtest-refused"
  | "bad-answer"
  | "bad-request"
  | "bad-setting"
  | "bad-settings"
  | "busy"
  | "corrupt"
  | "crashed"
  | "csv"
  | "damaged"
  | "database"
  | "deals-without-person"
  | "disk-full"
  | "empty"
  | "empty-name"
  | "folder"
  | "invalid-scenario"
  | "io"
  | "line-too-long"
  | "migration"
  | "missing-columns"
  | "missing-format"
  | "mixed-date-orders"
  | "name-too-long"
  | "newer-format"
  | "newer-version"
  | "no-diagnosis"
  | "no-rows"
  | "no-workspace"
  | "not-a-file"
  | "not-a-workspace"
  | "not-an-object"
  | "not-found"
  | "not-utf8"
  | "nothing-to-simulate"
  | "read"
  | "read-only"
  | "read-only-place"
  | "review-refused"
  | "row-errors"
  | "sample-failed"
  | "schema-mismatch"
  | "shape"
  | "still-referred-to"
  | "store"
  | "syntax"
  | "too-large"
  | "too-many-columns"
  | "undecodable"
  | "unknown-format"
  | "unknown-item"
  | "unknown-kind"
  | "unknown-lead"
  | "unknown-preset"
  | "unknown-scenario"
  | "unknown-template"
  | "unknown-version"
  | "unreadable"
  | "unreadable-draft"
  | "unreadable-file"
  | "unreadable-opt-out"
  | "unreadable-scenario"
  | "unstorable"
  | "unsupported-encoding"
  | "unterminated-quote"
  | "workspace-target"
  | "write";
/**
 * A kind of lead event, optionally narrowed; used by wait-until and behaviour counts.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "EventFilter".
 */
export type EventFilter =
  | {
      /**
       * The form's name; absent means any form.
       */
      form?: string | null;
      type: "form_submitted";
    }
  | {
      /**
       * The document's name; absent means any document.
       */
      document?: string | null;
      type: "document_downloaded";
    }
  | {
      type: "webinar_registered";
      /**
       * The webinar's name; absent means any webinar.
       */
      webinar?: string | null;
    }
  | {
      type: "webinar_attended";
      /**
       * The webinar's name; absent means any webinar.
       */
      webinar?: string | null;
    }
  | {
      type: "page_viewed";
      /**
       * A URL pattern where `*` matches anything, e.g. `/pricing*`; absent means any page.
       */
      url_pattern?: string | null;
    }
  | {
      /**
       * The `send_email` node of this scenario; absent means any email.
       */
      email?: NodeId | null;
      type: "email_opened";
    }
  | {
      /**
       * The `send_email` node of this scenario; absent means any email.
       */
      email?: NodeId | null;
      type: "email_clicked";
    }
  | {
      type: "unsubscribed";
    }
  | {
      /**
       * The threshold.
       */
      threshold: number;
      type: "score_reached";
    }
  | {
      /**
       * The new statuses that count.
       */
      to: DealStatus[];
      type: "deal_status_changed";
    };
/**
 * A kind of lead behaviour.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "EventKind".
 */
export type EventKind =
  | "page_view"
  | "document_download"
  | "webinar_registration"
  | "webinar_attendance"
  | "form_submit"
  | "email_send"
  | "email_open"
  | "email_click"
  | "unsubscribe";
/**
 * The file format and its version.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "FormatTag".
 */
export type FormatTag = "scenario-studio/1";
/**
 * The article's five groups, in its order.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Group".
 */
export type Group = "goals" | "implementation" | "sfa" | "operations" | "improvement";
/**
 * What a CSV file holds.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ImportKind".
 */
export type ImportKind = "leads" | "events" | "deals";
/**
 * How bad a row problem is.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "IssueSeverity".
 */
export type IssueSeverity = "error" | "warning";
/**
 * A KPI a scenario can have a target for (記事「KPI の設定」).
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Kpi".
 */
export type Kpi = "open_rate" | "click_rate" | "handoff_rate" | "deal_rate";
/**
 * The language a scenario's texts are written in.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Language".
 */
export type Language = "ja" | "en";
/**
 * What a figure measures.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Measure".
 */
export type Measure =
  | "sent"
  | "opened"
  | "clicked"
  | "unsubscribed"
  | "open_rate"
  | "click_rate"
  | "new_leads"
  | "page_views"
  | "downloads"
  | "form_submits"
  | "mql_crossings"
  | "hand_offs"
  | "opportunities";
/**
 * What a node does.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "NodeKind".
 */
export type NodeKind =
  | {
      /**
       * The enrolling event.
       */
      event:
        | {
            type: "lead_created";
          }
        | {
            /**
             * The form's name; absent means any form.
             */
            form?: string | null;
            type: "form_submitted";
          }
        | {
            /**
             * The document's name; absent means any document.
             */
            document?: string | null;
            type: "document_downloaded";
          }
        | {
            /**
             * Which registrants enter.
             */
            attendance: "attended" | "absent" | "any";
            type: "webinar_ended";
            /**
             * The webinar's name; absent means any webinar.
             */
            webinar?: string | null;
          }
        | {
            /**
             * How many views are needed.
             */
            min_count?: number;
            type: "page_viewed";
            /**
             * A URL pattern where `*` matches anything, e.g. `/pricing*`.
             */
            url_pattern: string;
            /**
             * Within how many days.
             */
            within_days?: number;
          }
        | {
            /**
             * The score that enrols.
             */
            threshold: number;
            type: "score_reached";
          }
        | {
            /**
             * Days without any activity.
             */
            days: number;
            type: "inactive";
          }
        | {
            /**
             * The previous statuses that count; empty means any.
             */
            from?: DealStatus[];
            /**
             * The new statuses that enrol.
             */
            to: DealStatus[];
            type: "deal_status_changed";
          }
        | {
            /**
             * The attribute watched.
             */
            attribute:
              | "company"
              | "department"
              | "title"
              | "job_level"
              | "employee_band"
              | "industry"
              | "prefecture"
              | "lead_status"
              | "lead_source"
              | "email_domain"
              | {
                  custom: string;
                };
            /**
             * The new value that enrols; absent means any change.
             */
            to?: string | null;
            type: "attribute_changed";
          };
      type: "trigger";
    }
  | {
      /**
       * The tested condition.
       */
      condition:
        | {
            /**
             * The sub-conditions; at least one.
             */
            of: Expr[];
            type: "all";
          }
        | {
            /**
             * The sub-conditions; at least one.
             */
            of: Expr[];
            type: "any";
          }
        | {
            expr: Expr1;
            type: "not";
          }
        | {
            /**
             * Which attribute.
             */
            attribute:
              | "company"
              | "department"
              | "title"
              | "job_level"
              | "employee_band"
              | "industry"
              | "prefecture"
              | "lead_status"
              | "lead_source"
              | "email_domain"
              | {
                  custom: string;
                };
            /**
             * How it is compared.
             */
            op:
              | "equals"
              | "not_equals"
              | "one_of"
              | "not_one_of"
              | "contains"
              | "starts_with"
              | "is_empty"
              | "is_not_empty";
            type: "attribute";
            /**
             * The values to compare with (one for equals/contains/starts_with, one or more for one_of,
             * none for is_empty).
             */
            values?: string[];
          }
        | {
            /**
             * The count compared with.
             */
            count: number;
            /**
             * Which events count.
             */
            event:
              | {
                  /**
                   * The form's name; absent means any form.
                   */
                  form?: string | null;
                  type: "form_submitted";
                }
              | {
                  /**
                   * The document's name; absent means any document.
                   */
                  document?: string | null;
                  type: "document_downloaded";
                }
              | {
                  type: "webinar_registered";
                  /**
                   * The webinar's name; absent means any webinar.
                   */
                  webinar?: string | null;
                }
              | {
                  type: "webinar_attended";
                  /**
                   * The webinar's name; absent means any webinar.
                   */
                  webinar?: string | null;
                }
              | {
                  type: "page_viewed";
                  /**
                   * A URL pattern where `*` matches anything, e.g. `/pricing*`; absent means any page.
                   */
                  url_pattern?: string | null;
                }
              | {
                  /**
                   * The `send_email` node of this scenario; absent means any email.
                   */
                  email?: NodeId | null;
                  type: "email_opened";
                }
              | {
                  /**
                   * The `send_email` node of this scenario; absent means any email.
                   */
                  email?: NodeId | null;
                  type: "email_clicked";
                }
              | {
                  type: "unsubscribed";
                }
              | {
                  /**
                   * The threshold.
                   */
                  threshold: number;
                  type: "score_reached";
                }
              | {
                  /**
                   * The new statuses that count.
                   */
                  to: DealStatus[];
                  type: "deal_status_changed";
                };
            /**
             * How the count is compared.
             */
            op: "gte" | "gt" | "lte" | "lt" | "eq" | "ne";
            type: "behaviour";
            /**
             * The window, in days back from now.
             */
            within_days: number;
          }
        | {
            /**
             * How the score is compared.
             */
            op: "gte" | "gt" | "lte" | "lt" | "eq" | "ne";
            type: "score";
            /**
             * The value compared with.
             */
            value: number;
          }
        | {
            /**
             * The accepted statuses.
             */
            in: DealStatus[];
            type: "deal_status";
          }
        | {
            /**
             * The `send_email` node of this scenario; absent means any email.
             */
            email?: NodeId | null;
            /**
             * Which engagement.
             */
            engagement: "opened" | "clicked" | "not_opened" | "not_clicked";
            type: "email_engagement";
            /**
             * The window, in days back from now; absent means ever.
             */
            within_days?: number | null;
          };
      type: "condition";
    }
  | {
      /**
       * The branches; their percentages sum to 100.
       */
      branches: SplitBranch[];
      type: "split";
    }
  | {
      delay: Delay1;
      type: "wait";
    }
  | {
      /**
       * The awaited event.
       */
      event:
        | {
            /**
             * The form's name; absent means any form.
             */
            form?: string | null;
            type: "form_submitted";
          }
        | {
            /**
             * The document's name; absent means any document.
             */
            document?: string | null;
            type: "document_downloaded";
          }
        | {
            type: "webinar_registered";
            /**
             * The webinar's name; absent means any webinar.
             */
            webinar?: string | null;
          }
        | {
            type: "webinar_attended";
            /**
             * The webinar's name; absent means any webinar.
             */
            webinar?: string | null;
          }
        | {
            type: "page_viewed";
            /**
             * A URL pattern where `*` matches anything, e.g. `/pricing*`; absent means any page.
             */
            url_pattern?: string | null;
          }
        | {
            /**
             * The `send_email` node of this scenario; absent means any email.
             */
            email?: NodeId | null;
            type: "email_opened";
          }
        | {
            /**
             * The `send_email` node of this scenario; absent means any email.
             */
            email?: NodeId | null;
            type: "email_clicked";
          }
        | {
            type: "unsubscribed";
          }
        | {
            /**
             * The threshold.
             */
            threshold: number;
            type: "score_reached";
          }
        | {
            /**
             * The new statuses that count.
             */
            to: DealStatus[];
            type: "deal_status_changed";
          };
      /**
       * How long to wait at most.
       */
      timeout?: Delay | null;
      type: "wait_until";
    }
  | {
      email: Email;
      type: "send_email";
    }
  | {
      /**
       * Points added (negative to subtract).
       */
      delta: number;
      /**
       * Why, for the score history.
       */
      reason?: string;
      type: "adjust_score";
    }
  | {
      /**
       * Who is notified (a team or person).
       */
      assignee?: string;
      /**
       * The note sales receives.
       */
      message?: string;
      /**
       * Hand off only leads whose score is at least this.
       */
      score_threshold?: number | null;
      type: "notify_sales";
    }
  | {
      /**
       * The field set.
       */
      field:
        | "company"
        | "department"
        | "title"
        | "job_level"
        | "employee_band"
        | "industry"
        | "prefecture"
        | "lead_status"
        | "lead_source"
        | "email_domain"
        | {
            custom: string;
          };
      type: "update_field";
      /**
       * The new value.
       */
      value: string;
    }
  | {
      /**
       * The fields pushed (e.g. `score`, `lead_status`); empty means the mapping's defaults.
       */
      fields?: string[];
      type: "sync_sfa";
    }
  | {
      /**
       * The scenario entered.
       */
      scenario: string;
      type: "switch_scenario";
    }
  | {
      /**
       * The audience's name.
       */
      audience: string;
      /**
       * Web personalisation or an ad platform.
       */
      channel: "web" | "ad";
      type: "add_to_audience";
    }
  | {
      /**
       * How the lead's journey ended, for reporting.
       */
      outcome?: string;
      type: "end";
    };
/**
 * What the review predicts.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Outcome".
 */
export type Outcome = "hand_off" | "opportunity" | "won";
/**
 * The exit of the source node: `out`, `yes`/`no` (condition), `met`/`timeout` (wait-until) or `branch:<id>` (split).
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "OutputHandle".
 */
export type OutputHandle = string;
/**
 * The kinds of points a model gives.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "PointGroup".
 */
export type PointGroup = "job_level" | "employee_band" | "industry" | "engagement";
/**
 * Whether a lead that has been through the scenario can enter it again.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Reenrollment".
 */
export type Reenrollment =
  | {
      type: "never";
    }
  | {
      /**
       * Days since the last entry.
       */
      days: number;
      type: "after_days";
    }
  | {
      type: "always";
    };
/**
 * Why a lead whose trigger fired did not enter the scenario.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Refusal".
 */
export type Refusal = "segment" | "reenrollment" | "opted_out" | "no_consent";
/**
 * How often scenario results are reviewed.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ReviewCadence".
 */
export type ReviewCadence = "none" | "weekly" | "monthly";
/**
 * How bad a finding is.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Severity".
 */
export type Severity = "error" | "warning" | "info";
/**
 * How bad a diagnostic is.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Severity2".
 */
export type Severity2 = "error" | "warning";
/**
 * What the leads table can be ordered by: each column it shows.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "SortKey".
 */
export type SortKey =
  "id" | "name" | "company" | "score" | "email" | "industry" | "employee_band" | "title" | "lead_status" | "created";
/**
 * Where an item's answer comes from.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Source".
 */
export type Source = "workspace" | "self_reported";
/**
 * A scenario's lifecycle status.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Status".
 */
export type Status = "draft" | "active" | "paused";
/**
 * What happened at a step.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Step".
 */
export type Step =
  | {
      /**
       * Why.
       */
      reason: "segment" | "reenrollment" | "opted_out" | "no_consent";
      type: "not_enrolled";
    }
  | {
      type: "entered";
    }
  | {
      /**
       * The output.
       */
      handle: string;
      type: "left";
    }
  | {
      type: "sent";
    }
  | {
      type: "opened";
    }
  | {
      type: "clicked";
    }
  | {
      type: "unsubscribed";
    }
  | {
      type: "handed_off";
    }
  | {
      type: "goal";
    }
  | {
      type: "exit";
    }
  | {
      type: "waiting_at_end";
    };
/**
 * A stored scenario's status as listed: its lifecycle status, or `unreadable` when its
 * document no longer reads (whether it is active cannot be told).
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "StoredStatus".
 */
export type StoredStatus = "draft" | "active" | "paused" | "unreadable";
/**
 * An encoding the importer reads.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "TextEncoding".
 */
export type TextEncoding = "utf-8" | "cp932" | "euc-jp" | "utf-16le" | "utf-16be";
/**
 * How a text attribute is compared.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "TextOp".
 */
export type TextOp =
  "equals" | "not_equals" | "one_of" | "not_one_of" | "contains" | "starts_with" | "is_empty" | "is_not_empty";
/**
 * A time of day, HH:MM (24:00 is the end of the day).
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "TimeOfDay".
 */
export type TimeOfDay = string;
/**
 * What enrols a lead into a scenario.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "TriggerEvent".
 */
export type TriggerEvent =
  | {
      type: "lead_created";
    }
  | {
      /**
       * The form's name; absent means any form.
       */
      form?: string | null;
      type: "form_submitted";
    }
  | {
      /**
       * The document's name; absent means any document.
       */
      document?: string | null;
      type: "document_downloaded";
    }
  | {
      /**
       * Which registrants enter.
       */
      attendance: "attended" | "absent" | "any";
      type: "webinar_ended";
      /**
       * The webinar's name; absent means any webinar.
       */
      webinar?: string | null;
    }
  | {
      /**
       * How many views are needed.
       */
      min_count?: number;
      type: "page_viewed";
      /**
       * A URL pattern where `*` matches anything, e.g. `/pricing*`.
       */
      url_pattern: string;
      /**
       * Within how many days.
       */
      within_days?: number;
    }
  | {
      /**
       * The score that enrols.
       */
      threshold: number;
      type: "score_reached";
    }
  | {
      /**
       * Days without any activity.
       */
      days: number;
      type: "inactive";
    }
  | {
      /**
       * The previous statuses that count; empty means any.
       */
      from?: DealStatus[];
      /**
       * The new statuses that enrol.
       */
      to: DealStatus[];
      type: "deal_status_changed";
    }
  | {
      /**
       * The attribute watched.
       */
      attribute:
        | "company"
        | "department"
        | "title"
        | "job_level"
        | "employee_band"
        | "industry"
        | "prefecture"
        | "lead_status"
        | "lead_source"
        | "email_domain"
        | {
            custom: string;
          };
      /**
       * The new value that enrols; absent means any change.
       */
      to?: string | null;
      type: "attribute_changed";
    };
/**
 * How a forecast compares with a KPI target.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Verdict".
 */
export type Verdict = "below" | "within" | "above" | "no_data";

export interface ScenarioStudioCommands {
  [k: string]: unknown;
}
/**
 * The values of an attribute among the workspace's leads: what a pick-list offers.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "AttributeValues".
 */
export interface AttributeValues {
  /**
   * Whether `values` holds every value leads have (false when there were more than asked).
   */
  complete: boolean;
  /**
   * For an attribute with a known vocabulary, every code in its order (those no lead has
   * count 0); otherwise the values leads have, most common first, then by value.
   */
  values: ValueCount[];
}
/**
 * One value of an attribute among the workspace's leads.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ValueCount".
 */
export interface ValueCount {
  /**
   * Leads with it.
   */
  count: number;
  /**
   * Its label, for an attribute with a known vocabulary (部長クラス for `director`).
   */
  label?: Localized | null;
  /**
   * The value as stored (a code for an attribute with a known vocabulary).
   */
  value: string;
}
/**
 * One message in Japanese and English.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Localized".
 */
export interface Localized {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * A back-test's result.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Backtest".
 */
export interface Backtest {
  /**
   * The first day forecast (YYYY-MM-DD, Japan time).
   */
  cutoff: string;
  /**
   * Days forecast.
   */
  days: number;
  /**
   * Every figure compared.
   */
  figures: Figure[];
  /**
   * Leads that existed at the cut-off (what the forecast started from).
   */
  leads_at_cutoff: number;
  /**
   * The scenarios' mails no recorded mail is tied to: they have no figures.
   */
  mails_without_history: MailWithoutHistory[];
  recorded: RecordedDays;
  /**
   * Monte Carlo runs.
   */
  runs: number;
  /**
   * The first run's seed.
   */
  seed: number;
  summary: Summary;
  /**
   * Values the scenarios write that leads have only from the scenarios' run in the window,
   * taken back as of the cut-off (`snapshot::unwrite`): the export carries each field as it
   * stood on its own day.
   */
  taken_back: TakenBack[];
  /**
   * Recorded mails tied to no scenario mail (or to several), with how many leads were sent
   * each in the window: their sends are in no figure.
   */
  untied: UntiedMail[];
}
/**
 * The forecast over the runs.
 */
export interface Band {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A scenario's mail that no recorded mail is tied to.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "MailWithoutHistory".
 */
export interface MailWithoutHistory {
  /**
   * Its send-email node.
   */
  node: string;
  /**
   * The scenario.
   */
  scenario: string;
}
/**
 * The recorded days of the workspace: the first and the last with an event.
 */
export interface RecordedDays {
  /**
   * The first (YYYY-MM-DD).
   */
  first: string;
  /**
   * The last (YYYY-MM-DD).
   */
  last: string;
}
/**
 * How many held.
 */
export interface Summary {
  /**
   * Figures with a recorded value and a baseline that differ in closeness.
   */
  against_baseline: number;
  /**
   * Of those, how many the forecast came closer on.
   */
  beats_baseline: number;
  /**
   * Figures with a recorded value.
   */
  compared: number;
  /**
   * Of those, how many lay within their band.
   */
  in_band: number;
}
/**
 * A value a scenario writes that some leads had only from its run in the window.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "TakenBack".
 */
export interface TakenBack {
  /**
   * Leads whose field was emptied in the copy as of the cut-off.
   */
  leads: number;
  /**
   * Its update-field node.
   */
  node: string;
  /**
   * The scenario.
   */
  scenario: string;
  /**
   * The value it writes.
   */
  value: string;
}
/**
 * A recorded mail that no scenario mail is tied to.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "UntiedMail".
 */
export interface UntiedMail {
  /**
   * The event detail that names it (a node id, subject or title).
   */
  detail: string;
  /**
   * Leads sent it in the window.
   */
  sent: number;
}
/**
 * A finished forecast check.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "BacktestOutcome".
 */
export interface BacktestOutcome {
  backtest: Backtest1;
  /**
   * Every measure compared, in the order the figures list them.
   */
  measures: MeasureInfo[];
  /**
   * What was left out and why (stored scenarios with errors).
   */
  notes: Localized[];
  /**
   * The scenarios forecast.
   */
  scenarios: CheckedScenario[];
}
/**
 * The figures compared, with their summary.
 */
export interface Backtest1 {
  /**
   * The first day forecast (YYYY-MM-DD, Japan time).
   */
  cutoff: string;
  /**
   * Days forecast.
   */
  days: number;
  /**
   * Every figure compared.
   */
  figures: Figure[];
  /**
   * Leads that existed at the cut-off (what the forecast started from).
   */
  leads_at_cutoff: number;
  /**
   * The scenarios' mails no recorded mail is tied to: they have no figures.
   */
  mails_without_history: MailWithoutHistory[];
  recorded: RecordedDays;
  /**
   * Monte Carlo runs.
   */
  runs: number;
  /**
   * The first run's seed.
   */
  seed: number;
  summary: Summary;
  /**
   * Values the scenarios write that leads have only from the scenarios' run in the window,
   * taken back as of the cut-off (`snapshot::unwrite`): the export carries each field as it
   * stood on its own day.
   */
  taken_back: TakenBack[];
  /**
   * Recorded mails tied to no scenario mail (or to several), with how many leads were sent
   * each in the window: their sends are in no figure.
   */
  untied: UntiedMail[];
}
/**
 * A measure of the check, as the screen names it.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "MeasureInfo".
 */
export interface MeasureInfo {
  label: Localized1;
  /**
   * The measure.
   */
  measure:
    | "sent"
    | "opened"
    | "clicked"
    | "unsubscribed"
    | "open_rate"
    | "click_rate"
    | "new_leads"
    | "page_views"
    | "downloads"
    | "form_submits"
    | "mql_crossings"
    | "hand_offs"
    | "opportunities";
  /**
   * Measured per scenario, mail and week (a mail's measure); otherwise over the whole
   * workspace only.
   */
  per_mail: boolean;
  /**
   * A share (shown in percent), not a count.
   */
  rate: boolean;
}
/**
 * One message in Japanese and English.
 */
export interface Localized1 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * A scenario of the check, with the names its figures are shown under.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "CheckedScenario".
 */
export interface CheckedScenario {
  /**
   * The scenario's id.
   */
  id: string;
  /**
   * Its mails, in the order of its nodes.
   */
  mails: CheckedMail[];
  /**
   * Its name.
   */
  name: string;
}
/**
 * A mail of a checked scenario.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "CheckedMail".
 */
export interface CheckedMail {
  /**
   * Its title on the canvas, or its subject.
   */
  label: string;
  /**
   * Its send-email node.
   */
  node: string;
}
/**
 * What the forecast check asks for.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "BacktestRequest".
 */
export interface BacktestRequest {
  /**
   * The cut-off (YYYY-MM-DD, Japan time): the first day forecast. By default the latest one
   * whose window ends on the last recorded day.
   */
  cutoff?: string | null;
  /**
   * The window's length in days (7–365).
   */
  days: number;
  /**
   * Monte Carlo runs (1–200).
   */
  runs: number;
  /**
   * The first run's seed.
   */
  seed: number;
}
/**
 * A figure over the runs.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Band".
 */
export interface Band1 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * Days on which no mail goes out besides public holidays.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "CalendarSettings".
 */
export interface CalendarSettings {
  /**
   * Further days off (創立記念日, 夏季休業 …).
   */
  company_holidays?: string[];
  /**
   * The year-end break (年末年始), as the first and last day written `MM-DD`; by default 12-29 to
   * 01-03. `None` for none.
   *
   * @minItems 2
   * @maxItems 2
   */
  year_end?: [string, string] | null;
}
/**
 * The campaign calendar: what is planned after the recorded history.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "CampaignCalendar".
 */
export interface CampaignCalendar {
  /**
   * Webinars planned.
   */
  webinars?: PlannedWebinar[];
}
/**
 * A webinar planned after the recorded history.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "PlannedWebinar".
 */
export interface PlannedWebinar {
  /**
   * The share of registrants expected to attend (0–1); the past webinars' when absent.
   */
  attendance_rate?: number | null;
  /**
   * Leads expected to register; the past webinars' average when absent.
   */
  expected_registrants?: number | null;
  /**
   * Its name, as registrations will record it (a trigger may name it).
   */
  name: string;
  /**
   * Days before it that registration opens.
   */
  registration_days?: number;
  /**
   * When it starts, Japan time (`YYYY-MM-DDTHH:MM`).
   */
  starts_at: string;
}
/**
 * How the headers of one file map to fields.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ColumnMapping".
 */
export interface ColumnMapping {
  /**
   * For each column in file order: its header and the field it feeds (`None`: kept as a custom
   * field for leads, ignored otherwise).
   */
  columns: [string, Field | null][];
  /**
   * How the file's dates with the year last are read, when it has any: given by the user or
   * told by the file's own dates (a part above 12).
   */
  date_order?: DateOrder | null;
  /**
   * What the file holds.
   */
  kind: "leads" | "events" | "deals";
  /**
   * The preset used (`custom` when only a mapping file was).
   */
  preset: string;
}
/**
 * What a command returns when it fails.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "CommandError".
 */
export interface CommandError {
  /**
   * A stable name for the kind of failure.
   */
  kind:
    | "already-exists"
    | "ambiguous-date-order"
    | "backtest-refused"
    | "bad-answer"
    | "bad-request"
    | "bad-setting"
    | "bad-settings"
    | "busy"
    | "corrupt"
    | "crashed"
    | "csv"
    | "damaged"
    | "database"
    | "deals-without-person"
    | "disk-full"
    | "empty"
    | "empty-name"
    | "folder"
    | "invalid-scenario"
    | "io"
    | "line-too-long"
    | "migration"
    | "missing-columns"
    | "missing-format"
    | "mixed-date-orders"
    | "name-too-long"
    | "newer-format"
    | "newer-version"
    | "no-diagnosis"
    | "no-rows"
    | "no-workspace"
    | "not-a-file"
    | "not-a-workspace"
    | "not-an-object"
    | "not-found"
    | "not-utf8"
    | "nothing-to-simulate"
    | "read"
    | "read-only"
    | "read-only-place"
    | "review-refused"
    | "row-errors"
    | "sample-failed"
    | "schema-mismatch"
    | "shape"
    | "still-referred-to"
    | "store"
    | "syntax"
    | "too-large"
    | "too-many-columns"
    | "undecodable"
    | "unknown-format"
    | "unknown-item"
    | "unknown-kind"
    | "unknown-lead"
    | "unknown-preset"
    | "unknown-scenario"
    | "unknown-template"
    | "unknown-version"
    | "unreadable"
    | "unreadable-draft"
    | "unreadable-file"
    | "unreadable-opt-out"
    | "unreadable-scenario"
    | "unstorable"
    | "unsupported-encoding"
    | "unterminated-quote"
    | "workspace-target"
    | "write";
  message: Localized2;
}
/**
 * One message in Japanese and English.
 */
export interface Localized2 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * Two versions of a scenario forecast on the same leads with the same seeds (what-if).
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Comparison".
 */
export interface Comparison {
  /**
   * The headline figures.
   */
  figures: FigureDelta[];
  /**
   * Leads entering each node: the variant's nodes in its order, then those it dropped.
   */
  nodes: NodeDelta[];
}
/**
 * One figure of a what-if comparison.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "FigureDelta".
 */
export interface FigureDelta {
  base: Band2;
  /**
   * How the change reads.
   */
  change: "same" | "better" | "worse" | "unclear" | "more" | "fewer";
  difference: Band3;
  /**
   * Whether more is better (fewer unsubscribes are); none for a figure that is neither
   * (entries, mails sent).
   */
  higher_is_better?: boolean | null;
  /**
   * `enrolled`, `sent`, `open_rate`, `click_rate`, `unsubscribed`, `handed_off`,
   * `handoff_rate`, `deals_created`, `deal_rate`, `goal_reached` or `mql_at_end`.
   */
  key: string;
  label: Localized3;
  /**
   * A percentage (a rate), not a count.
   */
  percent: boolean;
  variant: Band4;
}
/**
 * The base version.
 */
export interface Band2 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * Variant minus base, run by run (the runs share their seeds, so the band is the change's
 * own, not the two bands' spread).
 */
export interface Band3 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * One message in Japanese and English.
 */
export interface Localized3 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * The variant.
 */
export interface Band4 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * One node in a what-if comparison (a node only one version has is 0 in the other).
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "NodeDelta".
 */
export interface NodeDelta {
  /**
   * Leads entering it in the base version (none when it has no such node).
   */
  base?: Band1 | null;
  difference: Band5;
  /**
   * The node.
   */
  id: string;
  /**
   * Its title (the variant's, or the base's for a node the variant dropped).
   */
  title: string;
  /**
   * In the variant.
   */
  variant?: Band1 | null;
}
/**
 * A figure over the runs.
 */
export interface Band5 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * One day over the runs.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "DailyBands".
 */
export interface DailyBands {
  clicked: Band6;
  /**
   * The day of the window (0 is the first).
   */
  day: number;
  handed_off: Band7;
  opened: Band8;
  sent: Band9;
}
/**
 * A figure over the runs.
 */
export interface Band6 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band7 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band8 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band9 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A deal status as the SFA section explains it.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "DealStatusInfo".
 */
export interface DealStatusInfo {
  /**
   * The stored code.
   */
  code: string;
  label: Localized4;
  meaning: Localized5;
  /**
   * The SFA/CRM values an import reads as this status.
   */
  words: string[];
}
/**
 * One message in Japanese and English.
 */
export interface Localized4 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * One message in Japanese and English.
 */
export interface Localized5 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * One tenth of the leads ranked by score.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Decile".
 */
export interface Decile {
  /**
   * The share of all deals caught by this tenth and those above it (the gains curve).
   */
  cumulative_share: number;
  /**
   * Those that converted.
   */
  deals: number;
  /**
   * Leads in it.
   */
  leads: number;
  /**
   * Its conversion over the whole holdout's (1 = no better than chance).
   */
  lift: number;
}
/**
 * A duration on the scenario's clock.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Delay".
 */
export interface Delay {
  /**
   * Days.
   */
  days?: number;
  /**
   * Hours, added to the days.
   */
  hours?: number;
}
/**
 * The diagnosis.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Diagnosis".
 */
export interface Diagnosis {
  /**
   * The article's advice for the weakest group (none when every item is "yes").
   */
  advice?: Localized | null;
  /**
   * Findings beyond the checklist, worst first.
   */
  findings: Finding[];
  /**
   * The quick simulation the findings used, if any.
   */
  forecast?: ForecastSummary | null;
  /**
   * Why there is no forecast, or what it left out.
   */
  forecast_notes: Localized[];
  /**
   * The groups, weakest (lowest share of "yes") first.
   */
  groups: GroupResult[];
  /**
   * The fifteen items, in the article's order.
   */
  items: ItemResult[];
  /**
   * The article's suggestion when most items are not "yes": consider outside experts.
   */
  outside_help?: Localized | null;
  /**
   * Items answered "yes", of fifteen.
   */
  yes: number;
}
/**
 * Something found beyond the checklist.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Finding".
 */
export interface Finding {
  /**
   * A stable code (`kpi-below-target`, `handoff-unreachable`, …).
   */
  code: string;
  fix: Localized6;
  message: Localized7;
  /**
   * The node it concerns.
   */
  node?: string | null;
  /**
   * The scenario (and node) it concerns, for people: by name and title, not by id.
   */
  place?: Localized | null;
  /**
   * The scenario it concerns.
   */
  scenario?: string | null;
  /**
   * How bad it is.
   */
  severity: "error" | "warning" | "info";
}
/**
 * One message in Japanese and English.
 */
export interface Localized6 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * One message in Japanese and English.
 */
export interface Localized7 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * What the quick simulation covered.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ForecastSummary".
 */
export interface ForecastSummary {
  /**
   * Days.
   */
  days: number;
  /**
   * Runs.
   */
  runs: number;
  /**
   * The first day.
   */
  start: string;
}
/**
 * A group's share of "yes".
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "GroupResult".
 */
export interface GroupResult {
  /**
   * The group.
   */
  group: "goals" | "implementation" | "sfa" | "operations" | "improvement";
  /**
   * Items in it.
   */
  items: number;
  name: Localized8;
  /**
   * `yes / items`, 0–1.
   */
  share: number;
  /**
   * Items answered "yes".
   */
  yes: number;
}
/**
 * One message in Japanese and English.
 */
export interface Localized8 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * One checklist item, answered.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ItemResult".
 */
export interface ItemResult {
  /**
   * The answer.
   */
  answer: "yes" | "partial" | "no" | "unknown";
  /**
   * What shows it: scenarios, nodes, settings (and a hand-given answer's note).
   */
  evidence: Localized[];
  /**
   * What to do; none when the answer is "yes".
   */
  fix?: Localized | null;
  /**
   * Its group.
   */
  group: "goals" | "implementation" | "sfa" | "operations" | "improvement";
  /**
   * The item's id (what `scenario checklist answer` takes).
   */
  id: string;
  /**
   * The scenarios and nodes the evidence names, for an app to open (those that need the fix
   * first).
   */
  links: EvidenceLink[];
  /**
   * Where it comes from.
   */
  source: "workspace" | "self_reported";
  text: Localized10;
}
/**
 * A scenario, or a node in it, that an item's evidence names.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "EvidenceLink".
 */
export interface EvidenceLink {
  label: Localized9;
  /**
   * The node's id, when the evidence is about one node.
   */
  node?: string | null;
  /**
   * The scenario's id.
   */
  scenario: string;
}
/**
 * One message in Japanese and English.
 */
export interface Localized9 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * One message in Japanese and English.
 */
export interface Localized10 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * One problem found in a scenario.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Diagnostic".
 */
export interface Diagnostic {
  /**
   * The kind of problem.
   */
  code:
    | "invalid-id"
    | "duplicate-id"
    | "duplicate-scenario-id"
    | "no-trigger"
    | "multiple-triggers"
    | "trigger-has-input"
    | "dangling-edge"
    | "unknown-handle"
    | "duplicate-edge"
    | "output-connected-twice"
    | "unreachable-node"
    | "unconnected-output"
    | "loop-without-wait"
    | "trigger-incomplete"
    | "split-percent-sum"
    | "split-branches"
    | "wait-zero"
    | "wait-until-no-timeout"
    | "email-no-subject"
    | "email-no-sender"
    | "email-no-opt-out"
    | "email-no-sender-address"
    | "invalid-url"
    | "send-interval-too-short"
    | "unknown-scenario"
    | "switch-to-self"
    | "handoff-without-threshold"
    | "handoff-threshold-above-condition"
    | "handoff-threshold-redundant"
    | "handoff-threshold-not-mql"
    | "condition-matches-no-lead"
    | "action-incomplete"
    | "score-out-of-range"
    | "expr-empty-group"
    | "expr-invalid-values"
    | "unknown-email-ref"
    | "control-character"
    | "value-out-of-range"
    | "name-missing"
    | "segment-missing"
    | "kpi-missing"
    | "kpi-invalid-range"
    | "send-window-invalid"
    | "frequency-cap-invalid"
    | "too-complex";
  /**
   * The edge it concerns, if any.
   */
  edge?: EdgeId | null;
  message: Localized11;
  /**
   * The node it concerns, if any.
   */
  node?: NodeId | null;
  /**
   * Where in the file the value at fault is (`nodes[1].title`), for whoever edits the JSON:
   * a detail beside the message, which names the field in words.
   */
  path?: string | null;
  /**
   * How bad it is (always `code.severity()`).
   */
  severity: "error" | "warning";
}
/**
 * One message in Japanese and English.
 */
export interface Localized11 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * An autosaved draft, with when it was written.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Draft".
 */
export interface Draft {
  /**
   * When it was written (Unix seconds).
   */
  saved_at: number;
  scenario: ScenarioStudioScenario;
}
/**
 * The scenario as it was being edited.
 */
export interface ScenarioStudioScenario {
  /**
   * What the scenario is for.
   */
  description?: string;
  /**
   * The connections between steps.
   */
  edges?: Edge[];
  /**
   * Always `scenario-studio/1` for this version of the format.
   */
  format: "scenario-studio/1";
  /**
   * Unique within a workspace.
   */
  id: string;
  /**
   * The language of the scenario's texts.
   */
  language?: "ja" | "en";
  /**
   * The scenario's name.
   */
  name: string;
  /**
   * The steps.
   */
  nodes: Node[];
  /**
   * 担当者: who owns the scenario.
   */
  owner?: string;
  settings?: Settings;
  /**
   * Only active scenarios run together in a workspace simulation.
   */
  status?: "draft" | "active" | "paused";
}
/**
 * A connection from one node's output to another node.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Edge".
 */
export interface Edge {
  /**
   * The id of an edge, unique within its scenario.
   */
  id: string;
  /**
   * The id of a node, unique within its scenario.
   */
  source: string;
  /**
   * Which exit of the source node.
   */
  source_handle?: string;
  /**
   * The id of a node, unique within its scenario.
   */
  target: string;
}
/**
 * One step of a scenario, placed on the canvas.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Node".
 */
export interface Node {
  /**
   * The id of a node, unique within its scenario.
   */
  id: string;
  /**
   * What the node does.
   */
  kind:
    | {
        /**
         * The enrolling event.
         */
        event:
          | {
              type: "lead_created";
            }
          | {
              /**
               * The form's name; absent means any form.
               */
              form?: string | null;
              type: "form_submitted";
            }
          | {
              /**
               * The document's name; absent means any document.
               */
              document?: string | null;
              type: "document_downloaded";
            }
          | {
              /**
               * Which registrants enter.
               */
              attendance: "attended" | "absent" | "any";
              type: "webinar_ended";
              /**
               * The webinar's name; absent means any webinar.
               */
              webinar?: string | null;
            }
          | {
              /**
               * How many views are needed.
               */
              min_count?: number;
              type: "page_viewed";
              /**
               * A URL pattern where `*` matches anything, e.g. `/pricing*`.
               */
              url_pattern: string;
              /**
               * Within how many days.
               */
              within_days?: number;
            }
          | {
              /**
               * The score that enrols.
               */
              threshold: number;
              type: "score_reached";
            }
          | {
              /**
               * Days without any activity.
               */
              days: number;
              type: "inactive";
            }
          | {
              /**
               * The previous statuses that count; empty means any.
               */
              from?: DealStatus[];
              /**
               * The new statuses that enrol.
               */
              to: DealStatus[];
              type: "deal_status_changed";
            }
          | {
              /**
               * The attribute watched.
               */
              attribute:
                | "company"
                | "department"
                | "title"
                | "job_level"
                | "employee_band"
                | "industry"
                | "prefecture"
                | "lead_status"
                | "lead_source"
                | "email_domain"
                | {
                    custom: string;
                  };
              /**
               * The new value that enrols; absent means any change.
               */
              to?: string | null;
              type: "attribute_changed";
            };
        type: "trigger";
      }
    | {
        /**
         * The tested condition.
         */
        condition:
          | {
              /**
               * The sub-conditions; at least one.
               */
              of: Expr[];
              type: "all";
            }
          | {
              /**
               * The sub-conditions; at least one.
               */
              of: Expr[];
              type: "any";
            }
          | {
              expr: Expr1;
              type: "not";
            }
          | {
              /**
               * Which attribute.
               */
              attribute:
                | "company"
                | "department"
                | "title"
                | "job_level"
                | "employee_band"
                | "industry"
                | "prefecture"
                | "lead_status"
                | "lead_source"
                | "email_domain"
                | {
                    custom: string;
                  };
              /**
               * How it is compared.
               */
              op:
                | "equals"
                | "not_equals"
                | "one_of"
                | "not_one_of"
                | "contains"
                | "starts_with"
                | "is_empty"
                | "is_not_empty";
              type: "attribute";
              /**
               * The values to compare with (one for equals/contains/starts_with, one or more for one_of,
               * none for is_empty).
               */
              values?: string[];
            }
          | {
              /**
               * The count compared with.
               */
              count: number;
              /**
               * Which events count.
               */
              event:
                | {
                    /**
                     * The form's name; absent means any form.
                     */
                    form?: string | null;
                    type: "form_submitted";
                  }
                | {
                    /**
                     * The document's name; absent means any document.
                     */
                    document?: string | null;
                    type: "document_downloaded";
                  }
                | {
                    type: "webinar_registered";
                    /**
                     * The webinar's name; absent means any webinar.
                     */
                    webinar?: string | null;
                  }
                | {
                    type: "webinar_attended";
                    /**
                     * The webinar's name; absent means any webinar.
                     */
                    webinar?: string | null;
                  }
                | {
                    type: "page_viewed";
                    /**
                     * A URL pattern where `*` matches anything, e.g. `/pricing*`; absent means any page.
                     */
                    url_pattern?: string | null;
                  }
                | {
                    /**
                     * The `send_email` node of this scenario; absent means any email.
                     */
                    email?: NodeId | null;
                    type: "email_opened";
                  }
                | {
                    /**
                     * The `send_email` node of this scenario; absent means any email.
                     */
                    email?: NodeId | null;
                    type: "email_clicked";
                  }
                | {
                    type: "unsubscribed";
                  }
                | {
                    /**
                     * The threshold.
                     */
                    threshold: number;
                    type: "score_reached";
                  }
                | {
                    /**
                     * The new statuses that count.
                     */
                    to: DealStatus[];
                    type: "deal_status_changed";
                  };
              /**
               * How the count is compared.
               */
              op: "gte" | "gt" | "lte" | "lt" | "eq" | "ne";
              type: "behaviour";
              /**
               * The window, in days back from now.
               */
              within_days: number;
            }
          | {
              /**
               * How the score is compared.
               */
              op: "gte" | "gt" | "lte" | "lt" | "eq" | "ne";
              type: "score";
              /**
               * The value compared with.
               */
              value: number;
            }
          | {
              /**
               * The accepted statuses.
               */
              in: DealStatus[];
              type: "deal_status";
            }
          | {
              /**
               * The `send_email` node of this scenario; absent means any email.
               */
              email?: NodeId | null;
              /**
               * Which engagement.
               */
              engagement: "opened" | "clicked" | "not_opened" | "not_clicked";
              type: "email_engagement";
              /**
               * The window, in days back from now; absent means ever.
               */
              within_days?: number | null;
            };
        type: "condition";
      }
    | {
        /**
         * The branches; their percentages sum to 100.
         */
        branches: SplitBranch[];
        type: "split";
      }
    | {
        delay: Delay1;
        type: "wait";
      }
    | {
        /**
         * The awaited event.
         */
        event:
          | {
              /**
               * The form's name; absent means any form.
               */
              form?: string | null;
              type: "form_submitted";
            }
          | {
              /**
               * The document's name; absent means any document.
               */
              document?: string | null;
              type: "document_downloaded";
            }
          | {
              type: "webinar_registered";
              /**
               * The webinar's name; absent means any webinar.
               */
              webinar?: string | null;
            }
          | {
              type: "webinar_attended";
              /**
               * The webinar's name; absent means any webinar.
               */
              webinar?: string | null;
            }
          | {
              type: "page_viewed";
              /**
               * A URL pattern where `*` matches anything, e.g. `/pricing*`; absent means any page.
               */
              url_pattern?: string | null;
            }
          | {
              /**
               * The `send_email` node of this scenario; absent means any email.
               */
              email?: NodeId | null;
              type: "email_opened";
            }
          | {
              /**
               * The `send_email` node of this scenario; absent means any email.
               */
              email?: NodeId | null;
              type: "email_clicked";
            }
          | {
              type: "unsubscribed";
            }
          | {
              /**
               * The threshold.
               */
              threshold: number;
              type: "score_reached";
            }
          | {
              /**
               * The new statuses that count.
               */
              to: DealStatus[];
              type: "deal_status_changed";
            };
        /**
         * How long to wait at most.
         */
        timeout?: Delay | null;
        type: "wait_until";
      }
    | {
        email: Email;
        type: "send_email";
      }
    | {
        /**
         * Points added (negative to subtract).
         */
        delta: number;
        /**
         * Why, for the score history.
         */
        reason?: string;
        type: "adjust_score";
      }
    | {
        /**
         * Who is notified (a team or person).
         */
        assignee?: string;
        /**
         * The note sales receives.
         */
        message?: string;
        /**
         * Hand off only leads whose score is at least this.
         */
        score_threshold?: number | null;
        type: "notify_sales";
      }
    | {
        /**
         * The field set.
         */
        field:
          | "company"
          | "department"
          | "title"
          | "job_level"
          | "employee_band"
          | "industry"
          | "prefecture"
          | "lead_status"
          | "lead_source"
          | "email_domain"
          | {
              custom: string;
            };
        type: "update_field";
        /**
         * The new value.
         */
        value: string;
      }
    | {
        /**
         * The fields pushed (e.g. `score`, `lead_status`); empty means the mapping's defaults.
         */
        fields?: string[];
        type: "sync_sfa";
      }
    | {
        /**
         * The scenario entered.
         */
        scenario: string;
        type: "switch_scenario";
      }
    | {
        /**
         * The audience's name.
         */
        audience: string;
        /**
         * Web personalisation or an ad platform.
         */
        channel: "web" | "ad";
        type: "add_to_audience";
      }
    | {
        /**
         * How the lead's journey ended, for reporting.
         */
        outcome?: string;
        type: "end";
      };
  position?: Position;
  /**
   * The name shown on the canvas; empty means the kind's default name.
   */
  title?: string;
}
/**
 * One branch of an A/B split.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "SplitBranch".
 */
export interface SplitBranch {
  /**
   * The branch id; the edge leaving it uses the handle `branch:<id>`.
   */
  id: string;
  /**
   * What the branch tests, e.g. "件名A".
   */
  label?: string;
  /**
   * The share of leads, in percent.
   */
  percent: number;
}
/**
 * How long.
 */
export interface Delay1 {
  /**
   * Days.
   */
  days?: number;
  /**
   * Hours, added to the days.
   */
  hours?: number;
}
/**
 * The email.
 */
export interface Email {
  /**
   * What sort of email; it sets the expected open and click rates.
   */
  kind: "welcome" | "nurture" | "follow_up" | "reactivation" | "event_invite";
  /**
   * The links in the email.
   */
  links?: Link[];
  /**
   * 配信停止 (opt-out) URL or mailto: address (required by law).
   */
  opt_out_url?: string;
  /**
   * 送信者の住所 (required by law).
   */
  sender_address?: string;
  /**
   * The sender's address for replies and complaints.
   */
  sender_email?: string;
  /**
   * 送信者の氏名又は名称 (required by law).
   */
  sender_name?: string;
  /**
   * 件名.
   */
  subject?: string;
  /**
   * What the email says, in a sentence or two.
   */
  summary?: string;
}
/**
 * A link in an email.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Link".
 */
export interface Link {
  /**
   * The link text.
   */
  label: string;
  /**
   * The target URL.
   */
  url: string;
}
/**
 * Where the node sits on the canvas.
 */
export interface Position {
  /**
   * Left edge.
   */
  x: number;
  /**
   * Top edge.
   */
  y: number;
}
/**
 * Scenario-level settings.
 */
export interface Settings {
  /**
   * 終了条件: a lead meeting it leaves the scenario wherever it is, not counted as a success
   * (e.g. became a customer through another route).
   */
  exit_when?: Expr | null;
  /**
   * 配信頻度上限 for this scenario's mails; absent means only the workspace-wide cap applies.
   */
  frequency_cap?: FrequencyCap | null;
  /**
   * ゴール: a lead meeting it leaves the scenario wherever it is, counted as a success
   * (e.g. 商談化).
   */
  goal?: Expr | null;
  kpi?: KpiTargets;
  min_send_interval?: Delay2;
  /**
   * 再登録: whether a lead can enter again.
   */
  reenrollment?:
    | {
        type: "never";
      }
    | {
        /**
         * Days since the last entry.
         */
        days: number;
        type: "after_days";
      }
    | {
        type: "always";
      };
  /**
   * ターゲットセグメント: only leads matching it enter.
   */
  segment?: Expr | null;
  send_window?: SendWindow;
  /**
   * Leads currently in any of these scenarios do not enter this one.
   */
  suppress_while_in?: ScenarioId[];
}
/**
 * At most `max_sends` mails per lead in any `per_days` days.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "FrequencyCap".
 */
export interface FrequencyCap {
  /**
   * The most mails.
   */
  max_sends: number;
  /**
   * In this many days.
   */
  per_days: number;
}
/**
 * KPI目標.
 */
export interface KpiTargets {
  /**
   * クリック率.
   */
  click_rate?: PercentRange | null;
  /**
   * 商談化率.
   */
  deal_rate?: PercentRange | null;
  /**
   * 営業引き渡し率 (MQL rate).
   */
  handoff_rate?: PercentRange | null;
  /**
   * 開封率.
   */
  open_rate?: PercentRange | null;
}
/**
 * A target range in percent, e.g. 20–30.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "PercentRange".
 */
export interface PercentRange {
  /**
   * The upper bound, in percent.
   */
  max: number;
  /**
   * The lower bound, in percent.
   */
  min: number;
}
/**
 * A duration on the scenario's clock.
 */
export interface Delay2 {
  /**
   * Days.
   */
  days?: number;
  /**
   * Hours, added to the days.
   */
  hours?: number;
}
/**
 * 配信時間帯.
 */
export interface SendWindow {
  /**
   * The end of the window (exclusive).
   */
  end: string;
  /**
   * Skip Japanese public holidays and the year-end holidays (年末年始).
   */
  skip_holidays?: boolean;
  /**
   * The first minute of the window.
   */
  start: string;
  /**
   * The days of the week on which mails go out.
   */
  weekdays: Weekday[];
}
/**
 * A draft, as listed.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "DraftInfo".
 */
export interface DraftInfo {
  /**
   * The scenario's name in the draft (empty when the draft no longer reads).
   */
  name: string;
  /**
   * When the draft was written (Unix seconds).
   */
  saved_at: number;
  /**
   * The scenario's id.
   */
  scenario_id: string;
  /**
   * Whether the scenario has a saved version in the workspace.
   */
  stored: boolean;
}
/**
 * The sections the settings screens edit.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "EditableSettings".
 */
export interface EditableSettings {
  calendar: CalendarSettings1;
  campaigns: CampaignCalendar1;
  frequency_cap: FrequencyCap1;
  sales: SalesProcess;
  scoring: ScoringModel;
  sender: SenderDefaults;
  sfa: SfaMapping;
  team: TeamSettings;
}
/**
 * The year-end break and company holidays (besides public holidays).
 */
export interface CalendarSettings1 {
  /**
   * Further days off (創立記念日, 夏季休業 …).
   */
  company_holidays?: string[];
  /**
   * The year-end break (年末年始), as the first and last day written `MM-DD`; by default 12-29 to
   * 01-03. `None` for none.
   *
   * @minItems 2
   * @maxItems 2
   */
  year_end?: [string, string] | null;
}
/**
 * Webinars planned after the recorded history.
 */
export interface CampaignCalendar1 {
  /**
   * Webinars planned.
   */
  webinars?: PlannedWebinar[];
}
/**
 * At most `max_sends` mails per lead in any `per_days` days.
 */
export interface FrequencyCap1 {
  /**
   * The most mails.
   */
  max_sends: number;
  /**
   * In this many days.
   */
  per_days: number;
}
/**
 * What sales does with a hand-off: probabilities and delays.
 */
export interface SalesProcess {
  /**
   * Days from hand-off to 対応中 (uniform between the two).
   *
   * @minItems 2
   * @maxItems 2
   */
  accept_days: [number, number];
  /**
   * P(sales takes the lead up: 未対応 → 対応中); the rest stay 未対応.
   */
  accept_rate: number;
  /**
   * Days from 商談化 to 受注 or 失注.
   *
   * @minItems 2
   * @maxItems 2
   */
  close_days: [number, number];
  /**
   * Days from 対応中 to 商談化 or back to nurture.
   *
   * @minItems 2
   * @maxItems 2
   */
  opportunity_days: [number, number];
  /**
   * P(対応中 → 商談化); the rest go back to nurture (ナーチャリング戻し).
   */
  opportunity_rate: number;
  /**
   * P(受注 | 商談化); the rest are 失注.
   */
  win_rate: number;
}
/**
 * Scores and the MQL threshold.
 */
export interface ScoringModel {
  /**
   * The most engagement points one day can add (a lead that reads twenty pages in a sitting is
   * not twenty times as interested).
   */
  daily_cap: number;
  engagement: EngagementPoints;
  fit: FitPoints;
  /**
   * Engagement points halve every this many days.
   */
  half_life_days: number;
  /**
   * The score at which a lead becomes an MQL and can be handed to sales.
   */
  mql_threshold: number;
}
/**
 * Points for what the lead does; they decay.
 */
export interface EngagementPoints {
  /**
   * A document download.
   */
  document_download: number;
  /**
   * Clicking in a mail.
   */
  email_click: number;
  /**
   * Opening a mail.
   */
  email_open: number;
  /**
   * A form submission (問い合わせ, デモ依頼 …).
   */
  form_submit: number;
  /**
   * A page view.
   */
  page_view: number;
  /**
   * A view of a page matching `pricing_pattern`, instead of `page_view`.
   */
  pricing_page: number;
  /**
   * Which pages are pricing pages (`*` matches anything).
   */
  pricing_pattern: string;
  /**
   * Unsubscribing (negative).
   */
  unsubscribe: number;
  /**
   * Attending a webinar.
   */
  webinar_attendance: number;
  /**
   * A webinar registration.
   */
  webinar_registration: number;
}
/**
 * Points for who the lead is; they do not decay.
 */
export interface FitPoints {
  /**
   * By company size (`1-49`, `50-299`, `300-999`, `1000+`).
   */
  employee_band: {
    [k: string]: number;
  };
  /**
   * By industry as written in the workspace (業種); industries not listed score 0.
   */
  industry: {
    [k: string]: number;
  };
  /**
   * By job level (`executive`, `director`, `manager`, `chief`, `staff`).
   */
  job_level: {
    [k: string]: number;
  };
}
/**
 * The sender fields new mails start with.
 */
export interface SenderDefaults {
  /**
   * The opt-out link (a URL, mailto: or a merge tag).
   */
  opt_out_url?: string;
  /**
   * 送信者の住所 (postal address).
   */
  sender_address?: string;
  /**
   * The reply-to address.
   */
  sender_email?: string;
  /**
   * 送信者名 (the company, or a person at it).
   */
  sender_name?: string;
}
/**
 * The SFA/CRM fields.
 */
export interface SfaMapping {
  /**
   * The SFA field whose changes come back to the MA as deal status (商談ステータス).
   */
  deal_status_field?: string;
  /**
   * The workspace's own SFA values for deal statuses (e.g. 「見込み薄」 → 失注), read on
   * import besides the usual names (`import::values::DEAL_STATUS_WORDS`).
   */
  deal_status_values?: {
    [k: string]: DealStatus;
  };
  /**
   * The SFA field holding the lead ID shared with the MA (リードID).
   */
  lead_id_field?: string;
  /**
   * The SFA field that receives the MA score (スコア).
   */
  score_field?: string;
  /**
   * The SFA/CRM (e.g. Salesforce, HubSpot, kintone, Senses).
   */
  system?: string;
}
/**
 * Who runs the scenarios and how they are reviewed.
 */
export interface TeamSettings {
  /**
   * Whether running the scenarios is the owner's assigned role (専任), not a side task.
   */
  dedicated?: boolean;
  /**
   * シナリオ運用の担当者.
   */
  owner?: string;
  /**
   * How often scenario results are reviewed.
   */
  review_cadence?: "none" | "weekly" | "monthly";
  /**
   * The days reviews took place (the review log).
   */
  reviews?: string[];
}
/**
 * An email and the facts the 特定電子メール法 (Japan's Act on Specified Electronic Mail) requires in it.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Email".
 */
export interface Email1 {
  /**
   * What sort of email; it sets the expected open and click rates.
   */
  kind: "welcome" | "nurture" | "follow_up" | "reactivation" | "event_invite";
  /**
   * The links in the email.
   */
  links?: Link[];
  /**
   * 配信停止 (opt-out) URL or mailto: address (required by law).
   */
  opt_out_url?: string;
  /**
   * 送信者の住所 (required by law).
   */
  sender_address?: string;
  /**
   * The sender's address for replies and complaints.
   */
  sender_email?: string;
  /**
   * 送信者の氏名又は名称 (required by law).
   */
  sender_name?: string;
  /**
   * 件名.
   */
  subject?: string;
  /**
   * What the email says, in a sentence or two.
   */
  summary?: string;
}
/**
 * A mail over the runs.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "EmailBands".
 */
export interface EmailBands {
  click_rate: Band10;
  open_rate: Band11;
  sent: Band12;
  unsubscribed: Band13;
}
/**
 * A figure over the runs.
 */
export interface Band10 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band11 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band12 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band13 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * Engagement points per event.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "EngagementPoints".
 */
export interface EngagementPoints1 {
  /**
   * A document download.
   */
  document_download: number;
  /**
   * Clicking in a mail.
   */
  email_click: number;
  /**
   * Opening a mail.
   */
  email_open: number;
  /**
   * A form submission (問い合わせ, デモ依頼 …).
   */
  form_submit: number;
  /**
   * A page view.
   */
  page_view: number;
  /**
   * A view of a page matching `pricing_pattern`, instead of `page_view`.
   */
  pricing_page: number;
  /**
   * Which pages are pricing pages (`*` matches anything).
   */
  pricing_pattern: string;
  /**
   * Unsubscribing (negative).
   */
  unsubscribe: number;
  /**
   * Attending a webinar.
   */
  webinar_attendance: number;
  /**
   * A webinar registration.
   */
  webinar_registration: number;
}
/**
 * Fit points.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "FitPoints".
 */
export interface FitPoints1 {
  /**
   * By company size (`1-49`, `50-299`, `300-999`, `1000+`).
   */
  employee_band: {
    [k: string]: number;
  };
  /**
   * By industry as written in the workspace (業種); industries not listed score 0.
   */
  industry: {
    [k: string]: number;
  };
  /**
   * By job level (`executive`, `director`, `manager`, `chief`, `staff`).
   */
  job_level: {
    [k: string]: number;
  };
}
/**
 * A public holiday from the shipped Cabinet Office list.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Holiday".
 */
export interface Holiday {
  /**
   * YYYY-MM-DD.
   */
  date: string;
  name: Localized12;
}
/**
 * One message in Japanese and English.
 */
export interface Localized12 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * What an import did, or in a dry run would do.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ImportReport".
 */
export interface ImportReport {
  /**
   * Whether the import was committed (false for a dry run).
   */
  committed: boolean;
  /**
   * The field separator.
   */
  delimiter: string;
  /**
   * How the encoding was decided.
   */
  detection: "bom" | "detected" | "given";
  /**
   * Rows repeating an email seen earlier in the file (the first wins).
   */
  duplicates: number;
  /**
   * The encoding read.
   */
  encoding: "utf-8" | "cp932" | "euc-jp" | "utf-16le" | "utf-16be";
  /**
   * Rows with an error.
   */
  error_rows: number;
  /**
   * The file's name.
   */
  file: string;
  /**
   * New leads, events or statuses stored.
   */
  inserted: number;
  /**
   * Every problem, grouped: the same problem of the same column with the same message (so the
   * same value) is one group, with how many rows had it and their first lines. At most
   * `MAX_ISSUE_GROUPS`; problems of further groups are counted in `issues_not_grouped`.
   */
  issue_groups: IssueGroup[];
  /**
   * Row problems, the first `MAX_REPORTED_ISSUES`.
   */
  issues: RowIssue1[];
  /**
   * Problems whose group did not fit in `issue_groups`.
   */
  issues_not_grouped: number;
  /**
   * Problems not listed in `issues`.
   */
  issues_not_listed: number;
  mapping: ColumnMapping1;
  /**
   * Of a lead file, its leads without a recorded opt-in basis.
   */
  no_consent: number;
  /**
   * Of an activity log, the rows of activities that are not behaviour (deliveries, bounces,
   * data and score changes …), skipped: how many of each activity type, as written.
   */
  not_behaviour: {
    [k: string]: number;
  };
  /**
   * Opt-outs: of a lead file, its leads read as opted out; of an activity log, the leads its
   * unsubscribes opted out (that were mailable before).
   */
  opted_out: number;
  /**
   * The first rows as read, for a preview.
   */
  preview: string[][];
  /**
   * Data rows read.
   */
  rows: number;
  /**
   * Rows not imported (errors and duplicates).
   */
  skipped: number;
  /**
   * Leads, events or statuses already stored with these values (a re-import).
   */
  unchanged: number;
  /**
   * Existing leads updated.
   */
  updated: number;
  /**
   * Rows with only warnings.
   */
  warning_rows: number;
}
/**
 * The rows that had one problem.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "IssueGroup".
 */
export interface IssueGroup {
  first: RowIssue;
  /**
   * The first `GROUP_LINES` of their lines.
   */
  lines: number[];
  /**
   * Rows with it.
   */
  rows: number;
}
/**
 * The first row's problem.
 */
export interface RowIssue {
  /**
   * A stable code (`invalid-email`, `invalid-date` …).
   */
  code: string;
  /**
   * The column's header, when the problem is in one cell.
   */
  column?: string | null;
  /**
   * The line of the file the row starts on (the header is line 1).
   */
  line: number;
  message: Localized13;
  /**
   * Whether the row was skipped.
   */
  severity: "error" | "warning";
  /**
   * The cell's value, when the problem is in it (clipped).
   */
  value?: string | null;
}
/**
 * One message in Japanese and English.
 */
export interface Localized13 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * A problem of one row.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "RowIssue".
 */
export interface RowIssue1 {
  /**
   * A stable code (`invalid-email`, `invalid-date` …).
   */
  code: string;
  /**
   * The column's header, when the problem is in one cell.
   */
  column?: string | null;
  /**
   * The line of the file the row starts on (the header is line 1).
   */
  line: number;
  message: Localized13;
  /**
   * Whether the row was skipped.
   */
  severity: "error" | "warning";
  /**
   * The cell's value, when the problem is in it (clipped).
   */
  value?: string | null;
}
/**
 * The headers and the fields they feed.
 */
export interface ColumnMapping1 {
  /**
   * For each column in file order: its header and the field it feeds (`None`: kept as a custom
   * field for leads, ignored otherwise).
   */
  columns: [string, Field | null][];
  /**
   * How the file's dates with the year last are read, when it has any: given by the user or
   * told by the file's own dates (a part above 12).
   */
  date_order?: DateOrder | null;
  /**
   * What the file holds.
   */
  kind: "leads" | "events" | "deals";
  /**
   * The preset used (`custom` when only a mapping file was).
   */
  preset: string;
}
/**
 * What the wizard asks for: the file, what the user chose over what was detected, and whether to
 * commit (otherwise a dry run that writes nothing).
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ImportRequest".
 */
export interface ImportRequest {
  /**
   * Header → field chosen by the user; wins over the preset.
   */
  columns?: {
    [k: string]: Field;
  } | null;
  /**
   * Import for real; otherwise only read and check.
   */
  commit: boolean;
  /**
   * How dates with the year last are read; told by the file's dates when absent.
   */
  date_order?: DateOrder | null;
  /**
   * The encoding (`utf-8`, `cp932`, `euc-jp` …); detected when absent.
   */
  encoding?: string | null;
  /**
   * What it holds; detected when absent.
   */
  kind?: ImportKind | null;
  /**
   * The CSV file.
   */
  path: string;
  /**
   * The header preset; detected when absent.
   */
  preset?: string | null;
  /**
   * Import a lead whose opt-out cannot be read as opted out instead of refusing the file.
   */
  suppress_unreadable_opt_outs?: boolean;
}
/**
 * Why a KPI is forecast below its target, said of the node where it happens.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "KpiReason".
 */
export interface KpiReason {
  message: Localized14;
  /**
   * The id of a node, unique within its scenario.
   */
  node: string;
}
/**
 * One message in Japanese and English.
 */
export interface Localized14 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * One KPI: target and forecast, in percent.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "KpiResult".
 */
export interface KpiResult {
  forecast: Band14;
  /**
   * Which KPI.
   */
  kpi: "open_rate" | "click_rate" | "handoff_rate" | "deal_rate";
  target: PercentRange1;
  /**
   * How they compare.
   */
  verdict: "below" | "within" | "above" | "no_data";
  /**
   * Below its target: which node loses the leads, and why (`why_below`).
   */
  why?: KpiReason | null;
}
/**
 * A figure over the runs.
 */
export interface Band14 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A target range in percent, e.g. 20–30.
 */
export interface PercentRange1 {
  /**
   * The upper bound, in percent.
   */
  max: number;
  /**
   * The lower bound, in percent.
   */
  min: number;
}
/**
 * KPI targets, each a range in percent. Rates are per enrolled lead for hand-off and deal, per
 * delivered mail for open, and per delivered mail for click.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "KpiTargets".
 */
export interface KpiTargets1 {
  /**
   * クリック率.
   */
  click_rate?: PercentRange | null;
  /**
   * 商談化率.
   */
  deal_rate?: PercentRange | null;
  /**
   * 営業引き渡し率 (MQL rate).
   */
  handoff_rate?: PercentRange | null;
  /**
   * 開封率.
   */
  open_rate?: PercentRange | null;
}
/**
 * One lead in full, for its detail view.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "LeadDetail".
 */
export interface LeadDetail {
  /**
   * The user's own fields.
   */
  custom: {
    [k: string]: string;
  };
  /**
   * 部署.
   */
  department: string;
  /**
   * 従業員数 as written.
   */
  employees: string;
  /**
   * リードソース.
   */
  lead_source: string;
  /**
   * The workspace's MQL threshold.
   */
  mql_threshold: number;
  /**
   * How consent to mail was obtained (`form`, `business_card`, `existing_relationship`).
   */
  opt_in_basis?: string | null;
  /**
   * 都道府県.
   */
  prefecture: string;
  row: LeadRow;
  /**
   * Its score at the end of each week (Japan time) from its first record to `scores_at`, and
   * at `scores_at`: `(Unix seconds, score)`.
   */
  scores: [number, number][];
  /**
   * The moment it was scored at (minutes).
   */
  scores_at: number;
  /**
   * The SFA's id.
   */
  sfa_id?: string | null;
  /**
   * Its events and deal changes, newest first (at most `TIMELINE`).
   */
  timeline: TimelineEntry[];
  /**
   * Events and deal changes in all.
   */
  timeline_total: number;
}
/**
 * As the table shows it (with its score and MQL mark at `scores_at`).
 */
export interface LeadRow {
  /**
   * The company.
   */
  company: string;
  /**
   * When it was created (Unix seconds).
   */
  created_at?: number | null;
  /**
   * The email as written.
   */
  email: string;
  /**
   * The employee band code.
   */
  employee_band?: string | null;
  /**
   * The MA/CRM's id.
   */
  external_id?: string | null;
  /**
   * Its row id.
   */
  id: number;
  /**
   * The industry.
   */
  industry: string;
  /**
   * The job level code.
   */
  job_level?: string | null;
  /**
   * The lead status as written.
   */
  lead_status: string;
  /**
   * Whether that score is at or above the workspace's MQL threshold.
   */
  mql: boolean;
  /**
   * Last and first name.
   */
  name: string;
  /**
   * Whether it refused mail.
   */
  opted_out: boolean;
  /**
   * Its score under the workspace's scoring at the last recorded moment (`scores::scores_of`).
   */
  score: number;
  /**
   * The title as written.
   */
  title: string;
}
/**
 * One recorded event or deal change of a lead.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "TimelineEntry".
 */
export interface TimelineEntry {
  /**
   * When (Unix seconds).
   */
  at: number;
  /**
   * The page, document, webinar, mail or form; for a deal change, the SFA's own value.
   */
  detail: string;
  /**
   * The event's kind (`page_view` …); none for a deal change.
   */
  kind?: EventKind | null;
  /**
   * For a mail event whose mail is tied to a workspace scenario's mail: that mail as a
   * marketer knows it, 「scenario」の「mail title」 (`simulate::input::name_mails`).
   */
  mail?: Localized | null;
  /**
   * The deal status changed to; none for an event.
   */
  status?: DealStatus | null;
}
/**
 * Which leads to list. Empty fields do not filter.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "LeadFilter".
 */
export interface LeadFilter {
  /**
   * Highest first (the order is then reversed, empty values still last).
   */
  descending?: boolean;
  /**
   * The employee band code (`1-49` …).
   */
  employee_band?: string;
  /**
   * The industry, as written.
   */
  industry?: string;
  /**
   * The job level code (`executive` …).
   */
  job_level?: string;
  /**
   * Only leads that refused mail (true) or did not (false).
   */
  opted_out?: boolean | null;
  /**
   * The column the leads are ordered by (the id when none).
   */
  sort?:
    "id" | "name" | "company" | "score" | "email" | "industry" | "employee_band" | "title" | "lead_status" | "created";
  /**
   * Text found in the email, the name or the company (by `lead::search_key`).
   */
  text?: string;
}
/**
 * A page of leads and how many match in all.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "LeadPage".
 */
export interface LeadPage {
  /**
   * The first row's position among them.
   */
  offset: number;
  /**
   * The rows, in the filter's order.
   */
  rows: LeadRow1[];
  /**
   * The moment the rows were scored at (minutes): the last recorded one, or the one asked
   * for. A table asks its later pages at this moment, so the workspace is not scanned for
   * its last event again for each page.
   */
  scores_at: number;
  /**
   * Leads matching the filter.
   */
  total: number;
}
/**
 * One lead as the table shows it.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "LeadRow".
 */
export interface LeadRow1 {
  /**
   * The company.
   */
  company: string;
  /**
   * When it was created (Unix seconds).
   */
  created_at?: number | null;
  /**
   * The email as written.
   */
  email: string;
  /**
   * The employee band code.
   */
  employee_band?: string | null;
  /**
   * The MA/CRM's id.
   */
  external_id?: string | null;
  /**
   * Its row id.
   */
  id: number;
  /**
   * The industry.
   */
  industry: string;
  /**
   * The job level code.
   */
  job_level?: string | null;
  /**
   * The lead status as written.
   */
  lead_status: string;
  /**
   * Whether that score is at or above the workspace's MQL threshold.
   */
  mql: boolean;
  /**
   * Last and first name.
   */
  name: string;
  /**
   * Whether it refused mail.
   */
  opted_out: boolean;
  /**
   * Its score under the workspace's scoring at the last recorded moment (`scores::scores_of`).
   */
  score: number;
  /**
   * The title as written.
   */
  title: string;
}
/**
 * Counts that describe a workspace's leads.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "LeadStats".
 */
export interface LeadStats {
  /**
   * Earliest and latest creation time (Unix seconds).
   *
   * @minItems 2
   * @maxItems 2
   */
  created_range?: [number, number] | null;
  /**
   * Leads by current deal status (the latest change); `none` for leads without one.
   */
  deal_status: {
    [k: string]: number;
  };
  /**
   * Leads by employee band ("" when unknown).
   */
  employee_band: {
    [k: string]: number;
  };
  /**
   * Events by kind.
   */
  events: {
    [k: string]: number;
  };
  /**
   * Leads by industry (empty as "").
   */
  industry: {
    [k: string]: number;
  };
  /**
   * Leads by job level ("" when unknown).
   */
  job_level: {
    [k: string]: number;
  };
  /**
   * Leads stored.
   */
  leads: number;
  /**
   * Leads without a recorded opt-in basis.
   */
  no_opt_in_basis: number;
  /**
   * Leads by opt-in basis ("" when unknown).
   */
  opt_in_basis: {
    [k: string]: number;
  };
  /**
   * Leads that refused mail.
   */
  opted_out: number;
  /**
   * Leads by prefecture.
   */
  prefecture: {
    [k: string]: number;
  };
}
/**
 * One lead's path through the scenarios in the forecast's window (the first run's draws).
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "LeadTrace".
 */
export interface LeadTrace {
  /**
   * Who it is: name, company and email as stored.
   */
  label: string;
  /**
   * The lead's row id.
   */
  lead: number;
  /**
   * Every step in time order.
   */
  steps: TracedStep[];
}
/**
 * One step of a traced lead's path.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "TracedStep".
 */
export interface TracedStep {
  /**
   * When, in Japan time (YYYY-MM-DD HH:MM).
   */
  at: string;
  /**
   * The node.
   */
  node: string;
  place: Localized15;
  /**
   * The scenario.
   */
  scenario: string;
  /**
   * The scenario's name, for people.
   */
  scenario_name: string;
  /**
   * The lead's score then.
   */
  score: number;
  /**
   * What happened.
   */
  step:
    | {
        /**
         * Why.
         */
        reason: "segment" | "reenrollment" | "opted_out" | "no_consent";
        type: "not_enrolled";
      }
    | {
        type: "entered";
      }
    | {
        /**
         * The output.
         */
        handle: string;
        type: "left";
      }
    | {
        type: "sent";
      }
    | {
        type: "opened";
      }
    | {
        type: "clicked";
      }
    | {
        type: "unsubscribed";
      }
    | {
        type: "handed_off";
      }
    | {
        type: "goal";
      }
    | {
        type: "exit";
      }
    | {
        type: "waiting_at_end";
      };
  text: Localized16;
}
/**
 * One message in Japanese and English.
 */
export interface Localized15 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * One message in Japanese and English.
 */
export interface Localized16 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * How many leads a condition matches.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "MatchCount".
 */
export interface MatchCount {
  /**
   * Leads in the workspace.
   */
  leads: number;
  /**
   * Leads for which it holds.
   */
  matching: number;
}
/**
 * How well a model's scores at a snapshot foretold the outcome after it.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ModelCheck".
 */
export interface ModelCheck {
  /**
   * The area under the ROC curve: the chance that a lead that converted outscored one that
   * did not (0.5 is a coin, 1 is perfect).
   */
  auc: number;
  /**
   * Its 95 % interval's top.
   */
  auc_high: number;
  /**
   * Its 95 % interval (Hanley and McNeil).
   */
  auc_low: number;
  /**
   * Conversion by score band.
   */
  bands: ScoreBand[];
  /**
   * Of the leads that converted after, those that were at or above the threshold.
   */
  caught: number;
  /**
   * `caught` over all leads that converted.
   */
  caught_share: number;
  /**
   * The leads by tenth of the ranking, highest scores first.
   */
  deciles: Decile[];
  /**
   * Leads at or above the threshold at the snapshot.
   */
  mql: number;
  /**
   * Conversion of the leads at or above the threshold.
   */
  rate_above: number;
  /**
   * Conversion of the leads below it.
   */
  rate_below: number;
  /**
   * The MQL threshold judged.
   */
  threshold: number;
}
/**
 * Leads with scores in `[from, to)`.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ScoreBand".
 */
export interface ScoreBand {
  /**
   * Those that converted.
   */
  deals: number;
  /**
   * The lowest score in the band; none for "below".
   */
  from?: number | null;
  /**
   * Leads in it.
   */
  leads: number;
  /**
   * `deals / leads`.
   */
  rate: number;
  /**
   * The first score above the band; none for "and above".
   */
  to?: number | null;
}
/**
 * A node over the runs.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "NodeBands".
 */
export interface NodeBands {
  entered: Band15;
  /**
   * Leads that left, by output.
   */
  exits: {
    [k: string]: Band1;
  };
  waiting_at_end: Band16;
}
/**
 * A figure over the runs.
 */
export interface Band15 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band16 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * What the canvas draws for a node beyond its title.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "NodeView".
 */
export interface NodeView {
  /**
   * Its exits, in drawing order (`out`, `yes`, `no`, `met`, `timeout`, `branch:<id>`).
   */
  outputs: string[];
  summary: Localized17;
}
/**
 * One message in Japanese and English.
 */
export interface Localized17 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * A scenario file (JSON, or BPMN exported by Scenario Studio) with notes on what a BPMN modeler
 * added that could not be taken in.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "OpenedFile".
 */
export interface OpenedFile {
  /**
   * What was left out, in both languages.
   */
  notes: Localized[];
  scenario: ScenarioStudioScenario1;
}
/**
 * The scenario.
 */
export interface ScenarioStudioScenario1 {
  /**
   * What the scenario is for.
   */
  description?: string;
  /**
   * The connections between steps.
   */
  edges?: Edge[];
  /**
   * Always `scenario-studio/1` for this version of the format.
   */
  format: "scenario-studio/1";
  /**
   * Unique within a workspace.
   */
  id: string;
  /**
   * The language of the scenario's texts.
   */
  language?: "ja" | "en";
  /**
   * The scenario's name.
   */
  name: string;
  /**
   * The steps.
   */
  nodes: Node[];
  /**
   * 担当者: who owns the scenario.
   */
  owner?: string;
  settings?: Settings;
  /**
   * Only active scenarios run together in a workspace simulation.
   */
  status?: "draft" | "active" | "paused";
}
/**
 * A lead to trace, as the pick list shows it.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "PickedLead".
 */
export interface PickedLead {
  /**
   * The lead's row id (what the trace takes).
   */
  id: number;
  /**
   * Who it is: name and company.
   */
  label: string;
}
/**
 * Leads to trace by what happened to them in a scenario in the forecast's first run.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "PickedLeads".
 */
export interface PickedLeads {
  /**
   * Entered the scenario.
   */
  entered: PickedLead[];
  /**
   * Met its goal.
   */
  goal: PickedLead[];
  /**
   * Were handed to sales.
   */
  handed_off: PickedLead[];
  /**
   * Were still inside at the window's end.
   */
  stuck: PickedLead[];
}
/**
 * One kind of points, in use and suggested.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "PointChange".
 */
export interface PointChange {
  /**
   * The points in use.
   */
  current: number;
  /**
   * Which kind of points.
   */
  group: "job_level" | "employee_band" | "industry" | "engagement";
  label: Localized18;
  /**
   * The points suggested.
   */
  suggested: number;
}
/**
 * One message in Japanese and English.
 */
export interface Localized18 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * A point on the canvas, in canvas pixels.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Position".
 */
export interface Position1 {
  /**
   * Left edge.
   */
  x: number;
  /**
   * Top edge.
   */
  y: number;
}
/**
 * A header preset the wizard offers.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "PresetInfo".
 */
export interface PresetInfo {
  /**
   * Its key.
   */
  key: string;
  /**
   * What a CSV file holds.
   */
  kind: "leads" | "events" | "deals";
  /**
   * What it is for.
   */
  label: string;
}
/**
 * Progress of a long job: leads done out of the total.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Progress".
 */
export interface Progress {
  /**
   * Leads done (over every run).
   */
  done: number;
  /**
   * Leads to do.
   */
  total: number;
}
/**
 * The first and the last day (Japan time) with a recorded event.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "RecordedDays".
 */
export interface RecordedDays1 {
  /**
   * The first (YYYY-MM-DD).
   */
  first: string;
  /**
   * The last (YYYY-MM-DD).
   */
  last: string;
}
/**
 * The sales process's parameters.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "SalesProcess".
 */
export interface SalesProcess1 {
  /**
   * Days from hand-off to 対応中 (uniform between the two).
   *
   * @minItems 2
   * @maxItems 2
   */
  accept_days: [number, number];
  /**
   * P(sales takes the lead up: 未対応 → 対応中); the rest stay 未対応.
   */
  accept_rate: number;
  /**
   * Days from 商談化 to 受注 or 失注.
   *
   * @minItems 2
   * @maxItems 2
   */
  close_days: [number, number];
  /**
   * Days from 対応中 to 商談化 or back to nurture.
   *
   * @minItems 2
   * @maxItems 2
   */
  opportunity_days: [number, number];
  /**
   * P(対応中 → 商談化); the rest go back to nurture (ナーチャリング戻し).
   */
  opportunity_rate: number;
  /**
   * P(受注 | 商談化); the rest are 失注.
   */
  win_rate: number;
}
/**
 * The systematic sample of a live estimate.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "SampleInfo".
 */
export interface SampleInfo {
  /**
   * Leads simulated.
   */
  leads: number;
  /**
   * Leads in the workspace.
   */
  of: number;
  /**
   * One lead in so many was taken, and each counts for so many.
   */
  stride: number;
}
/**
 * One scenario as stored in a `.scenario.json` file.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ScenarioFile".
 */
export interface ScenarioStudioScenario2 {
  /**
   * What the scenario is for.
   */
  description?: string;
  /**
   * The connections between steps.
   */
  edges?: Edge[];
  /**
   * Always `scenario-studio/1` for this version of the format.
   */
  format: "scenario-studio/1";
  /**
   * Unique within a workspace.
   */
  id: string;
  /**
   * The language of the scenario's texts.
   */
  language?: "ja" | "en";
  /**
   * The scenario's name.
   */
  name: string;
  /**
   * The steps.
   */
  nodes: Node[];
  /**
   * 担当者: who owns the scenario.
   */
  owner?: string;
  settings?: Settings;
  /**
   * Only active scenarios run together in a workspace simulation.
   */
  status?: "draft" | "active" | "paused";
}
/**
 * A stored scenario as one lead meets it: whether the lead is in its segment now, and what
 * would enrol it.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ScenarioFit".
 */
export interface ScenarioFit {
  /**
   * Whether it is running (稼働中).
   */
  active: boolean;
  /**
   * The scenario's id.
   */
  id: string;
  /**
   * Whether the lead is in its target segment now (true when it has none).
   */
  in_segment: boolean;
  /**
   * Its name.
   */
  name: string;
  /**
   * What enrols a lead: its triggers, as people read them.
   */
  triggers: Localized[];
}
/**
 * One scenario over the runs.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ScenarioSummary".
 */
export interface ScenarioSummary {
  click_rate: Band17;
  clicked: Band18;
  completed: Band19;
  /**
   * Per day of the window, every day from day 0, quiet ones included.
   */
  daily: DailyBands[];
  deal_rate: Band20;
  deals_created: Band21;
  /**
   * Per mail, in the scenario's order.
   */
  emails: [NodeId, EmailBands][];
  enrolled: Band22;
  goal_reached: Band23;
  handed_off: Band24;
  handoff_rate: Band25;
  /**
   * The id of a scenario, unique within a workspace; `switch_scenario` nodes refer to it.
   */
  id: string;
  /**
   * The scenario's KPI targets against the forecast.
   */
  kpis: KpiResult[];
  leads: Band26;
  mql_at_end: Band27;
  /**
   * Its name.
   */
  name: string;
  /**
   * Per node, in the scenario's order.
   */
  nodes: [NodeId, NodeBands][];
  open_rate: Band28;
  opened: Band29;
  /**
   * Their scores at the end of the window: every bucket from the lowest to the highest that
   * any run reached, empty ones included.
   */
  score_distribution: ScoreBucketBands[];
  sent: Band31;
}
/**
 * A figure over the runs.
 */
export interface Band17 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band18 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band19 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band20 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band21 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band22 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band23 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band24 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band25 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band26 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band27 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band28 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band29 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * How many of a scenario's leads end the window with a score in `from..to`.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ScoreBucketBands".
 */
export interface ScoreBucketBands {
  /**
   * The lowest score of the bucket.
   */
  from: number;
  leads: Band30;
  /**
   * The first score above it.
   */
  to: number;
}
/**
 * A figure over the runs.
 */
export interface Band30 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * A figure over the runs.
 */
export interface Band31 {
  /**
   * The mean.
   */
  mean: number;
  /**
   * The 5th percentile.
   */
  p05: number;
  /**
   * The 95th percentile.
   */
  p95: number;
}
/**
 * Scores at one moment.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ScoreSummary".
 */
export interface ScoreSummary {
  /**
   * Leads per score band of 10 points: `(lower bound, count)`, lowest first; scores below 0 are
   * in the band of 0's lower neighbours (-10 …).
   */
  distribution: [number, number][];
  /**
   * Leads scored.
   */
  leads: number;
  /**
   * Leads at or above the MQL threshold.
   */
  mql: number;
  /**
   * The threshold used.
   */
  mql_threshold: number;
}
/**
 * A scoring model. `Default` is the product's recommended starting point.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ScoringModel".
 */
export interface ScoringModel1 {
  /**
   * The most engagement points one day can add (a lead that reads twenty pages in a sitting is
   * not twenty times as interested).
   */
  daily_cap: number;
  engagement: EngagementPoints;
  fit: FitPoints;
  /**
   * Engagement points halve every this many days.
   */
  half_life_days: number;
  /**
   * The score at which a lead becomes an MQL and can be handed to sales.
   */
  mql_threshold: number;
}
/**
 * A scoring review: suggested points and how they and the points in use foretold later deals.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ScoringReview".
 */
export interface ScoringReview {
  /**
   * Whether the suggested points ranked the holdout's deals better than the points in use.
   */
  better: boolean;
  current_check: ModelCheck1;
  /**
   * Of them, those that reached the outcome after it.
   */
  holdout_deals: number;
  /**
   * The holdout snapshot (YYYY-MM-DD).
   */
  holdout_from: string;
  /**
   * Leads scored at the holdout snapshot.
   */
  holdout_leads: number;
  /**
   * The last recorded day.
   */
  holdout_to: string;
  /**
   * Days after a snapshot within which it counts.
   */
  horizon_days: number;
  /**
   * What to keep in mind reading it.
   */
  notes: Localized[];
  /**
   * The outcome foretold.
   */
  outcome: "hand_off" | "opportunity" | "won";
  /**
   * Every point the review would change, and those it keeps.
   */
  points: PointChange[];
  suggested: ScoringModel2;
  suggested_check: ModelCheck2;
  /**
   * Leads that reached the outcome after a training snapshot.
   */
  training_deals: number;
  /**
   * Lead-snapshots the fit read (sampled ones counted by what they stand for).
   */
  training_leads: number;
  /**
   * The training snapshots (YYYY-MM-DD, Japan time), earliest first.
   */
  training_snapshots: string[];
}
/**
 * How the points in use foretold them.
 */
export interface ModelCheck1 {
  /**
   * The area under the ROC curve: the chance that a lead that converted outscored one that
   * did not (0.5 is a coin, 1 is perfect).
   */
  auc: number;
  /**
   * Its 95 % interval's top.
   */
  auc_high: number;
  /**
   * Its 95 % interval (Hanley and McNeil).
   */
  auc_low: number;
  /**
   * Conversion by score band.
   */
  bands: ScoreBand[];
  /**
   * Of the leads that converted after, those that were at or above the threshold.
   */
  caught: number;
  /**
   * `caught` over all leads that converted.
   */
  caught_share: number;
  /**
   * The leads by tenth of the ranking, highest scores first.
   */
  deciles: Decile[];
  /**
   * Leads at or above the threshold at the snapshot.
   */
  mql: number;
  /**
   * Conversion of the leads at or above the threshold.
   */
  rate_above: number;
  /**
   * Conversion of the leads below it.
   */
  rate_below: number;
  /**
   * The MQL threshold judged.
   */
  threshold: number;
}
/**
 * The suggested model: the one in use with fitted points and a suggested threshold.
 */
export interface ScoringModel2 {
  /**
   * The most engagement points one day can add (a lead that reads twenty pages in a sitting is
   * not twenty times as interested).
   */
  daily_cap: number;
  engagement: EngagementPoints;
  fit: FitPoints;
  /**
   * Engagement points halve every this many days.
   */
  half_life_days: number;
  /**
   * The score at which a lead becomes an MQL and can be handed to sales.
   */
  mql_threshold: number;
}
/**
 * How the suggested points foretold the holdout's deals.
 */
export interface ModelCheck2 {
  /**
   * The area under the ROC curve: the chance that a lead that converted outscored one that
   * did not (0.5 is a coin, 1 is perfect).
   */
  auc: number;
  /**
   * Its 95 % interval's top.
   */
  auc_high: number;
  /**
   * Its 95 % interval (Hanley and McNeil).
   */
  auc_low: number;
  /**
   * Conversion by score band.
   */
  bands: ScoreBand[];
  /**
   * Of the leads that converted after, those that were at or above the threshold.
   */
  caught: number;
  /**
   * `caught` over all leads that converted.
   */
  caught_share: number;
  /**
   * The leads by tenth of the ranking, highest scores first.
   */
  deciles: Decile[];
  /**
   * Leads at or above the threshold at the snapshot.
   */
  mql: number;
  /**
   * Conversion of the leads at or above the threshold.
   */
  rate_above: number;
  /**
   * Conversion of the leads below it.
   */
  rate_below: number;
  /**
   * The MQL threshold judged.
   */
  threshold: number;
}
/**
 * A kept version of the scoring model.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "ScoringVersion".
 */
export interface ScoringVersion {
  /**
   * Whether it is the model in use.
   */
  in_use: boolean;
  /**
   * Its MQL threshold.
   */
  mql_threshold: number;
  /**
   * What it was.
   */
  note: string;
  /**
   * Its number (1 for the oldest kept).
   */
  number: number;
  /**
   * When it was kept (Unix seconds).
   */
  saved_at: number;
}
/**
 * When mails may go out. A send outside it waits for the next opening.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "SendWindow".
 */
export interface SendWindow1 {
  /**
   * The end of the window (exclusive).
   */
  end: string;
  /**
   * Skip Japanese public holidays and the year-end holidays (年末年始).
   */
  skip_holidays?: boolean;
  /**
   * The first minute of the window.
   */
  start: string;
  /**
   * The days of the week on which mails go out.
   */
  weekdays: Weekday[];
}
/**
 * What every mail of the workspace says of its sender, unless the mail says otherwise: the
 * fields Japan's Act on Specified Electronic Mail requires, which a new mail node starts with so
 * that nobody retypes them for every mail.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "SenderDefaults".
 */
export interface SenderDefaults1 {
  /**
   * The opt-out link (a URL, mailto: or a merge tag).
   */
  opt_out_url?: string;
  /**
   * 送信者の住所 (postal address).
   */
  sender_address?: string;
  /**
   * The reply-to address.
   */
  sender_email?: string;
  /**
   * 送信者名 (the company, or a person at it).
   */
  sender_name?: string;
}
/**
 * Settings that apply to the whole scenario.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Settings".
 */
export interface Settings1 {
  /**
   * 終了条件: a lead meeting it leaves the scenario wherever it is, not counted as a success
   * (e.g. became a customer through another route).
   */
  exit_when?: Expr | null;
  /**
   * 配信頻度上限 for this scenario's mails; absent means only the workspace-wide cap applies.
   */
  frequency_cap?: FrequencyCap | null;
  /**
   * ゴール: a lead meeting it leaves the scenario wherever it is, counted as a success
   * (e.g. 商談化).
   */
  goal?: Expr | null;
  kpi?: KpiTargets;
  min_send_interval?: Delay2;
  /**
   * 再登録: whether a lead can enter again.
   */
  reenrollment?:
    | {
        type: "never";
      }
    | {
        /**
         * Days since the last entry.
         */
        days: number;
        type: "after_days";
      }
    | {
        type: "always";
      };
  /**
   * ターゲットセグメント: only leads matching it enter.
   */
  segment?: Expr | null;
  send_window?: SendWindow;
  /**
   * Leads currently in any of these scenarios do not enter this one.
   */
  suppress_while_in?: ScenarioId[];
}
/**
 * How the workspace is connected to its SFA/CRM (記事「連携で重要なキー項目」): the shared
 * lead ID, the score field sales sees, and the field whose changes come back as deal status.
 * Empty strings mean "not mapped".
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "SfaMapping".
 */
export interface SfaMapping1 {
  /**
   * The SFA field whose changes come back to the MA as deal status (商談ステータス).
   */
  deal_status_field?: string;
  /**
   * The workspace's own SFA values for deal statuses (e.g. 「見込み薄」 → 失注), read on
   * import besides the usual names (`import::values::DEAL_STATUS_WORDS`).
   */
  deal_status_values?: {
    [k: string]: DealStatus;
  };
  /**
   * The SFA field holding the lead ID shared with the MA (リードID).
   */
  lead_id_field?: string;
  /**
   * The SFA field that receives the MA score (スコア).
   */
  score_field?: string;
  /**
   * The SFA/CRM (e.g. Salesforce, HubSpot, kintone, Senses).
   */
  system?: string;
}
/**
 * A finished forecast.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "SimulationOutcome".
 */
export interface SimulationOutcome {
  /**
   * Days simulated.
   */
  days: number;
  /**
   * Leads in the workspace.
   */
  leads: number;
  /**
   * What was left out and why (stored scenarios with errors).
   */
  notes: Localized[];
  /**
   * Monte Carlo runs.
   */
  runs: number;
  /**
   * For a live estimate: the sample it ran on (its counts are scaled up to the workspace).
   * None for a forecast of every lead.
   */
  sample?: SampleInfo | null;
  /**
   * Each simulated scenario's figures, with mean and 5–95 % band.
   */
  scenarios: ScenarioSummary[];
  /**
   * The first run's seed.
   */
  seed: number;
  /**
   * The first day simulated (YYYY-MM-DD, Japan time).
   */
  start: string;
}
/**
 * What the simulation panel asks for.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "SimulationRequest".
 */
export interface SimulationRequest {
  /**
   * The window's length in days (1–3650).
   */
  days: number;
  /**
   * Monte Carlo runs (1–1000).
   */
  runs: number;
  /**
   * The scenario being edited: simulated as it stands, in place of its stored version and
   * together with the workspace's other active scenarios. Without it, the active scenarios.
   */
  scenario?: ScenarioStudioScenario2 | null;
  /**
   * The first run's seed.
   */
  seed: number;
  /**
   * The first day (YYYY-MM-DD, Japan time); by default the day after the recorded history.
   */
  start?: string | null;
}
/**
 * A stored scenario, as listed.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "StoredScenario".
 */
export interface StoredScenario {
  /**
   * Its id.
   */
  id: string;
  /**
   * Its name.
   */
  name: string;
  /**
   * Its status, or that its document no longer reads.
   */
  status: "draft" | "active" | "paused" | "unreadable";
  /**
   * When its current version was saved (Unix seconds).
   */
  updated_at: number;
  /**
   * How many versions were saved.
   */
  versions: number;
}
/**
 * The share of figures that held, over the figures that have an actual.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "Summary".
 */
export interface Summary1 {
  /**
   * Figures with a recorded value and a baseline that differ in closeness.
   */
  against_baseline: number;
  /**
   * Of those, how many the forecast came closer on.
   */
  beats_baseline: number;
  /**
   * Figures with a recorded value.
   */
  compared: number;
  /**
   * Of those, how many lay within their band.
   */
  in_band: number;
}
/**
 * Who runs the scenarios and how their results are reviewed (運用体制).
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "TeamSettings".
 */
export interface TeamSettings1 {
  /**
   * Whether running the scenarios is the owner's assigned role (専任), not a side task.
   */
  dedicated?: boolean;
  /**
   * シナリオ運用の担当者.
   */
  owner?: string;
  /**
   * How often scenario results are reviewed.
   */
  review_cadence?: "none" | "weekly" | "monthly";
  /**
   * The days reviews took place (the review log).
   */
  reviews?: string[];
}
/**
 * A built-in template, for the start screen.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "TemplateInfo".
 */
export interface TemplateInfo {
  /**
   * Its key (`welcome`, `post-download`, …).
   */
  key: string;
  /**
   * The scenario's name.
   */
  name: string;
  /**
   * How many nodes it has.
   */
  nodes: number;
  purpose: Localized19;
  scenario: ScenarioStudioScenario3;
  title: Localized20;
}
/**
 * One message in Japanese and English.
 */
export interface Localized19 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * One scenario as stored in a `.scenario.json` file.
 */
export interface ScenarioStudioScenario3 {
  /**
   * What the scenario is for.
   */
  description?: string;
  /**
   * The connections between steps.
   */
  edges?: Edge[];
  /**
   * Always `scenario-studio/1` for this version of the format.
   */
  format: "scenario-studio/1";
  /**
   * Unique within a workspace.
   */
  id: string;
  /**
   * The language of the scenario's texts.
   */
  language?: "ja" | "en";
  /**
   * The scenario's name.
   */
  name: string;
  /**
   * The steps.
   */
  nodes: Node[];
  /**
   * 担当者: who owns the scenario.
   */
  owner?: string;
  settings?: Settings;
  /**
   * Only active scenarios run together in a workspace simulation.
   */
  status?: "draft" | "active" | "paused";
}
/**
 * One message in Japanese and English.
 */
export interface Localized20 {
  /**
   * The English text.
   */
  en: string;
  /**
   * The Japanese text.
   */
  ja: string;
}
/**
 * One saved version of a scenario.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "VersionInfo".
 */
export interface VersionInfo {
  /**
   * Its change note.
   */
  note: string;
  /**
   * 1 for the first saved.
   */
  number: number;
  /**
   * When (Unix seconds).
   */
  saved_at: number;
}
/**
 * What the past webinars say a planned one can expect.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "WebinarDefaults".
 */
export interface WebinarDefaults {
  /**
   * Their attendees over their registrants; none without past webinars.
   */
  attendance_rate?: number | null;
  /**
   * Past webinars recorded (with registrations).
   */
  past: number;
  /**
   * The average registrants of the latest of them; none without past webinars.
   */
  registrants?: number | null;
  /**
   * How many times as likely a lead that registered before is to register again.
   */
  repeat_lift: number;
}
/**
 * A what-if comparison as the panel shows it.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "WhatIf".
 */
export interface WhatIf {
  /**
   * The saved version compared against.
   */
  base: number;
  comparison: Comparison1;
  /**
   * Days simulated.
   */
  days: number;
  /**
   * Leads in the workspace.
   */
  leads: number;
  /**
   * Monte Carlo runs of each version.
   */
  runs: number;
  /**
   * The first run's seed.
   */
  seed: number;
  /**
   * The first day simulated (YYYY-MM-DD, Japan time).
   */
  start: string;
}
/**
 * The figures of both versions and their difference.
 */
export interface Comparison1 {
  /**
   * The headline figures.
   */
  figures: FigureDelta[];
  /**
   * Leads entering each node: the variant's nodes in its order, then those it dropped.
   */
  nodes: NodeDelta[];
}
/**
 * The open workspace as the start screen and the title bar show it.
 *
 * This interface was referenced by `ScenarioStudioCommands`'s JSON-Schema
 * via the `definition` "WorkspaceInfo".
 */
export interface WorkspaceInfo {
  /**
   * The autosaved drafts of unsaved work, newest first.
   */
  drafts: DraftInfo[];
  /**
   * How many leads it holds.
   */
  leads: number;
  /**
   * Its file name, for the title bar.
   */
  name: string;
  /**
   * Its file.
   */
  path: string;
  /**
   * Its scenarios.
   */
  scenarios: StoredScenario[];
}
