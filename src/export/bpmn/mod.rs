//! BPMN 2.0 XML with diagram interchange, both ways.
//!
//! `to_bpmn` writes one process per scenario, laid out at the canvas positions (BPMNDI shapes and
//! edges), so the file opens as a diagram in BPMN modelers (bpmn.io, Camunda Modeler):
//!
//! | node | BPMN |
//! |---|---|
//! | trigger | start event: message (an action of the lead), timer (inactivity), conditional (score, deal status, attribute) |
//! | condition, split | exclusive gateway; the flows carry the branch (はい/いいえ, the split's percent) |
//! | wait | timer intermediate catch event |
//! | wait-until | event-based gateway followed by a message catch (`met`) and a timer catch (`timeout`); without a timeout, one message catch event |
//! | send email | send task |
//! | notify sales | user task (sales takes it up) |
//! | adjust score, update field, sync to SFA, add to audience | service task |
//! | switch scenario | signal end event |
//! | end | end event |
//!
//! The whole scenario travels in `extensionElements` under the namespace `urn:scenario-studio:bpmn:1`:
//! the scenario's own fields on the process, each node on its element, each edge on its flow.
//! `from_bpmn` reads that back: nodes and edges from the extension, positions from the diagram and
//! edge ends from the flows (so moving shapes or reconnecting flows in a modeler carries over), the
//! scenario's name, nodes' titles and timers' durations from what the modeler shows (so renaming
//! or retiming there carries over too), and our own export comes back identical; what a modeler
//! added without our data, or changed where the scenario has no place for it (an element's type,
//! a derived label), is left out and named in notes. Our data twice is refused. A BPMN file without the extension is refused: mapping any process to marketing
//! semantics (which task sends which mail, what starts a lead) would be a guess.

use std::collections::BTreeMap;
use std::fmt::Write;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

mod layout;
mod route;

use crate::Localized;
use crate::export::markup::{escape, is_xml_char};
use crate::model::expr::EventFilter;
use crate::model::handle::OutputHandle;
use crate::model::node::{Node, NodeKind, TriggerEvent};
use crate::model::{Edge, ScenarioFile};

/// The namespace of the extension elements.
pub const NAMESPACE: &str = "urn:scenario-studio:bpmn:1";
const BPMN: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
const BPMNDI: &str = "http://www.omg.org/spec/BPMN/20100524/DI";
const DC: &str = "http://www.omg.org/spec/DD/20100524/DC";
const DI: &str = "http://www.omg.org/spec/DD/20100524/DI";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// `s` as the tail of an XML id: ASCII letters, digits, `_` and `-` as they are, anything else
/// (`.` included) as `.` + hex code + `.`, so that different ids never meet and a `.` in an id
/// only ever comes from here (wait-until parts and repeated ids use it as a separator).
fn id_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else {
            let _ = write!(out, ".{:x}.", c as u32);
        }
    }
    out
}

fn element_id(node: &str) -> String {
    format!("Node_{}", id_part(node))
}

/// What a node is drawn as (its size is the layout's).
struct Shape {
    element: &'static str,
    definition: Option<&'static str>,
}

fn shape(kind: &NodeKind) -> Shape {
    let event = |element, definition| Shape {
        element,
        definition,
    };
    let task = |element| Shape {
        element,
        definition: None,
    };
    let gateway = task;
    match kind {
        NodeKind::Trigger { event: trigger } => event(
            "startEvent",
            Some(match trigger {
                TriggerEvent::Inactive { .. } => "timerEventDefinition",
                // A condition on the lead's state; a page view is no message either.
                TriggerEvent::ScoreReached { .. }
                | TriggerEvent::DealStatusChanged { .. }
                | TriggerEvent::AttributeChanged { .. }
                | TriggerEvent::PageViewed { .. } => "conditionalEventDefinition",
                TriggerEvent::LeadCreated
                | TriggerEvent::FormSubmitted { .. }
                | TriggerEvent::DocumentDownloaded { .. }
                | TriggerEvent::WebinarEnded { .. } => "messageEventDefinition",
            }),
        ),
        NodeKind::Condition { .. } | NodeKind::Split { .. } => gateway("exclusiveGateway"),
        // With a timeout: a race between the event and a timer. Without: just the event.
        NodeKind::WaitUntil {
            timeout: Some(_), ..
        } => gateway("eventBasedGateway"),
        NodeKind::WaitUntil {
            timeout: None,
            event: awaited,
        } => event("intermediateCatchEvent", Some(awaited_as(awaited))),
        NodeKind::Wait { .. } => event("intermediateCatchEvent", Some("timerEventDefinition")),
        NodeKind::SendEmail { .. } => task("sendTask"),
        NodeKind::NotifySales { .. } => task("userTask"),
        NodeKind::AdjustScore { .. }
        | NodeKind::UpdateField { .. }
        | NodeKind::SyncSfa { .. }
        | NodeKind::AddToAudience { .. } => task("serviceTask"),
        NodeKind::SwitchScenario { .. } => event("endEvent", Some("signalEventDefinition")),
        NodeKind::End { .. } => event("endEvent", None),
    }
}

/// The two catch events after a wait-until's event-based gateway (one with a timeout): element
/// id, what it catches, its handle. None for any other node.
fn wait_parts(base: &str, node: &Node) -> Vec<(String, &'static str, OutputHandle)> {
    match &node.kind {
        NodeKind::WaitUntil {
            event,
            timeout: Some(_),
        } => vec![
            (format!("{base}.met"), awaited_as(event), OutputHandle::Met),
            (
                format!("{base}.timeout"),
                "timerEventDefinition",
                OutputHandle::Timeout,
            ),
        ],
        _ => Vec::new(),
    }
}

/// How an awaited event is caught: a page view as a condition on what the lead has viewed (no
/// one sends a message), anything else the lead does as a message.
fn awaited_as(event: &EventFilter) -> &'static str {
    match event {
        EventFilter::PageViewed { .. } => "conditionalEventDefinition",
        _ => "messageEventDefinition",
    }
}

/// The name of a wait-until's outcome event: what it waits for (「メール「①」のクリック」), or
/// how long (「7日経過」).
fn part_name(file: &ScenarioFile, node: &Node, handle: &OutputHandle) -> String {
    let NodeKind::WaitUntil { event, timeout } = &node.kind else {
        return String::new();
    };
    let text = match (handle, timeout) {
        (OutputHandle::Timeout, Some(delay)) => {
            let d = delay.describe();
            Localized::new(format!("{}経過", d.ja), format!("{} passed", d.en))
        }
        _ => event.summary_in(crate::model::summary::Names {
            file: Some(file),
            scenarios: None,
        }),
    };
    super::in_language(text, file.language)
}

/// The name the export gives a flow: its branch's caption, except out of a wait-until's catch
/// event, which already says which outcome it is: a label on a flow that leaves no gateway is
/// noise (bpmnlint's superfluous-label).
fn flow_name(file: &ScenarioFile, edge: &Edge) -> String {
    let from_event = file
        .node(&edge.source)
        .is_some_and(|n| matches!(n.kind, NodeKind::WaitUntil { .. }));
    if from_event {
        String::new()
    } else {
        super::edge_caption(file, edge)
    }
}

/// JSON text as it goes into the XML: U+FFFE and U+FFFF (which XML 1.0 cannot hold, and which can
/// only stand inside JSON strings) as `\u` escapes, so the JSON reads back exactly (serde_json
/// already escapes control characters).
fn json_text(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value)
        .expect("scenario data serialises")
        .replace('\u{fffe}', "\\ufffe")
        .replace('\u{ffff}', "\\uffff")
}

/// A delay as an ISO 8601 duration (`P3D`, `P1DT6H`, `PT12H`).
fn iso_duration(delay: crate::model::node::Delay) -> String {
    match (delay.days, delay.hours) {
        (d, 0) if d > 0 => format!("P{d}D"),
        (0, h) => format!("PT{h}H"),
        (d, h) => format!("P{d}DT{h}H"),
    }
}

/// The cycle of an inactivity trigger's start timer: the check for leads that have gone quiet
/// runs daily (a start timer in Camunda takes a date or a cycle, not a duration; how long the
/// lead has been quiet is the trigger's, in its name and documentation).
const INACTIVITY_CHECK: &str = "R/P1D";

/// A coordinate as the file holds it: two decimals at most (layout arithmetic leaves no noise in
/// the file), 0 for one that is no number.
fn rounded(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r.is_finite() && r != 0.0 { r } else { 0.0 }
}

fn fmt_f64(x: f64) -> String {
    format!("{}", rounded(x))
}

/// What the process holds, in the order it is written: the scenario's nodes (a wait-until's
/// outcome events after it), then a merging gateway before each node several flows lead into.
struct Process<'a> {
    /// Element id, what is drawn, and where from.
    elements: Vec<(String, Element<'a>)>,
    /// Flow id, its ends, the scenario's edge if it is one.
    flows: Vec<(String, Ends, Option<&'a Edge>)>,
}

/// A flow's ends: elements by index, or (an edge of an invalid file) ids no element has.
enum Ends {
    Drawn(usize, usize),
    Named(String, String),
}

enum Element<'a> {
    Node(&'a Node),
    /// A wait-until's outcome: the gateway's element index, the node, what it catches, its handle.
    Part(usize, &'a Node, &'static str, OutputHandle),
    /// A merging gateway before the node of this element index.
    Join(usize),
}

impl<'a> Process<'a> {
    fn of(file: &'a ScenarioFile) -> Process<'a> {
        let mut elements: Vec<(String, Element<'a>)> = Vec::new();
        // The element of each node id (the first node with it, as everywhere else).
        let mut first: BTreeMap<&str, usize> = BTreeMap::new();
        // A wait-until's outcomes by (gateway element, handle).
        let mut parts: BTreeMap<(usize, OutputHandle), usize> = BTreeMap::new();
        let mut flows = Vec::new();
        for (i, node) in file.nodes.iter().enumerate() {
            let mut id = element_id(node.id.as_str());
            if first.contains_key(node.id.as_str()) {
                id = format!("{id}.dup{i}");
            }
            let index = elements.len();
            first.entry(node.id.as_str()).or_insert(index);
            elements.push((id.clone(), Element::Node(node)));
            for (part, definition, handle) in wait_parts(&id, node) {
                parts.insert((index, handle.clone()), elements.len());
                flows.push((
                    format!("{part}.in"),
                    Ends::Drawn(index, elements.len()),
                    None,
                ));
                elements.push((part, Element::Part(index, node, definition, handle)));
            }
        }
        // Each edge from its element (or its wait-until outcome's) to its node's; an edge to or
        // from a node that does not exist (an invalid file) keeps its references and is not drawn.
        let mut edges: Vec<(String, Ends, &'a Edge)> = Vec::new();
        for (i, e) in file.edges.iter().enumerate() {
            let id = format!("Flow_{}.{i}", id_part(e.id.as_str()));
            let ends = match (first.get(e.source.as_str()), first.get(e.target.as_str())) {
                (Some(&s), Some(&t)) => Ends::Drawn(
                    parts
                        .get(&(s, e.source_handle.clone()))
                        .copied()
                        .unwrap_or(s),
                    t,
                ),
                _ => Ends::Named(element_id(e.source.as_str()), element_id(e.target.as_str())),
            };
            edges.push((id, ends, e));
        }
        // A merging gateway wherever several flows lead into one node.
        let mut into: BTreeMap<usize, usize> = BTreeMap::new();
        for (_, ends, _) in &edges {
            if let Ends::Drawn(_, t) = ends {
                *into.entry(*t).or_default() += 1;
            }
        }
        let mut joins: BTreeMap<usize, usize> = BTreeMap::new();
        for (&t, &n) in &into {
            if n > 1 {
                let id = format!("Join_{}", elements[t].0.trim_start_matches("Node_"));
                joins.insert(t, elements.len());
                elements.push((id, Element::Join(t)));
            }
        }
        for (id, ends, e) in edges {
            let ends = match ends {
                Ends::Drawn(s, t) => Ends::Drawn(s, joins.get(&t).copied().unwrap_or(t)),
                named => named,
            };
            flows.push((id, ends, Some(e)));
        }
        for (&t, &j) in &joins {
            flows.push((format!("{}.out", elements[j].0), Ends::Drawn(j, t), None));
        }
        Process { elements, flows }
    }

    /// Each element's name as the diagram shows it, and each flow's (empty for none).
    fn names(&self, file: &ScenarioFile) -> (Vec<String>, Vec<String>) {
        let elements = self
            .elements
            .iter()
            .map(|(_, element)| match element {
                Element::Node(node) => super::node_name(node, file.language),
                Element::Part(_, node, _, handle) => part_name(file, node, handle),
                Element::Join(_) => String::new(),
            })
            .collect();
        let flows = self
            .flows
            .iter()
            .map(|(_, _, edge)| edge.map_or_else(String::new, |e| flow_name(file, e)))
            .collect();
        (elements, flows)
    }

    /// The diagram of the process (`names` as `Process::names` gives them), and which flow each
    /// of its routes draws (an edge between nodes that do not exist is not drawn).
    fn draw(
        &self,
        (names, flow_names): &(Vec<String>, Vec<String>),
    ) -> (layout::Drawing, Vec<usize>) {
        let items: Vec<layout::Item> = self
            .elements
            .iter()
            .zip(names)
            .map(|((_, element), name)| {
                let (form, at) = match element {
                    Element::Node(node) => (
                        form_of(shape(&node.kind).element),
                        layout::At::Cell {
                            x: node.position.x,
                            y: node.position.y,
                        },
                    ),
                    Element::Part(gateway, ..) => {
                        (layout::Form::Event, layout::At::Beside(*gateway))
                    }
                    Element::Join(_) => (layout::Form::Gateway, layout::At::Join),
                };
                layout::Item { form, name, at }
            })
            .collect();
        let (drawn, links): (Vec<usize>, Vec<layout::Link>) = self
            .flows
            .iter()
            .zip(flow_names)
            .enumerate()
            .filter_map(|(k, ((_, ends, _), name))| match ends {
                Ends::Drawn(s, t) => Some((
                    k,
                    layout::Link {
                        source: *s,
                        target: *t,
                        name,
                    },
                )),
                Ends::Named(..) => None,
            })
            .unzip();
        (layout::draw(&items, &links), drawn)
    }
}

/// The scenario as BPMN 2.0 XML with its diagram.
pub fn to_bpmn(file: &ScenarioFile) -> String {
    let process = format!("Process_{}", id_part(file.id.as_str()));
    let language = file.language;
    let mut header = file.clone();
    header.nodes.clear();
    header.edges.clear();
    let header_json = json_text(&header);
    let mut x = String::new();
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <bpmn:definitions xmlns:bpmn=\"{BPMN}\" xmlns:bpmndi=\"{BPMNDI}\" xmlns:dc=\"{DC}\" \
         xmlns:di=\"{DI}\" xmlns:xsi=\"{XSI}\" xmlns:ss=\"{NAMESPACE}\" \
         id=\"Definitions_{}\" targetNamespace=\"{NAMESPACE}\" exporter=\"Scenario Studio\" \
         exporterVersion=\"{}\">\n",
        id_part(file.id.as_str()),
        crate::model::FORMAT
    );
    let _ = writeln!(
        x,
        "  <bpmn:process id=\"{process}\" name=\"{}\" isExecutable=\"false\">",
        escape(&file.name)
    );
    let _ = writeln!(
        x,
        "    <bpmn:extensionElements>\n      <ss:scenario>{}</ss:scenario>\n    </bpmn:extensionElements>",
        escape(&header_json)
    );
    let p = Process::of(file);
    let named = p.names(file);
    let mut incoming: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    let mut outgoing: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (id, ends, _) in &p.flows {
        if let Ends::Drawn(s, t) = ends {
            outgoing.entry(*s).or_default().push(id);
            incoming.entry(*t).or_default().push(id);
        }
    }
    let refs = |x: &mut String, k: usize| {
        for f in incoming.get(&k).into_iter().flatten() {
            let _ = writeln!(x, "      <bpmn:incoming>{f}</bpmn:incoming>");
        }
        for f in outgoing.get(&k).into_iter().flatten() {
            let _ = writeln!(x, "      <bpmn:outgoing>{f}</bpmn:outgoing>");
        }
    };
    let timer = |x: &mut String, id: &str, what: &str, value: &str| {
        let _ = writeln!(
            x,
            "      <bpmn:timerEventDefinition id=\"{id}.timer\">\n        <bpmn:{what} xsi:type=\"bpmn:tFormalExpression\">{value}</bpmn:{what}>\n      </bpmn:timerEventDefinition>"
        );
    };
    let condition = |x: &mut String, id: &str, body: &str| {
        let _ = writeln!(
            x,
            "      <bpmn:conditionalEventDefinition id=\"{id}.condition\">\n        <bpmn:condition xsi:type=\"bpmn:tFormalExpression\" language=\"{NAMESPACE}\">{}</bpmn:condition>\n      </bpmn:conditionalEventDefinition>",
            escape(body)
        );
    };
    for (k, ((id, element), name)) in p.elements.iter().zip(&named.0).enumerate() {
        match element {
            Element::Node(node) => {
                let s = shape(&node.kind);
                let _ = writeln!(
                    x,
                    "    <bpmn:{} id=\"{id}\" name=\"{}\">",
                    s.element,
                    escape(name)
                );
                if let NodeKind::Trigger {
                    event: TriggerEvent::Inactive { days },
                } = &node.kind
                {
                    let text = Localized::new(
                        format!("{days}日間反応のないリードを毎日確認して開始します"),
                        format!(
                            "Checked daily: starts for each lead with no reaction for {days} days"
                        ),
                    );
                    let _ = writeln!(
                        x,
                        "      <bpmn:documentation>{}</bpmn:documentation>",
                        escape(&super::in_language(text, language))
                    );
                }
                let _ = writeln!(
                    x,
                    "      <bpmn:extensionElements>\n        <ss:node>{}</ss:node>\n      </bpmn:extensionElements>",
                    escape(&json_text(node))
                );
                refs(&mut x, k);
                match (s.definition, &node.kind) {
                    (Some("timerEventDefinition"), NodeKind::Wait { delay }) => {
                        timer(&mut x, id, "timeDuration", &iso_duration(*delay));
                    }
                    (Some("timerEventDefinition"), NodeKind::Trigger { .. }) => {
                        timer(&mut x, id, "timeCycle", INACTIVITY_CHECK);
                    }
                    (Some("conditionalEventDefinition"), NodeKind::Trigger { event }) => {
                        condition(&mut x, id, &json_text(event));
                    }
                    (Some("conditionalEventDefinition"), NodeKind::WaitUntil { event, .. }) => {
                        condition(&mut x, id, &json_text(event));
                    }
                    (Some(definition), _) => {
                        let _ = writeln!(x, "      <bpmn:{definition} id=\"{id}.definition\" />");
                    }
                    (None, _) => {}
                }
                let _ = writeln!(x, "    </bpmn:{}>", s.element);
            }
            Element::Part(gateway, node, definition, handle) => {
                let _ = writeln!(
                    x,
                    "    <bpmn:intermediateCatchEvent id=\"{id}\" name=\"{}\">",
                    escape(name)
                );
                let _ = writeln!(
                    x,
                    "      <bpmn:extensionElements>\n        <ss:part gateway=\"{}\" handle=\"{handle}\" />\n      </bpmn:extensionElements>",
                    p.elements[*gateway].0
                );
                refs(&mut x, k);
                match (*definition, &node.kind) {
                    (
                        "timerEventDefinition",
                        NodeKind::WaitUntil {
                            timeout: Some(delay),
                            ..
                        },
                    ) => timer(&mut x, id, "timeDuration", &iso_duration(*delay)),
                    ("conditionalEventDefinition", NodeKind::WaitUntil { event, .. }) => {
                        condition(&mut x, id, &json_text(event));
                    }
                    _ => {
                        let _ = writeln!(x, "      <bpmn:{definition} id=\"{id}.definition\" />");
                    }
                }
                let _ = writeln!(x, "    </bpmn:intermediateCatchEvent>");
            }
            Element::Join(target) => {
                let _ = writeln!(x, "    <bpmn:exclusiveGateway id=\"{id}\">");
                let _ = writeln!(
                    x,
                    "      <bpmn:extensionElements>\n        <ss:join node=\"{}\" />\n      </bpmn:extensionElements>",
                    p.elements[*target].0
                );
                refs(&mut x, k);
                let _ = writeln!(x, "    </bpmn:exclusiveGateway>");
            }
        }
    }
    for ((id, ends, edge), label) in p.flows.iter().zip(&named.1) {
        let (source, target) = match ends {
            Ends::Drawn(s, t) => (&p.elements[*s].0, &p.elements[*t].0),
            Ends::Named(s, t) => (s, t),
        };
        let Some(e) = edge else {
            let _ = writeln!(
                x,
                "    <bpmn:sequenceFlow id=\"{id}\" sourceRef=\"{source}\" targetRef=\"{target}\" />"
            );
            continue;
        };
        let _ = writeln!(
            x,
            "    <bpmn:sequenceFlow id=\"{id}\" name=\"{}\" sourceRef=\"{source}\" targetRef=\"{target}\">",
            escape(label)
        );
        let source_kind = file.node(&e.source).map(|n| &n.kind);
        let branch = match (&e.source_handle, source_kind) {
            (OutputHandle::Branch(b), Some(NodeKind::Split { branches })) => {
                branches.iter().find(|br| &br.id == b)
            }
            _ => None,
        };
        if let Some(b) = branch {
            let text = Localized::new(
                format!("A/Bテスト: リードの {} % を無作為にこの分岐へ", b.percent),
                format!(
                    "A/B test: {} % of leads at random take this branch",
                    b.percent
                ),
            );
            let _ = writeln!(
                x,
                "      <bpmn:documentation>{}</bpmn:documentation>",
                escape(&super::in_language(text, language))
            );
        }
        let _ = writeln!(
            x,
            "      <bpmn:extensionElements>\n        <ss:edge>{}</ss:edge>\n      </bpmn:extensionElements>",
            escape(&json_text(*e))
        );
        let body = match (&e.source_handle, source_kind) {
            (OutputHandle::Yes | OutputHandle::No, Some(NodeKind::Condition { condition })) => {
                let body = json_text(condition);
                Some(if e.source_handle == OutputHandle::No {
                    format!("{{\"type\":\"not\",\"expr\":{body}}}")
                } else {
                    body
                })
            }
            _ => branch.map(|b| {
                json_text(&serde_json::json!({
                    "type": "split", "branch": b.id, "percent": b.percent
                }))
            }),
        };
        if let Some(body) = body {
            let _ = writeln!(
                x,
                "      <bpmn:conditionExpression xsi:type=\"bpmn:tFormalExpression\" language=\"{NAMESPACE}\">{}</bpmn:conditionExpression>",
                escape(&body)
            );
        }
        let _ = writeln!(x, "    </bpmn:sequenceFlow>");
    }
    let _ = writeln!(x, "  </bpmn:process>");
    let _ = writeln!(
        x,
        "  <bpmndi:BPMNDiagram id=\"Diagram_{}\">\n    <bpmndi:BPMNPlane id=\"Plane_{}\" bpmnElement=\"{process}\">",
        id_part(file.id.as_str()),
        id_part(file.id.as_str())
    );
    let (drawing, drawn) = p.draw(&named);
    let bounds = |r: &route::Rect| {
        format!(
            "<dc:Bounds x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" />",
            fmt_f64(r.x),
            fmt_f64(r.y),
            fmt_f64(r.w),
            fmt_f64(r.h)
        )
    };
    for (k, (id, element)) in p.elements.iter().enumerate() {
        let marker = if matches!(element, Element::Join(_))
            || matches!(element, Element::Node(n) if shape(&n.kind).element == "exclusiveGateway")
        {
            " isMarkerVisible=\"true\""
        } else {
            ""
        };
        let _ = writeln!(
            x,
            "      <bpmndi:BPMNShape id=\"{id}.di\" bpmnElement=\"{id}\"{marker}>\n        {}",
            bounds(&drawing.shapes[k])
        );
        if let Some(label) = &drawing.labels[k] {
            let _ = writeln!(
                x,
                "        <bpmndi:BPMNLabel>\n          {}\n        </bpmndi:BPMNLabel>",
                bounds(label)
            );
        }
        let _ = writeln!(x, "      </bpmndi:BPMNShape>");
    }
    for (k, &f) in drawn.iter().enumerate() {
        let id = &p.flows[f].0;
        let _ = writeln!(
            x,
            "      <bpmndi:BPMNEdge id=\"{id}.di\" bpmnElement=\"{id}\">"
        );
        for point in &drawing.routes[k] {
            let _ = writeln!(
                x,
                "        <di:waypoint x=\"{}\" y=\"{}\" />",
                fmt_f64(point.x),
                fmt_f64(point.y)
            );
        }
        if let Some(label) = &drawing.link_labels[k] {
            let _ = writeln!(
                x,
                "        <bpmndi:BPMNLabel>\n          {}\n        </bpmndi:BPMNLabel>",
                bounds(label)
            );
        }
        let _ = writeln!(x, "      </bpmndi:BPMNEdge>");
    }
    let _ = writeln!(
        x,
        "    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n</bpmn:definitions>"
    );
    x
}

/// How a BPMN element is drawn.
fn form_of(element: &str) -> layout::Form {
    if element.ends_with("Task") {
        layout::Form::Task
    } else if element.ends_with("Gateway") {
        layout::Form::Gateway
    } else {
        layout::Form::Event
    }
}

/// Where the export draws each element's shape (top-left corner, as the file holds it), by
/// element id, for reading back which shapes a modeler moved.
fn drawn_corners(file: &ScenarioFile) -> BTreeMap<String, (f64, f64)> {
    let p = Process::of(file);
    let (drawing, _) = p.draw(&p.names(file));
    (p.elements.iter().zip(&drawing.shapes))
        .map(|((id, _), r)| (id.clone(), (rounded(r.x), rounded(r.y))))
        .collect()
}

/// The largest coordinate a diagram's shape may have (a canvas is far smaller).
const MAX_COORDINATE: f64 = 1.0e7;

/// Why a BPMN file could not be read as a scenario.
#[derive(Debug, thiserror::Error)]
pub enum BpmnError {
    /// Not well-formed XML.
    #[error("invalid XML at line {line}, column {column}: {detail}")]
    Xml {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's description.
        detail: String,
    },
    /// The file ends inside elements: half a file.
    #[error(
        "invalid XML: the file ends at line {line}, column {column} with {open} element(s) still open; it is cut short (nothing was imported)"
    )]
    CutShort {
        /// 1-based line of the end.
        line: usize,
        /// 1-based column of the end.
        column: usize,
        /// How many elements are open there.
        open: usize,
    },
    /// An element after the end of the document's root: two documents in one file.
    #[error(
        "invalid XML: content at line {line}, column {column} comes after the end of the document; the file holds more than one document, or more than a document (nothing was imported)"
    )]
    AfterEnd {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// Our extension twice where it may be once (two exports pasted together): which one is
    /// meant cannot be told, and the second must not silently override the first.
    #[error(
        "the BPMN file holds the Scenario Studio data {what} twice; which one is meant cannot be told (nothing was imported)"
    )]
    Repeated {
        /// Which part: `ss:scenario`, or `ss:node` with its element id.
        what: String,
    },
    /// A BPMN file that Scenario Studio did not write.
    #[error("this BPMN file was not exported by Scenario Studio (it has no {NAMESPACE} extension)")]
    Foreign,
    /// Our extension is there but does not read.
    #[error("the Scenario Studio data in the BPMN file does not read ({what}): {detail}")]
    Extension {
        /// Which part: the scenario, a node or an edge (with its id).
        what: String,
        /// What is wrong.
        detail: String,
    },
}

impl BpmnError {
    /// The message in both languages.
    pub fn localized(&self) -> Localized {
        match self {
            BpmnError::Xml {
                line,
                column,
                detail,
            } => Localized::new(
                format!("XML として読めません（{line} 行 {column} 列）: {detail}"),
                self.to_string(),
            ),
            BpmnError::CutShort { line, column, open } => Localized::new(
                format!(
                    "XML として正しくありません。ファイルが {line} 行 {column} 列で終わり、{open} 個の要素が閉じられていません。途中で切れたファイルです（何も読み込んでいません）"
                ),
                self.to_string(),
            ),
            BpmnError::AfterEnd { line, column } => Localized::new(
                format!(
                    "XML として正しくありません。{line} 行 {column} 列の内容が文書の終わりの後にあります。1 つのファイルに複数の文書、または文書以外のものが入っています（何も読み込んでいません）"
                ),
                self.to_string(),
            ),
            BpmnError::Repeated { what } => Localized::new(
                format!(
                    "BPMN ファイルに Scenario Studio のデータ {what} が 2 つあります。どちらが正しいか判断できません（何も読み込んでいません）"
                ),
                self.to_string(),
            ),
            BpmnError::Foreign => Localized::new(
                "この BPMN ファイルは Scenario Studio から書き出したものではありません（拡張情報がありません）。任意の BPMN をシナリオに変換すると、どのタスクがどのメールか、何がリードの起点かを推測することになるため、読み込みません。Scenario Studio で書き出した BPMN、またはシナリオの JSON を読み込んでください",
                "this BPMN file was not exported by Scenario Studio (it has no Scenario Studio extension). Turning any process into a scenario would mean guessing which task sends which mail and what enrols a lead, so it is not imported: import a BPMN file exported by Scenario Studio, or a scenario JSON file",
            ),
            BpmnError::Extension { what, detail } => Localized::new(
                format!("BPMN 内の Scenario Studio のデータ（{what}）が読めません: {detail}"),
                self.to_string(),
            ),
        }
    }
}

/// What the parse collects.
#[derive(Default)]
struct Collected {
    scenario: Option<String>,
    /// Element id and node JSON, in document order.
    nodes: Vec<(String, String)>,
    /// Part element id and its handle.
    parts: BTreeMap<String, (String, String)>,
    /// Merging gateway element id and the element of the node it leads into.
    joins: BTreeMap<String, String>,
    /// The text of each timer's cycle, by the flow node that holds the timer.
    cycles: BTreeMap<String, String>,
    /// Flow: id, source ref, target ref, edge JSON if any.
    flows: Vec<(String, String, String, Option<String>)>,
    /// Shape bounds by element id: x, y.
    shapes: BTreeMap<String, (f64, f64)>,
    /// Every process element with an id that is not a flow: (id, its BPMN type).
    elements: Vec<(String, String)>,
    /// The `name` of each flow node and flow that has one, by element id: what a modeler shows
    /// and lets the user edit.
    names: BTreeMap<String, String>,
    /// The text of each timer's duration, by the flow node that holds the timer.
    durations: BTreeMap<String, String>,
    /// The process's `name`: the scenario's name as a modeler shows it.
    process_name: Option<String>,
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Reads a BPMN file written by `to_bpmn` (and perhaps edited in a modeler) back as a scenario.
pub fn from_bpmn(text: &str) -> Result<ScenarioFile, BpmnError> {
    from_bpmn_with_notes(text).map(|(file, _)| file)
}

/// `from_bpmn`, with a note for each thing a modeler added that the scenario cannot take in (an
/// element or a flow without Scenario Studio's data, a flow drawn into a wait-until's catch event).
pub fn from_bpmn_with_notes(text: &str) -> Result<(ScenarioFile, Vec<Localized>), BpmnError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let c = collect(text)?;
    let Some(header) = &c.scenario else {
        return Err(BpmnError::Foreign);
    };
    let extension = |what: String| {
        move |e: serde_json::Error| BpmnError::Extension {
            what: what.clone(),
            detail: e.to_string(),
        }
    };
    // The whole scenario put together as JSON and read once, so that an older format version
    // goes through the same migrations as a JSON file.
    let mut whole: serde_json::Value =
        serde_json::from_str(header).map_err(extension("ss:scenario".into()))?;
    let mut nodes = Vec::new();
    for (element, json) in &c.nodes {
        nodes.push(
            serde_json::from_str::<serde_json::Value>(json)
                .map_err(extension(format!("ss:node {element}")))?,
        );
    }
    let mut edges = Vec::new();
    let mut notes = Vec::new();
    for (id, source, target, json) in &c.flows {
        match json {
            Some(json) => edges.push(
                serde_json::from_str::<serde_json::Value>(json)
                    .map_err(extension(format!("ss:edge {id}")))?,
            ),
            None if c.parts.contains_key(target.as_str()) && id.ends_with(".in") => {}
            None if c.joins.contains_key(source.as_str()) && id.ends_with(".out") => {}
            None => notes.push(Localized::new(
                format!("フロー {id} には Scenario Studio のデータがないため読み込みませんでした"),
                format!("flow {id} has no Scenario Studio data and was not imported"),
            )),
        }
    }
    let Some(object) = whole.as_object_mut() else {
        return Err(BpmnError::Extension {
            what: "ss:scenario".into(),
            detail: "not a JSON object".into(),
        });
    };
    object.insert("nodes".into(), nodes.into());
    object.insert("edges".into(), edges.into());
    let mut file =
        crate::format::parse_scenario(&whole.to_string()).map_err(|e| BpmnError::Extension {
            what: "ss:scenario".into(),
            detail: e.to_string(),
        })?;
    // Element ids → node ids; positions from the diagram: a shape where the export put it keeps
    // the exact position, one moved in a modeler gives the position it was moved to.
    let drawn = drawn_corners(&file);
    let mut node_of: BTreeMap<&str, String> = BTreeMap::new();
    for ((element, _), node) in c.nodes.iter().zip(&mut file.nodes) {
        if let (Some(&(x, y)), Some(&(ex, ey))) = (c.shapes.get(element), drawn.get(element))
            && (x, y) != (ex, ey)
        {
            node.position.x += x - ex;
            node.position.y += y - ey;
        }
        node_of.insert(element, node.id.to_string());
    }
    // A merging gateway stands for the node it leads into.
    let target_of = |id: &str| -> Option<&String> {
        node_of
            .get(id)
            .or_else(|| c.joins.get(id).and_then(|n| node_of.get(n.as_str())))
    };
    // The flows' ends as drawn (a modeler may have reconnected them); an end that names no
    // element keeps what the extension says.
    let drawn = c.flows.iter().filter(|f| f.3.is_some());
    for ((id, source, target, _), edge) in drawn.zip(&mut file.edges) {
        if let Some((gateway, handle)) = c.parts.get(source.as_str()) {
            if let Some(node) = node_of.get(gateway.as_str()) {
                edge.source = node.as_str().into();
            }
            edge.source_handle = handle.parse().unwrap_or(edge.source_handle.clone());
        } else if let Some(node) = node_of.get(source.as_str()) {
            edge.source = node.as_str().into();
        }
        if let Some(node) = target_of(target.as_str()) {
            edge.target = node.as_str().into();
        } else if c.parts.contains_key(target.as_str()) {
            notes.push(Localized::new(
                format!("フロー {id} はイベント待機の内部に接続されているため、元の接続先のままにしました"),
                format!("flow {id} was drawn into a wait-until's catch event; its original target is kept"),
            ));
        }
    }
    take_in_edits(&c, &mut file, &mut notes);
    for (id, kind) in &c.elements {
        if !node_of.contains_key(id.as_str())
            && !c.parts.contains_key(id.as_str())
            && !c.joins.contains_key(id.as_str())
        {
            notes.push(Localized::new(
                format!(
                    "要素 {id}（{kind}）には Scenario Studio のデータがないため読み込みませんでした"
                ),
                format!("element {id} ({kind}) has no Scenario Studio data and was not imported"),
            ));
        }
    }
    Ok((file, notes))
}

/// What a modeler lets a user change on a drawn element besides its position and its flows'
/// ends. Taken in where the scenario has a place for it: the scenario's name (the process's),
/// a node's title (its element's name), a wait's, an inactivity trigger's or a wait-until
/// timeout's duration (its timer). Named in a note where it has none: an element turned into
/// another type, a derived label (a flow's branch caption, a wait-until outcome's name), a
/// duration a delay cannot hold. No edit is dropped silently.
fn take_in_edits(c: &Collected, file: &mut ScenarioFile, notes: &mut Vec<Localized>) {
    let language = file.language;
    let in_language = |l: Localized| super::in_language(l, language);
    if let Some(name) = &c.process_name
        && !same_text(name, &file.name)
    {
        name.trim().clone_into(&mut file.name);
    }
    let index: BTreeMap<&str, usize> = c
        .nodes
        .iter()
        .enumerate()
        .map(|(i, (element, _))| (element.as_str(), i))
        .collect();
    let kind_of: BTreeMap<&str, &str> = c
        .elements
        .iter()
        .map(|(id, kind)| (id.as_str(), kind.as_str()))
        .collect();
    let not_a_delay = |element: &str, text: &str| {
        Localized::new(
            format!(
                "要素 {element} のタイマー「{text}」は日数と時間で表せないため読み込まず、元の待機時間のままにしました"
            ),
            format!(
                "the timer \"{text}\" of element {element} is not a number of days and hours; it was not imported and the original duration is kept"
            ),
        )
    };
    // The outcomes' names as exported, before any title changes below.
    let part_names: BTreeMap<&str, String> = c
        .parts
        .iter()
        .filter_map(|(part, (gateway, handle))| {
            let node = &file.nodes[*index.get(gateway.as_str())?];
            let handle: OutputHandle = handle.parse().ok()?;
            Some((part.as_str(), part_name(file, node, &handle)))
        })
        .collect();
    for (element, cycle) in &c.cycles {
        if index.contains_key(element.as_str()) && cycle != INACTIVITY_CHECK {
            notes.push(Localized::new(
                format!(
                    "要素 {element} のタイマーの周期「{cycle}」は読み込みませんでした（反応のないリードは毎日確認します。日数はシナリオ側で変更してください）"
                ),
                format!(
                    "the cycle \"{cycle}\" of element {element}'s timer was not imported (quiet leads are checked daily; change the number of days in Scenario Studio)"
                ),
            ));
        }
    }
    for (&element, &i) in &index {
        let node = &mut file.nodes[i];
        let drawn_as = shape(&node.kind).element;
        if let Some(&kind) = kind_of.get(element)
            && kind != drawn_as
        {
            let what = in_language(node.kind.display_name());
            notes.push(Localized::new(
                format!(
                    "要素 {element} はモデラーで {drawn_as} から {kind} に変更されていますが、Scenario Studio のデータどおり「{what}」として読み込みました"
                ),
                format!(
                    "element {element} was changed from a {drawn_as} to a {kind} in the modeler; it was imported as what its Scenario Studio data says ({what})"
                ),
            ));
        }
        if let Some(name) = c.names.get(element)
            && !same_text(name, &super::node_name(node, language))
        {
            let name = name.trim();
            node.title = if name == in_language(node.kind.display_name()) {
                String::new()
            } else {
                name.to_owned()
            };
        }
        let Some(text) = c.durations.get(element) else {
            continue;
        };
        match &mut node.kind {
            NodeKind::Wait { delay } if *text != iso_duration(*delay) => match delay_of_iso(text) {
                Some(d) => *delay = d,
                None => notes.push(not_a_delay(element, text)),
            },
            NodeKind::Trigger {
                event: TriggerEvent::Inactive { days },
            } if *text != format!("P{days}D") => match delay_of_iso(text) {
                Some(d) if d.hours == 0 => *days = d.days,
                _ => notes.push(not_a_delay(element, text)),
            },
            _ => {}
        }
    }
    for (part, (gateway, handle)) in &c.parts {
        let Some(&i) = index.get(gateway.as_str()) else {
            continue;
        };
        let parsed: OutputHandle = handle.parse().unwrap_or_default();
        // Earlier exports named an outcome by its handle (「発生」).
        if let Some(name) = c.names.get(part)
            && !same_text(
                name,
                part_names.get(part.as_str()).map_or("", String::as_str),
            )
            && !same_text(name, &in_language(parsed.label()))
        {
            notes.push(Localized::new(
                format!(
                    "要素 {part} の名前「{name}」はイベント待機の結果の名前で、変更できないため読み込みませんでした"
                ),
                format!(
                    "the name \"{name}\" of element {part} names a wait-until's outcome, which cannot be renamed; it was not imported"
                ),
            ));
        }
        if let (
            Some(text),
            NodeKind::WaitUntil {
                timeout: Some(delay),
                ..
            },
        ) = (c.durations.get(part), &mut file.nodes[i].kind)
            && *text != iso_duration(*delay)
        {
            match delay_of_iso(text) {
                Some(d) => *delay = d,
                None => notes.push(not_a_delay(part, text)),
            }
        }
    }
    let drawn = c.flows.iter().filter(|f| f.3.is_some());
    for ((id, ..), edge) in drawn.zip(&file.edges) {
        // Earlier exports named a flow out of a wait-until's event too, by its caption.
        if let Some(name) = c.names.get(id)
            && !same_text(name, &flow_name(file, edge))
            && !same_text(name, &super::edge_caption(file, edge))
        {
            notes.push(Localized::new(
                format!(
                    "フロー {id} のラベル「{name}」は分岐から決まるため読み込みませんでした（分岐の割合や条件は Scenario Studio で変更してください）"
                ),
                format!(
                    "the label \"{name}\" of flow {id} is derived from its branch and was not imported (change a split's weights or a condition in Scenario Studio)"
                ),
            ));
        }
    }
}

/// Whether a name read from an attribute says the same as the text the export wrote there: XML
/// turns line breaks and tabs in attributes into spaces, and the export replaces characters XML
/// cannot hold, so only the words count (a modeler's edit of spacing alone is no edit).
fn same_text(read: &str, written: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.chars()
            .map(|c| {
                if c.is_control() || c == '\u{fffd}' || c == '\u{fffe}' || c == '\u{ffff}' {
                    ' '
                } else {
                    c
                }
            })
            .collect::<String>()
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    };
    words(read) == words(written)
}

/// An ISO 8601 duration a delay can hold, as modelers' timer panels write them: days or weeks and
/// hours (`P3D`, `PT12H`, `P1DT6H`, `P2W`). None for anything else (months, minutes, a date).
fn delay_of_iso(text: &str) -> Option<crate::model::node::Delay> {
    let rest = text.trim().strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    let mut delay = crate::model::node::Delay::default();
    let mut any = false;
    let mut number = String::new();
    let mut take = |number: &mut String, times: u32| -> Option<u32> {
        let n: u32 = number.parse().ok()?;
        number.clear();
        any = true;
        n.checked_mul(times)
    };
    for ch in date.chars() {
        match ch {
            '0'..='9' => number.push(ch),
            'D' => delay.days = delay.days.checked_add(take(&mut number, 1)?)?,
            'W' => delay.days = delay.days.checked_add(take(&mut number, 7)?)?,
            _ => return None,
        }
    }
    if !number.is_empty() {
        return None;
    }
    if let Some(time) = time {
        for ch in time.chars() {
            match ch {
                '0'..='9' => number.push(ch),
                'H' => delay.hours = delay.hours.checked_add(take(&mut number, 1)?)?,
                _ => return None,
            }
        }
        if !number.is_empty() || time.is_empty() {
            return None;
        }
    }
    any.then_some(delay)
}

/// The BPMN elements a process draws as nodes (a modeler may add any of them).
const FLOW_NODES: [&str; 22] = [
    "startEvent",
    "endEvent",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
    "boundaryEvent",
    "task",
    "sendTask",
    "receiveTask",
    "userTask",
    "manualTask",
    "serviceTask",
    "scriptTask",
    "businessRuleTask",
    "callActivity",
    "subProcess",
    "exclusiveGateway",
    "inclusiveGateway",
    "parallelGateway",
    "eventBasedGateway",
    "complexGateway",
    "dataObjectReference",
    "textAnnotation",
];

/// The id of the innermost open element that has one.
fn innermost(stack: &[(String, String)]) -> Option<&str> {
    stack
        .iter()
        .rev()
        .map(|s| s.0.as_str())
        .find(|id| !id.is_empty())
}

/// One pass over the XML, namespace-aware (any prefixes), collecting what `from_bpmn` needs.
fn collect(text: &str) -> Result<Collected, BpmnError> {
    let mut reader = quick_xml::NsReader::from_str(text);
    let mut c = Collected::default();
    // The innermost BPMN element with an id, its kind, and for flows their refs.
    let mut stack: Vec<(String, String)> = Vec::new();
    let mut flow: Option<(String, String, String, Option<String>)> = None;
    let mut capture: Option<(String, String)> = None; // (extension element, text so far)
    let xml_err = |e: quick_xml::Error, pos: u64| {
        let (line, column) = line_column(text, pos as usize);
        BpmnError::Xml {
            line,
            column,
            detail: e.to_string(),
        }
    };
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == name)
            .and_then(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
    };
    // Elements open: a file that ends inside one (half a file) is no well-formed XML, and nothing
    // of it is read.
    let mut open = 0usize;
    // Whether the document's root has ended: an element after it (a second document appended, two
    // files concatenated) is no well-formed XML either, and must not be merged in.
    let mut ended = false;
    loop {
        let pos = reader.buffer_position();
        let (ns, event) = reader.read_resolved_event().map_err(|e| xml_err(e, pos))?;
        let invalid = |detail: String| {
            let (line, column) = line_column(text, pos as usize);
            BpmnError::Xml {
                line,
                column,
                detail,
            }
        };
        match event {
            Event::Start(_) | Event::Empty(_) if ended => {
                let (line, column) = line_column(text, pos as usize);
                return Err(BpmnError::AfterEnd { line, column });
            }
            // Text after the document's end: as much a second document as an element there.
            Event::Text(ref t) if ended && !t.as_ref().trim().is_empty() => {
                let (line, column) = line_column(text, pos as usize);
                return Err(BpmnError::AfterEnd { line, column });
            }
            // A BPMN file has no document type: its entities are never expanded, and a file
            // that declares any is refused rather than read with them left out.
            Event::DocType(_) => {
                return Err(invalid(
                    "a document type declaration (<!DOCTYPE …>); a BPMN file has none".into(),
                ));
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                for a in e.attributes() {
                    let a = a.map_err(|err| invalid(err.to_string()))?;
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|err| invalid(err.to_string()))?;
                    // No reference to a character XML cannot hold (`&#0;`, `&#x1b;`), which the
                    // reader would otherwise turn into one.
                    if !value.chars().all(is_xml_char) {
                        return Err(invalid(format!(
                            "the attribute {} refers to a character XML does not allow",
                            a.key.as_ref()
                        )));
                    }
                }
                if matches!(event, Event::Start(_)) {
                    open += 1;
                }
            }
            Event::End(_) if open == 1 => {
                open = 0;
                ended = true;
            }
            Event::End(_) => open = open.saturating_sub(1),
            Event::Eof if open > 0 => {
                let (line, column) = line_column(text, text.len());
                return Err(BpmnError::CutShort { line, column, open });
            }
            _ => {}
        }
        let ns = match ns {
            ResolveResult::Bound(n) => n.as_ref().to_owned(),
            _ => String::new(),
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let local = e.local_name().as_ref().to_owned();
                if ns == NAMESPACE {
                    match local.as_str() {
                        "scenario" | "node" | "edge" if !empty => {
                            capture = Some((local, String::new()));
                        }
                        "join" => {
                            if let (Some(id), Some(node)) = (innermost(&stack), attr(e, "node")) {
                                c.joins.insert(id.to_owned(), node);
                            }
                        }
                        "part" => {
                            if let (Some(id), Some(gateway), Some(handle)) =
                                (innermost(&stack), attr(e, "gateway"), attr(e, "handle"))
                            {
                                c.parts.insert(id.to_owned(), (gateway, handle));
                            }
                        }
                        _ => {}
                    }
                } else if ns == BPMN {
                    if let Some(name) = attr(e, "name")
                        && let Some(id) = attr(e, "id")
                        && (local == "sequenceFlow" || FLOW_NODES.contains(&local.as_str()))
                    {
                        c.names.insert(id, name);
                    }
                    if local == "process" && c.process_name.is_none() {
                        c.process_name = attr(e, "name");
                    }
                    if (local == "timeDuration" || local == "timeCycle") && !empty {
                        capture = Some((local.clone(), String::new()));
                    }
                    if local == "sequenceFlow" {
                        flow = Some((
                            attr(e, "id").unwrap_or_default(),
                            attr(e, "sourceRef").unwrap_or_default(),
                            attr(e, "targetRef").unwrap_or_default(),
                            None,
                        ));
                        if empty {
                            c.flows.extend(flow.take());
                        }
                    } else {
                        let id = attr(e, "id");
                        if let Some(id) = &id
                            && FLOW_NODES.contains(&local.as_str())
                        {
                            c.elements.push((id.clone(), local.clone()));
                        }
                        if !empty {
                            stack.push((id.unwrap_or_default(), local));
                        }
                    }
                } else if ns == BPMNDI && !empty {
                    // Shapes by the element they draw; anything inside them (a label with bounds
                    // of its own) on the stack too, so only a shape's own bounds count.
                    let element = if local == "BPMNShape" {
                        attr(e, "bpmnElement").unwrap_or_default()
                    } else {
                        String::new()
                    };
                    stack.push((element, format!("di:{local}")));
                } else if ns == DC
                    && local == "Bounds"
                    && let Some((element, kind)) = stack.last()
                    && kind == "di:BPMNShape"
                    && !element.is_empty()
                {
                    // A coordinate a canvas can hold (no NaN, no infinity, nothing absurd); a shape
                    // without one keeps the position the extension gives.
                    let number = |n: &str| {
                        attr(e, n)
                            .and_then(|v| v.trim().parse::<f64>().ok())
                            .filter(|v| v.is_finite() && v.abs() <= MAX_COORDINATE)
                    };
                    if let (Some(x), Some(y)) = (number("x"), number("y")) {
                        c.shapes.insert(element.clone(), (x, y));
                    }
                }
            }
            Event::Text(ref t) => {
                if let Some((_, buf)) = &mut capture {
                    buf.push_str(&t.xml10_content());
                }
            }
            Event::CData(ref t) => {
                if let Some((_, buf)) = &mut capture {
                    buf.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(ref r) => {
                if let Some((_, buf)) = &mut capture {
                    if let Ok(Some(ch)) = r.resolve_char_ref() {
                        if !is_xml_char(ch) {
                            return Err(invalid(
                                "a reference to a character XML does not allow".into(),
                            ));
                        }
                        buf.push(ch);
                    } else {
                        let name = r.clone().into_inner();
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(value) => buf.push_str(value),
                            None => {
                                return Err(BpmnError::Xml {
                                    line: line_column(text, pos as usize).0,
                                    column: line_column(text, pos as usize).1,
                                    detail: format!("unknown entity &{name};"),
                                });
                            }
                        }
                    }
                }
            }
            Event::End(ref e) => {
                let local = e.local_name().as_ref().to_owned();
                if ns == NAMESPACE {
                    if let Some((kind, body)) = capture.take() {
                        match kind.as_str() {
                            // A second scenario or a second node in one element (two exports
                            // pasted together) would silently override the first: refused.
                            "scenario" if c.scenario.is_some() => {
                                return Err(BpmnError::Repeated {
                                    what: "ss:scenario".into(),
                                });
                            }
                            "scenario" => c.scenario = Some(body),
                            "node" => {
                                if let Some(id) = innermost(&stack) {
                                    if c.nodes.iter().any(|(element, _)| element == id) {
                                        return Err(BpmnError::Repeated {
                                            what: format!("ss:node ({id})"),
                                        });
                                    }
                                    c.nodes.push((id.to_owned(), body));
                                }
                            }
                            "edge" => {
                                if let Some(f) = &mut flow {
                                    f.3 = Some(body);
                                }
                            }
                            _ => {}
                        }
                    }
                } else if ns == BPMN {
                    if (local == "timeDuration" || local == "timeCycle")
                        && let Some((_, body)) = capture.take()
                        && let Some(node) = stack
                            .iter()
                            .rev()
                            .find(|s| !s.0.is_empty() && FLOW_NODES.contains(&s.1.as_str()))
                    {
                        let timers = if local == "timeCycle" {
                            &mut c.cycles
                        } else {
                            &mut c.durations
                        };
                        timers.insert(node.0.clone(), body.trim().to_owned());
                    }
                    if local == "sequenceFlow" {
                        c.flows.extend(flow.take());
                    } else if stack.last().is_some_and(|s| s.1 == local) {
                        stack.pop();
                    }
                } else if ns == BPMNDI && stack.last().is_some_and(|s| s.1 == format!("di:{local}"))
                {
                    stack.pop();
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(c)
}
