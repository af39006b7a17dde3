//! `scenario templates` and `scenario new`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use scenario_studio::model::ids::{ScenarioId, scenario_id_problem};
use scenario_studio::templates::{TEMPLATES, template};
use scenario_studio::{Lang, Localized, format};
use serde::Serialize;

#[derive(Serialize)]
struct TemplateInfo<'a> {
    key: &'a str,
    name: String,
    purpose: Localized,
    description: String,
    nodes: usize,
}

pub fn list(json: bool, lang: Lang) -> anyhow::Result<ExitCode> {
    let mut infos = Vec::new();
    for t in TEMPLATES {
        let s = t
            .scenario()
            .map_err(|e| anyhow::anyhow!("template {}: {e}", t.key))?;
        infos.push(TemplateInfo {
            key: t.key,
            name: s.name,
            purpose: t.purpose(),
            description: s.description,
            nodes: s.nodes.len(),
        });
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&infos)?);
        return Ok(ExitCode::SUCCESS);
    }
    let key_width = infos.iter().map(|i| i.key.len()).max().unwrap_or(0);
    for i in &infos {
        let nodes = match lang {
            Lang::Ja => format!("{}ノード", i.nodes),
            Lang::En => format!("{} nodes", i.nodes),
        };
        println!("{:key_width$}  {}（{nodes}）", i.key, i.name);
        println!("{:key_width$}  {}", "", i.purpose.get(lang));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn new(
    key: &str,
    output: Option<&Path>,
    id: Option<String>,
    name: Option<String>,
    force: bool,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let Some(t) = template(key) else {
        let keys = TEMPLATES
            .iter()
            .map(|t| t.key)
            .collect::<Vec<_>>()
            .join(", ");
        let message = Localized::new(
            format!("テンプレート「{key}」はありません。使えるのは {keys} です"),
            format!("there is no template \"{key}\"; choose one of {keys}"),
        );
        bail!("{}", message.get(lang));
    };
    let mut scenario = t
        .scenario()
        .map_err(|e| anyhow::anyhow!("template {key}: {e}"))?;
    if let Some(id) = id {
        if let Some(problem) = scenario_id_problem(&id) {
            bail!("{}", problem.get(lang));
        }
        scenario.id = ScenarioId(id);
    }
    if let Some(name) = name {
        scenario.name = name;
    }
    super::write_output(output, format::to_json(&scenario).as_bytes(), force, lang)?;
    if let Some(path) = output {
        let message = Localized::new(
            format!(
                "テンプレート「{}」から {} を作成しました",
                t.key,
                path.display()
            ),
            format!("created {} from template \"{}\"", path.display(), t.key),
        );
        eprintln!("{}", message.get(lang));
    }
    Ok(ExitCode::SUCCESS)
}
