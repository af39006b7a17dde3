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

use crate::Localized;
use crate::export::markup::{escape, is_xml_char};
use crate::model::handle::OutputHandle;
use crate::model::node::{Node, NodeKind, TriggerEvent};
use crate::model::{Edge, Language, ScenarioFile};

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

/// What a node is drawn as.
struct Shape {
    element: &'static str,
    definition: Option<&'static str>,
    width: f64,
    height: f64,
}

fn shape(kind: &NodeKind) -> Shape {
    let event = |element, definition| Shape {
        element,
        definition,
        width: 36.0,
        height: 36.0,
    };
    let task = |element| Shape {
        element,
        definition: None,
        width: 100.0,
        height: 80.0,
    };
    let gateway = |element| Shape {
        element,
        definition: None,
        width: 50.0,
        height: 50.0,
    };
    match kind {
        NodeKind::Trigger { event: trigger } => event(
            "startEvent",
            Some(match trigger {
                TriggerEvent::Inactive { .. } => "timerEventDefinition",
                TriggerEvent::ScoreReached { .. }
                | TriggerEvent::DealStatusChanged { .. }
                | TriggerEvent::AttributeChanged { .. } => "conditionalEventDefinition",
                TriggerEvent::LeadCreated
                | TriggerEvent::FormSubmitted { .. }
                | TriggerEvent::DocumentDownloaded { .. }
                | TriggerEvent::WebinarEnded { .. }
                | TriggerEvent::PageViewed { .. } => "messageEventDefinition",
            }),
        ),
        NodeKind::Condition { .. } | NodeKind::Split { .. } => gateway("exclusiveGateway"),
        // With a timeout: a race between the event and a timer. Without: just the event.
        NodeKind::WaitUntil {
            timeout: Some(_), ..
        } => gateway("eventBasedGateway"),
        NodeKind::WaitUntil { timeout: None, .. } => {
            event("intermediateCatchEvent", Some("messageEventDefinition"))
        }
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
    match node.kind {
        NodeKind::WaitUntil {
            timeout: Some(_), ..
        } => vec![
            (
                format!("{base}.met"),
                "messageEventDefinition",
                OutputHandle::Met,
            ),
            (
                format!("{base}.timeout"),
                "timerEventDefinition",
                OutputHandle::Timeout,
            ),
        ],
        _ => Vec::new(),
    }
}

/// The name the export gives a flow: its branch's caption, except out of a wait-until's catch
/// event, which already says which outcome it is (「発生」, 「タイムアウト」): a second label on the
/// flow is noise (bpmnlint's superfluous-label).
fn flow_name(file: &ScenarioFile, edge: &Edge) -> String {
    let from_part = file
        .node(&edge.source)
        .is_some_and(|n| wait_parts("", n).iter().any(|p| p.2 == edge.source_handle));
    if from_part {
        String::new()
    } else {
        super::edge_caption(file, edge)
    }
}

/// Where a node's shape (or a wait-until part's) sits: x, y, width, height.
type Bounds = (f64, f64, f64, f64);

/// The canvas cell a node occupies (its position is the cell's top-left corner); each BPMN
/// shape is centred in it, so that events, gateways and tasks line up.
const CELL: (f64, f64) = (160.0, 80.0);

/// The top-left corner of a node's shape for its canvas position.
fn shape_origin(kind: &NodeKind, x: f64, y: f64) -> (f64, f64) {
    let s = shape(kind);
    (x + (CELL.0 - s.width) / 2.0, y + (CELL.1 - s.height) / 2.0)
}

/// The canvas position of a node whose shape has its top-left corner at `(x, y)`.
fn position_of_shape(kind: &NodeKind, x: f64, y: f64) -> (f64, f64) {
    let s = shape(kind);
    (x - (CELL.0 - s.width) / 2.0, y - (CELL.1 - s.height) / 2.0)
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

fn fmt_f64(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        "0".into()
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
    // Each node's element id; a repeated node id (an invalid file) gets its position appended,
    // and references go to the first, as everywhere else.
    let mut elements: Vec<String> = Vec::with_capacity(file.nodes.len());
    for (i, node) in file.nodes.iter().enumerate() {
        let id = element_id(node.id.as_str());
        let first = file.nodes[..i].iter().all(|n| n.id != node.id);
        elements.push(if first { id } else { format!("{id}.dup{i}") });
    }
    let mut bounds: BTreeMap<String, Bounds> = BTreeMap::new();
    // Incoming and outgoing flows per element, for the flow-node references modelers expect.
    let mut incoming: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut outgoing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let flow_id = |i: usize, e: &Edge| format!("Flow_{}.{i}", id_part(e.id.as_str()));
    let source_of = |e: &Edge| -> String {
        let node = file.node(&e.source);
        match node.map(|n| &n.kind) {
            Some(NodeKind::WaitUntil { .. }) => {
                let base = element_id(e.source.as_str());
                let parts = wait_parts(&base, node.expect("a node"));
                match parts.iter().find(|p| p.2 == e.source_handle) {
                    Some(part) => part.0.clone(),
                    None => element_id(e.source.as_str()),
                }
            }
            _ => element_id(e.source.as_str()),
        }
    };
    let mut internal: Vec<(String, String, String)> = Vec::new();
    for (node, element) in file.nodes.iter().zip(&elements) {
        if let NodeKind::WaitUntil { .. } = node.kind {
            for (part, _, _) in wait_parts(element, node) {
                let id = format!("{part}.in");
                internal.push((id.clone(), element.clone(), part.clone()));
                outgoing
                    .entry(element.clone())
                    .or_default()
                    .push(id.clone());
                incoming.entry(part).or_default().push(id);
            }
        }
    }
    for (i, e) in file.edges.iter().enumerate() {
        let id = flow_id(i, e);
        outgoing.entry(source_of(e)).or_default().push(id.clone());
        incoming
            .entry(element_id(e.target.as_str()))
            .or_default()
            .push(id);
    }
    let refs = |x: &mut String, id: &str| {
        for f in incoming.get(id).into_iter().flatten() {
            let _ = writeln!(x, "      <bpmn:incoming>{f}</bpmn:incoming>");
        }
        for f in outgoing.get(id).into_iter().flatten() {
            let _ = writeln!(x, "      <bpmn:outgoing>{f}</bpmn:outgoing>");
        }
    };
    for (node, id) in file.nodes.iter().zip(&elements) {
        let s = shape(&node.kind);
        let id = id.clone();
        let node_json = json_text(node);
        let _ = writeln!(
            x,
            "    <bpmn:{} id=\"{id}\" name=\"{}\">",
            s.element,
            escape(&super::node_name(node, language))
        );
        let _ = writeln!(
            x,
            "      <bpmn:extensionElements>\n        <ss:node>{}</ss:node>\n      </bpmn:extensionElements>",
            escape(&node_json)
        );
        refs(&mut x, &id);
        match (s.definition, &node.kind) {
            (Some("timerEventDefinition"), NodeKind::Wait { delay }) => {
                let _ = writeln!(
                    x,
                    "      <bpmn:timerEventDefinition id=\"{id}.timer\">\n        <bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">{}</bpmn:timeDuration>\n      </bpmn:timerEventDefinition>",
                    iso_duration(*delay)
                );
            }
            (
                Some("timerEventDefinition"),
                NodeKind::Trigger {
                    event: TriggerEvent::Inactive { days },
                },
            ) => {
                let _ = writeln!(
                    x,
                    "      <bpmn:timerEventDefinition id=\"{id}.timer\">\n        <bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P{days}D</bpmn:timeDuration>\n      </bpmn:timerEventDefinition>"
                );
            }
            (Some("conditionalEventDefinition"), NodeKind::Trigger { event }) => {
                let body = json_text(event);
                let _ = writeln!(
                    x,
                    "      <bpmn:conditionalEventDefinition id=\"{id}.condition\">\n        <bpmn:condition xsi:type=\"bpmn:tFormalExpression\" language=\"{NAMESPACE}\">{}</bpmn:condition>\n      </bpmn:conditionalEventDefinition>",
                    escape(&body)
                );
            }
            (Some(definition), _) => {
                let _ = writeln!(x, "      <bpmn:{definition} id=\"{id}.definition\" />");
            }
            (None, _) => {}
        }
        let _ = writeln!(x, "    </bpmn:{}>", s.element);
        let (px, py) = shape_origin(&node.kind, node.position.x, node.position.y);
        bounds.insert(id.clone(), (px, py, s.width, s.height));
        if let NodeKind::WaitUntil { timeout, .. } = &node.kind {
            for (n, (part, definition, handle)) in wait_parts(&id, node).into_iter().enumerate() {
                let label = handle.label();
                let _ = writeln!(
                    x,
                    "    <bpmn:intermediateCatchEvent id=\"{part}\" name=\"{}\">",
                    escape(match language {
                        Language::Ja => &label.ja,
                        Language::En => &label.en,
                    })
                );
                let _ = writeln!(
                    x,
                    "      <bpmn:extensionElements>\n        <ss:part gateway=\"{id}\" handle=\"{handle}\" />\n      </bpmn:extensionElements>"
                );
                refs(&mut x, &part);
                match (definition, timeout) {
                    ("timerEventDefinition", Some(delay)) => {
                        let _ = writeln!(
                            x,
                            "      <bpmn:timerEventDefinition id=\"{part}.timer\">\n        <bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">{}</bpmn:timeDuration>\n      </bpmn:timerEventDefinition>",
                            iso_duration(*delay)
                        );
                    }
                    _ => {
                        let _ = writeln!(x, "      <bpmn:{definition} id=\"{part}.definition\" />");
                    }
                }
                let _ = writeln!(x, "    </bpmn:intermediateCatchEvent>");
                bounds.insert(part, (px + 110.0, py - 40.0 + 80.0 * n as f64, 36.0, 36.0));
            }
        }
    }
    let mut flows: Vec<(String, String, String)> = Vec::new();
    for (i, e) in file.edges.iter().enumerate() {
        let id = flow_id(i, e);
        let (source, target) = (source_of(e), element_id(e.target.as_str()));
        let label = flow_name(file, e);
        let edge_json = json_text(e);
        let _ = writeln!(
            x,
            "    <bpmn:sequenceFlow id=\"{id}\" name=\"{}\" sourceRef=\"{source}\" targetRef=\"{target}\">",
            escape(&label)
        );
        let _ = writeln!(
            x,
            "      <bpmn:extensionElements>\n        <ss:edge>{}</ss:edge>\n      </bpmn:extensionElements>",
            escape(&edge_json)
        );
        if let (OutputHandle::Yes | OutputHandle::No, Some(NodeKind::Condition { condition })) =
            (&e.source_handle, file.node(&e.source).map(|n| &n.kind))
        {
            let mut body = json_text(condition);
            if e.source_handle == OutputHandle::No {
                body = format!("{{\"type\":\"not\",\"expr\":{body}}}");
            }
            let _ = writeln!(
                x,
                "      <bpmn:conditionExpression xsi:type=\"bpmn:tFormalExpression\" language=\"{NAMESPACE}\">{}</bpmn:conditionExpression>",
                escape(&body)
            );
        }
        let _ = writeln!(x, "    </bpmn:sequenceFlow>");
        flows.push((id, source, target));
    }
    for (id, source, target) in &internal {
        let _ = writeln!(
            x,
            "    <bpmn:sequenceFlow id=\"{id}\" sourceRef=\"{source}\" targetRef=\"{target}\" />"
        );
    }
    flows.extend(internal);
    let _ = writeln!(x, "  </bpmn:process>");
    let _ = writeln!(
        x,
        "  <bpmndi:BPMNDiagram id=\"Diagram_{}\">\n    <bpmndi:BPMNPlane id=\"Plane_{}\" bpmnElement=\"{process}\">",
        id_part(file.id.as_str()),
        id_part(file.id.as_str())
    );
    for (id, (bx, by, w, h)) in &bounds {
        let _ = writeln!(
            x,
            "      <bpmndi:BPMNShape id=\"{id}.di\" bpmnElement=\"{id}\">\n        <dc:Bounds x=\"{}\" y=\"{}\" width=\"{w}\" height=\"{h}\" />\n      </bpmndi:BPMNShape>",
            fmt_f64(*bx),
            fmt_f64(*by)
        );
    }
    for (id, source, target) in &flows {
        let (Some(s), Some(t)) = (bounds.get(source), bounds.get(target)) else {
            continue; // A flow to a node that does not exist has nowhere to be drawn.
        };
        let waypoints = route(*s, *t);
        let _ = writeln!(
            x,
            "      <bpmndi:BPMNEdge id=\"{id}.di\" bpmnElement=\"{id}\">"
        );
        for (wx, wy) in waypoints {
            let _ = writeln!(
                x,
                "        <di:waypoint x=\"{}\" y=\"{}\" />",
                fmt_f64(wx),
                fmt_f64(wy)
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

/// A flow's waypoints from shape `s` to shape `t`: out of the side facing the target and into the
/// side facing the source, with one elbow — down the page for a scenario drawn top to bottom,
/// across for one drawn left to right.
fn route(s: Bounds, t: Bounds) -> [(f64, f64); 4] {
    let centre = |b: Bounds| (b.0 + b.2 / 2.0, b.1 + b.3 / 2.0);
    let (sc, tc) = (centre(s), centre(t));
    let (dx, dy) = (tc.0 - sc.0, tc.1 - sc.1);
    if dy.abs() >= dx.abs() {
        let down = dy >= 0.0;
        let start = (sc.0, if down { s.1 + s.3 } else { s.1 });
        let end = (tc.0, if down { t.1 } else { t.1 + t.3 });
        let middle = (start.1 + end.1) / 2.0;
        [start, (start.0, middle), (end.0, middle), end]
    } else {
        let right = dx >= 0.0;
        let start = (if right { s.0 + s.2 } else { s.0 }, sc.1);
        let end = (if right { t.0 } else { t.0 + t.2 }, tc.1);
        let middle = (start.0 + end.0) / 2.0;
        [start, (middle, start.1), (middle, end.1), end]
    }
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
    for (id, _, target, json) in &c.flows {
        match json {
            Some(json) => edges.push(
                serde_json::from_str::<serde_json::Value>(json)
                    .map_err(extension(format!("ss:edge {id}")))?,
            ),
            None if c.parts.contains_key(target.as_str()) && id.ends_with(".in") => {}
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
    let mut node_of: BTreeMap<&str, String> = BTreeMap::new();
    for ((element, _), node) in c.nodes.iter().zip(&mut file.nodes) {
        if let Some(&(x, y)) = c.shapes.get(element)
            && (x, y) != shape_origin(&node.kind, node.position.x, node.position.y)
        {
            (node.position.x, node.position.y) = position_of_shape(&node.kind, x, y);
        }
        node_of.insert(element, node.id.to_string());
    }
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
        if let Some(node) = node_of.get(target.as_str()) {
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
        if !node_of.contains_key(id.as_str()) && !c.parts.contains_key(id.as_str()) {
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
        if let Some(name) = c.names.get(part)
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
                    if local == "timeDuration" && !empty {
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
                    if local == "timeDuration"
                        && let Some((_, body)) = capture.take()
                        && let Some(node) = stack
                            .iter()
                            .rev()
                            .find(|s| !s.0.is_empty() && FLOW_NODES.contains(&s.1.as_str()))
                    {
                        c.durations.insert(node.0.clone(), body.trim().to_owned());
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
