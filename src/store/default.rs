//! The workspace used when none is named: one file in the app's data folder, which the desktop app
//! opens on its first start (creating it) and the CLI reads when `-w` is left out.
//!
//! The data folder is the operating system's per-user data directory joined with the app's
//! identifier (`~/.local/share/jp.scenario-studio.desktop` on Linux): the app asks Tauri's path API for
//! it, the CLI the `dirs` crate, and both give the same folder. This module only names the file in
//! it, so that the two agree on which file that is.

use std::path::{Path, PathBuf};

use super::{StoreError, Workspace};
use crate::localized::Lang;

/// The app's identifier, as `src-tauri/tauri.conf.json` states it (a test checks they agree): the
/// name of its data folder.
pub const APP_IDENTIFIER: &str = "jp.scenario-studio.desktop";

/// The default workspace's file name in each language, Japanese first.
const NAMES: [(Lang, &str); 2] = [
    (Lang::Ja, "マイワークスペース.scenario-ws"),
    (Lang::En, "My workspace.scenario-ws"),
];

/// The default workspace in `data_dir`: the one already there, under either language's name
/// (Japanese first, so switching the UI language never starts a second one), else the file to
/// create, named in `lang`.
pub fn path_in(data_dir: &Path, lang: Lang) -> PathBuf {
    NAMES
        .iter()
        .map(|(_, name)| data_dir.join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| {
            let name = NAMES
                .iter()
                .find(|(l, _)| *l == lang)
                .map_or(NAMES[0].1, |(_, n)| n);
            data_dir.join(name)
        })
}

/// Opens the default workspace in `data_dir`, creating the folder and the workspace when they do
/// not exist yet. A failure names the default workspace's file (`StoreError::Default`).
pub fn open_in(data_dir: &Path, lang: Lang) -> Result<Workspace, StoreError> {
    let path = path_in(data_dir, lang);
    let opened = if path.exists() {
        Workspace::open(&path)
    } else {
        let made = if data_dir.exists() && !data_dir.is_dir() {
            // `create_dir_all` would only say "File exists".
            Err(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "a file stands where the folder should be",
            ))
        } else {
            std::fs::create_dir_all(data_dir)
        };
        made.map_err(|source| StoreError::Io {
            path: data_dir.to_owned(),
            source,
        })
        .and_then(|()| Workspace::create(&path))
    };
    opened.map_err(|source| StoreError::Default {
        path,
        source: Box::new(source),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_in_the_language_and_found_under_either_name() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        assert_eq!(
            path_in(&data, Lang::En),
            data.join("My workspace.scenario-ws")
        );
        let ws = open_in(&data, Lang::En).unwrap();
        assert_eq!(ws.path(), data.join("My workspace.scenario-ws"));
        drop(ws);
        // Switching to Japanese finds the English one rather than starting a second workspace.
        assert_eq!(
            path_in(&data, Lang::Ja),
            data.join("My workspace.scenario-ws")
        );
        let fresh = dir.path().join("other");
        assert_eq!(
            open_in(&fresh, Lang::Ja).unwrap().path(),
            fresh.join("マイワークスペース.scenario-ws")
        );
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        std::fs::write(&file, b"x").unwrap();
        let err = open_in(&file.join("data"), Lang::Ja).unwrap_err();
        let StoreError::Default { source, .. } = &err else {
            panic!("{err:?}")
        };
        assert!(
            matches!(**source, StoreError::Io { ref path, .. } if path.ends_with("data")),
            "{err:?}"
        );
        let said = err.localized();
        assert!(said.ja.starts_with("既定のワークスペース "), "{}", said.ja);
        assert!(
            said.en.ends_with("open or create another workspace"),
            "{}",
            said.en
        );
    }

    /// Another process writing to the default workspace (an import holding its write lock) does
    /// not keep the app from opening it: reads go on (WAL), and a write of its own would wait and
    /// then say the workspace is busy.
    #[test]
    fn opens_while_another_process_writes() {
        let dir = tempfile::tempdir().unwrap();
        drop(open_in(dir.path(), Lang::Ja).unwrap());
        let other = rusqlite::Connection::open(path_in(dir.path(), Lang::Ja)).unwrap();
        other.execute_batch("BEGIN EXCLUSIVE").unwrap();
        let ws = open_in(dir.path(), Lang::Ja).unwrap();
        let leads: i64 = ws
            .conn()
            .query_row("SELECT count(*) FROM leads", [], |r| r.get(0))
            .unwrap();
        assert_eq!(leads, 0);
        other.execute_batch("ROLLBACK").unwrap();
    }
}
