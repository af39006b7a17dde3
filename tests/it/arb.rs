//! proptest strategies for whole scenario files.
//!
//! They generate well-typed files, not valid ones: dangling edges, empty subjects and loops appear,
//! as they do in files people edit. Ids come from a small pool so that edges often hit real nodes.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use scenario_studio::model::expr::*;
use scenario_studio::model::handle::OutputHandle;
use scenario_studio::model::ids::*;
use scenario_studio::model::node::*;
use scenario_studio::model::settings::*;
use scenario_studio::model::{Edge, FormatTag, Language, ScenarioFile, Status};

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z]{1,8}",
        "[ぁ-ん]{1,6}",
        "[ァ-ヶー]{1,6}",
        "\\PC{0,12}",
        Just("<script>alert(1)</script>".to_owned()),
        // Characters XML 1.0 cannot hold, quotes, entities and line breaks.
        "[a\u{1}\u{8}\u{b}\u{fffe}\u{ffff}\"'&<>\n\t\r\\\\]{0,8}",
    ]
}

fn node_id() -> impl Strategy<Value = NodeId> {
    prop_oneof![9 => "n[0-7]", 1 => "\\PC{0,4}"].prop_map(NodeId)
}

fn branch_id() -> impl Strategy<Value = BranchId> {
    "[a-c]{1,2}".prop_map(BranchId)
}

fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        -5000.0..5000.0f64,
        Just(0.0),
        (-100i32..100).prop_map(f64::from)
    ]
}

fn delay() -> impl Strategy<Value = Delay> {
    (0u32..40, 0u32..30).prop_map(|(days, hours)| Delay { days, hours })
}

fn attribute() -> impl Strategy<Value = Attribute> {
    prop_oneof![
        Just(Attribute::Company),
        Just(Attribute::Department),
        Just(Attribute::Title),
        Just(Attribute::JobLevel),
        Just(Attribute::EmployeeBand),
        Just(Attribute::Industry),
        Just(Attribute::Prefecture),
        Just(Attribute::LeadStatus),
        Just(Attribute::LeadSource),
        Just(Attribute::EmailDomain),
        text().prop_map(Attribute::Custom),
    ]
}

fn deal_status() -> impl Strategy<Value = DealStatus> {
    prop_oneof![
        Just(DealStatus::Unworked),
        Just(DealStatus::Working),
        Just(DealStatus::Opportunity),
        Just(DealStatus::Won),
        Just(DealStatus::Lost),
        Just(DealStatus::Recycled),
    ]
}

fn cmp() -> impl Strategy<Value = Cmp> {
    prop_oneof![
        Just(Cmp::Gte),
        Just(Cmp::Gt),
        Just(Cmp::Lte),
        Just(Cmp::Lt),
        Just(Cmp::Eq),
        Just(Cmp::Ne)
    ]
}

fn text_op() -> impl Strategy<Value = TextOp> {
    prop_oneof![
        Just(TextOp::Equals),
        Just(TextOp::NotEquals),
        Just(TextOp::OneOf),
        Just(TextOp::NotOneOf),
        Just(TextOp::Contains),
        Just(TextOp::StartsWith),
        Just(TextOp::IsEmpty),
        Just(TextOp::IsNotEmpty),
    ]
}

fn event_filter() -> impl Strategy<Value = EventFilter> {
    prop_oneof![
        option::of(text()).prop_map(|form| EventFilter::FormSubmitted { form }),
        option::of(text()).prop_map(|document| EventFilter::DocumentDownloaded { document }),
        option::of(text()).prop_map(|webinar| EventFilter::WebinarRegistered { webinar }),
        option::of(text()).prop_map(|webinar| EventFilter::WebinarAttended { webinar }),
        option::of(text()).prop_map(|url_pattern| EventFilter::PageViewed { url_pattern }),
        option::of(node_id()).prop_map(|email| EventFilter::EmailOpened { email }),
        option::of(node_id()).prop_map(|email| EventFilter::EmailClicked { email }),
        Just(EventFilter::Unsubscribed),
        any::<i32>().prop_map(|threshold| EventFilter::ScoreReached { threshold }),
        vec(deal_status(), 0..3).prop_map(|to| EventFilter::DealStatusChanged { to }),
    ]
}

pub fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        (attribute(), text_op(), vec(text(), 0..3)).prop_map(|(attribute, op, values)| {
            Expr::Attribute {
                attribute,
                op,
                values,
            }
        }),
        (event_filter(), cmp(), any::<u32>(), any::<u32>()).prop_map(
            |(event, op, count, within_days)| Expr::Behaviour {
                event,
                op,
                count,
                within_days
            }
        ),
        (cmp(), any::<i32>()).prop_map(|(op, value)| Expr::Score { op, value }),
        vec(deal_status(), 0..4).prop_map(|any_of| Expr::DealStatus { any_of }),
        (
            prop_oneof![
                Just(Engagement::Opened),
                Just(Engagement::Clicked),
                Just(Engagement::NotOpened),
                Just(Engagement::NotClicked)
            ],
            option::of(node_id()),
            option::of(any::<u32>())
        )
            .prop_map(|(engagement, email, within_days)| Expr::EmailEngagement {
                engagement,
                email,
                within_days
            }),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(|of| Expr::All { of }),
            vec(inner.clone(), 0..4).prop_map(|of| Expr::Any { of }),
            inner.prop_map(|e| Expr::Not { expr: Box::new(e) }),
        ]
    })
}

fn trigger_event() -> impl Strategy<Value = TriggerEvent> {
    prop_oneof![
        Just(TriggerEvent::LeadCreated),
        option::of(text()).prop_map(|form| TriggerEvent::FormSubmitted { form }),
        option::of(text()).prop_map(|document| TriggerEvent::DocumentDownloaded { document }),
        (
            option::of(text()),
            prop_oneof![
                Just(Attendance::Attended),
                Just(Attendance::Absent),
                Just(Attendance::Any)
            ]
        )
            .prop_map(|(webinar, attendance)| TriggerEvent::WebinarEnded {
                webinar,
                attendance
            }),
        (text(), any::<u32>(), any::<u32>()).prop_map(|(url_pattern, min_count, within_days)| {
            TriggerEvent::PageViewed {
                url_pattern,
                min_count,
                within_days,
            }
        }),
        any::<i32>().prop_map(|threshold| TriggerEvent::ScoreReached { threshold }),
        any::<u32>().prop_map(|days| TriggerEvent::Inactive { days }),
        (vec(deal_status(), 0..3), vec(deal_status(), 0..3))
            .prop_map(|(from, to)| TriggerEvent::DealStatusChanged { from, to }),
        (attribute(), option::of(text()))
            .prop_map(|(attribute, to)| TriggerEvent::AttributeChanged { attribute, to }),
    ]
}

fn email() -> impl Strategy<Value = Email> {
    (
        prop_oneof![
            Just(EmailKind::Welcome),
            Just(EmailKind::Nurture),
            Just(EmailKind::FollowUp),
            Just(EmailKind::Reactivation),
            Just(EmailKind::EventInvite)
        ],
        (text(), text()),
        vec(
            (text(), text()).prop_map(|(label, url)| Link { label, url }),
            0..3,
        ),
        (text(), text(), text(), text()),
    )
        .prop_map(
            |(
                kind,
                (subject, summary),
                links,
                (sender_name, sender_email, sender_address, opt_out_url),
            )| {
                Email {
                    kind,
                    subject,
                    summary,
                    links,
                    sender_name,
                    sender_email,
                    sender_address,
                    opt_out_url,
                }
            },
        )
}

fn node_kind() -> impl Strategy<Value = NodeKind> {
    prop_oneof![
        trigger_event().prop_map(|event| NodeKind::Trigger { event }),
        expr().prop_map(|condition| NodeKind::Condition { condition }),
        vec(
            (branch_id(), text(), finite()).prop_map(|(id, label, percent)| SplitBranch {
                id,
                label,
                percent
            }),
            0..4
        )
        .prop_map(|branches| NodeKind::Split { branches }),
        delay().prop_map(|delay| NodeKind::Wait { delay }),
        (event_filter(), option::of(delay()))
            .prop_map(|(event, timeout)| NodeKind::WaitUntil { event, timeout }),
        email().prop_map(|email| NodeKind::SendEmail { email }),
        (any::<i32>(), text()).prop_map(|(delta, reason)| NodeKind::AdjustScore { delta, reason }),
        (option::of(any::<i32>()), text(), text()).prop_map(
            |(score_threshold, assignee, message)| {
                NodeKind::NotifySales {
                    score_threshold,
                    assignee,
                    message,
                }
            }
        ),
        (attribute(), text()).prop_map(|(field, value)| NodeKind::UpdateField { field, value }),
        vec(text(), 0..3).prop_map(|fields| NodeKind::SyncSfa { fields }),
        "[a-z]{1,6}".prop_map(|s| NodeKind::SwitchScenario {
            scenario: ScenarioId(s)
        }),
        (
            prop_oneof![Just(AudienceChannel::Web), Just(AudienceChannel::Ad)],
            text()
        )
            .prop_map(|(channel, audience)| NodeKind::AddToAudience { channel, audience }),
        text().prop_map(|outcome| NodeKind::End { outcome }),
    ]
}

fn node() -> impl Strategy<Value = Node> {
    (node_id(), text(), finite(), finite(), node_kind()).prop_map(|(id, title, x, y, kind)| Node {
        id,
        title,
        position: Position { x, y },
        kind,
    })
}

fn handle() -> impl Strategy<Value = OutputHandle> {
    prop_oneof![
        Just(OutputHandle::Out),
        Just(OutputHandle::Yes),
        Just(OutputHandle::No),
        Just(OutputHandle::Met),
        Just(OutputHandle::Timeout),
        branch_id().prop_map(OutputHandle::Branch),
        "x[a-z]{0,5}".prop_map(OutputHandle::Other),
    ]
}

fn edge() -> impl Strategy<Value = Edge> {
    ("e[0-9]{1,2}", node_id(), handle(), node_id()).prop_map(
        |(id, source, source_handle, target)| Edge {
            id: EdgeId(id),
            source,
            source_handle,
            target,
        },
    )
}

fn range() -> impl Strategy<Value = PercentRange> {
    (finite(), finite()).prop_map(|(min, max)| PercentRange { min, max })
}

fn weekday() -> impl Strategy<Value = Weekday> {
    prop_oneof![
        Just(Weekday::Mon),
        Just(Weekday::Tue),
        Just(Weekday::Wed),
        Just(Weekday::Thu),
        Just(Weekday::Fri),
        Just(Weekday::Sat),
        Just(Weekday::Sun),
    ]
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        (option::of(expr()), option::of(expr()), option::of(expr())),
        (
            option::of(range()),
            option::of(range()),
            option::of(range()),
            option::of(range()),
        ),
        prop_oneof![
            Just(Reenrollment::Never),
            Just(Reenrollment::Always),
            any::<u32>().prop_map(|days| Reenrollment::AfterDays { days })
        ],
        (
            vec(weekday(), 0..7),
            0u16..=1440,
            0u16..=1440,
            any::<bool>(),
        ),
        option::of(
            (any::<u32>(), any::<u32>()).prop_map(|(max_sends, per_days)| FrequencyCap {
                max_sends,
                per_days,
            }),
        ),
        delay(),
        vec("[a-z]{1,6}".prop_map(ScenarioId), 0..3),
    )
        .prop_map(
            |(
                (segment, goal, exit_when),
                (open_rate, click_rate, handoff_rate, deal_rate),
                reenrollment,
                (weekdays, start, end, skip_holidays),
                frequency_cap,
                min_send_interval,
                suppress_while_in,
            )| Settings {
                segment,
                kpi: KpiTargets {
                    open_rate,
                    click_rate,
                    handoff_rate,
                    deal_rate,
                },
                goal,
                exit_when,
                reenrollment,
                send_window: SendWindow {
                    weekdays,
                    start: TimeOfDay(start),
                    end: TimeOfDay(end),
                    skip_holidays,
                },
                frequency_cap,
                min_send_interval,
                suppress_while_in,
            },
        )
}

pub fn scenario_file() -> impl Strategy<Value = ScenarioFile> {
    (
        ("[a-z][a-z0-9-]{0,10}", text(), text(), text()),
        (
            prop_oneof![
                Just(Status::Draft),
                Just(Status::Active),
                Just(Status::Paused)
            ],
            prop_oneof![Just(Language::Ja), Just(Language::En)],
        ),
        settings(),
        vec(node(), 0..12),
        vec(edge(), 0..16),
    )
        .prop_map(
            |((id, name, description, owner), (status, language), settings, nodes, edges)| {
                ScenarioFile {
                    format: FormatTag,
                    id: ScenarioId(id),
                    name,
                    description,
                    status,
                    language,
                    owner,
                    settings,
                    nodes,
                    edges,
                }
            },
        )
}
