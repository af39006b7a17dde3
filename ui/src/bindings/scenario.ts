/* Generated from assets/schema/scenario.schema.json (the engine's Rust types, through schemars) by json-schema-to-typescript: npm run bindings. Do not edit. */

/**
 * The SFA/CRM side's progress with a lead (商談ステータス), in the product's own vocabulary; the
 * workspace maps the user's SFA values onto these.
 */
export type DealStatus = "unworked" | "working" | "opportunity" | "won" | "lost" | "recycled";
/**
 * A condition over one lead: its attributes, behaviour, score, deal status and email engagement.
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
 * The id of a node, unique within its scenario.
 */
export type NodeId = string;
/**
 * A day of the week.
 */
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
/**
 * The id of a scenario, unique within a workspace; `switch_scenario` nodes refer to it.
 */
export type ScenarioId = string;

/**
 * One scenario as stored in a `.scenario.json` file.
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
 */
export interface Edge {
  /**
   * Unique within the scenario.
   */
  id: string;
  /**
   * The node the edge leaves.
   */
  source: string;
  /**
   * Which exit of the source node.
   */
  source_handle?: string;
  /**
   * The node the edge enters.
   */
  target: string;
}
/**
 * One step of a scenario, placed on the canvas.
 */
export interface Node {
  /**
   * Unique within the scenario.
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
        delay: Delay;
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
        timeout?: Delay1 | null;
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
 * A duration on the scenario's clock.
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
