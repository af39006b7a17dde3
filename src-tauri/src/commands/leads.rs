//! Bringing leads in: the CSV import wizard's two steps (a dry run that detects the encoding and
//! the preset and reports every row problem, then the import itself, all or nothing) and the
//! presets it offers.

use scenario_studio::ErrorKind;
use std::collections::BTreeMap;
use std::path::PathBuf;

use scenario_studio::import::decode::TextEncoding;
use scenario_studio::import::presets::{Field, ImportKind, MappingFile, PRESETS};
use scenario_studio::import::{self, DateOrder, ImportOptions, ImportReport};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;

use super::simulation::Progress;
use crate::error::{CommandError, crashed, failure};
use crate::state::{AppState, lock, open_mut, workspace_path};
use scenario_studio::simulate::matching::ScenarioFit;
use scenario_studio::store::browse::{self, LeadFilter, LeadPage};
use scenario_studio::store::{LeadStats, Workspace, stats};

/// A header preset the wizard offers.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PresetInfo {
    /// Its key.
    pub key: &'static str,
    /// What it is for.
    pub label: &'static str,
    /// What the files it reads hold.
    pub kind: ImportKind,
}

/// The presets, in the order detection prefers them.
#[tauri::command]
pub fn import_presets() -> Vec<PresetInfo> {
    PRESETS
        .iter()
        .map(|p| PresetInfo {
            key: p.key,
            label: p.label,
            kind: p.kind,
        })
        .collect()
}

/// What the wizard asks for: the file, what the user chose over what was detected, and whether to
/// commit (otherwise a dry run that writes nothing).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ImportRequest {
    /// The CSV file.
    pub path: PathBuf,
    /// What it holds; detected when absent.
    pub kind: Option<ImportKind>,
    /// The header preset; detected when absent.
    pub preset: Option<String>,
    /// The encoding (`utf-8`, `cp932`, `euc-jp` …); detected when absent.
    pub encoding: Option<String>,
    /// Header → field chosen by the user; wins over the preset.
    pub columns: Option<BTreeMap<String, Field>>,
    /// Import for real; otherwise only read and check.
    pub commit: bool,
    /// Import a lead whose opt-out cannot be read as opted out instead of refusing the file.
    #[serde(default)]
    pub suppress_unreadable_opt_outs: bool,
    /// How dates with the year last are read; told by the file's dates when absent.
    #[serde(default)]
    pub date_order: Option<DateOrder>,
}

/// Reads (and with `commit`, imports) a CSV of leads, events or deal statuses, streaming progress
/// in bytes. An import is one transaction: a refused file leaves the workspace as it was.
#[tauri::command]
pub async fn import_leads(
    request: ImportRequest,
    progress: Channel<Progress>,
    state: tauri::State<'_, AppState>,
) -> Result<ImportReport, CommandError> {
    let encoding = match request.encoding.as_deref().filter(|e| !e.is_empty()) {
        Some(name) => Some(TextEncoding::from_name(name).ok_or_else(|| {
            failure(
                ErrorKind::BadRequest,
                scenario_studio::Localized::new(
                    format!("文字コード {name} には対応していません"),
                    format!("the encoding {name} is not supported"),
                ),
            )
        })?),
        None => None,
    };
    let kind = request.kind;
    let options = ImportOptions {
        kind,
        preset: request.preset.filter(|p| !p.is_empty()),
        encoding,
        mapping: request.columns.map(|columns| MappingFile {
            kind: kind.unwrap_or(ImportKind::Leads),
            columns,
            values: Default::default(),
            date_order: None,
        }),
        dry_run: !request.commit,
        strict: false,
        suppress_unreadable_opt_outs: request.suppress_unreadable_opt_outs,
        date_order: request.date_order,
        now: Some(chrono::Utc::now().timestamp()),
    };
    let options_dry_run = options.dry_run;
    let shared = state.workspace.clone();
    let report = tauri::async_runtime::spawn_blocking(move || {
        // A bulk load switches the journal mode, which needs the window's own connection.
        let mut guard = lock(&shared);
        let ws = open_mut(&mut guard)?;
        import::import_file(ws, &request.path, &options, &mut |done, total| {
            let _ = progress.send(Progress { done, total });
        })
        .map_err(CommandError::from)
    })
    .await
    .map_err(|e| crashed(&e))?;
    if !options_dry_run {
        super::live::forget(&state.live);
    }
    report
}

/// A page of the workspace's leads matching `filter`, on a read connection of its own, scored
/// at `scores_at` (the moment the first page gave) or at the last recorded moment.
#[tauri::command]
pub async fn lead_page(
    filter: LeadFilter,
    offset: i64,
    limit: i64,
    scores_at: Option<i64>,
    state: tauri::State<'_, AppState>,
) -> Result<LeadPage, CommandError> {
    let path = workspace_path(&state)?;
    let kept = state.score_order.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let ws = Workspace::open(&path)?;
        if filter.sort != browse::SortKey::Score {
            return Ok(browse::page(ws.conn(), &filter, offset, limit, scores_at)?);
        }
        // In score order every matching lead is scored once; the pages after the first keep it
        // while the filter, the moment, the scoring and the leads are the same.
        let as_of = match scores_at {
            Some(at) => at,
            None => scenario_studio::store::scores::last_recorded(ws.conn())?,
        };
        let scoring: String = ws
            .conn()
            .query_row(
                "SELECT coalesce((SELECT json FROM settings WHERE key = ?1), '')",
                [scenario_studio::store::documents::SCORING_MODEL],
                |r| r.get(0),
            )
            .map_err(scenario_studio::store::StoreError::from)?;
        let key = format!(
            "{}|{}|{as_of}|{scoring}|{}",
            path.display(),
            serde_json::to_string(&filter).expect("a filter serialises"),
            super::values::leads_fingerprint(&ws)?
        );
        let order = {
            let slot = lock(&kept);
            slot.as_ref()
                .filter(|(k, _)| *k == key)
                .map(|(_, o)| o.clone())
        };
        let order = match order {
            Some(order) => order,
            None => {
                let order = std::sync::Arc::new(browse::score_order(ws.conn(), &filter, as_of)?);
                *lock(&kept) = Some((key, order.clone()));
                order
            }
        };
        Ok(browse::page_in_order(
            ws.conn(),
            &order,
            offset,
            limit,
            as_of,
        )?)
    })
    .await
    .map_err(|e| crashed(&e))?
}

/// Lead `id` in full: its attributes, consent, timeline and score over time.
#[tauri::command]
pub async fn lead_detail(
    id: i64,
    scores_at: Option<i64>,
    state: tauri::State<'_, AppState>,
) -> Result<browse::LeadDetail, CommandError> {
    let path = workspace_path(&state)?;
    tauri::async_runtime::spawn_blocking(move || {
        let ws = Workspace::open(&path)?;
        let mut detail =
            browse::lead_detail(ws.conn(), id, scores_at)?.ok_or_else(|| no_lead(id))?;
        // The mails it received, by the workspace scenarios' mails they are tied to.
        scenario_studio::simulate::input::name_mails(ws.conn(), &mut detail.timeline)?;
        Ok(detail)
    })
    .await
    .map_err(|e| crashed(&e))?
}

/// The workspace's scenarios as lead `id` meets them: in their segment or not, and what enrols.
#[tauri::command]
pub async fn lead_scenarios(
    id: i64,
    state: tauri::State<'_, AppState>,
) -> Result<Vec<ScenarioFit>, CommandError> {
    let path = workspace_path(&state)?;
    tauri::async_runtime::spawn_blocking(move || {
        let ws = Workspace::open(&path)?;
        scenario_studio::simulate::matching::scenarios_for_lead(ws.conn(), id)?
            .ok_or_else(|| no_lead(id))
    })
    .await
    .map_err(|e| crashed(&e))?
}

fn no_lead(id: i64) -> CommandError {
    failure(
        ErrorKind::NotFound,
        scenario_studio::Localized::new(
            format!("リード {id} はワークスペースにありません"),
            format!("there is no lead {id} in the workspace"),
        ),
    )
}

/// Counts over the workspace's leads (by industry, size, level, deal status …) for the charts.
#[tauri::command]
pub async fn lead_stats(state: tauri::State<'_, AppState>) -> Result<LeadStats, CommandError> {
    let path = workspace_path(&state)?;
    tauri::async_runtime::spawn_blocking(move || {
        let ws = Workspace::open(&path)?;
        Ok(stats(ws.conn())?)
    })
    .await
    .map_err(|e| crashed(&e))?
}
