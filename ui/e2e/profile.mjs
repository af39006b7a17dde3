// The profile of the app under test: a throwaway one for each test file, and the user's own, which
// a test run must leave as it was. No side effects on import (the runner uses it too).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The app's bundle identifier: the name of its folders in a profile. */
export const identifier = JSON.parse(fs.readFileSync(path.join(repo, "src-tauri/tauri.conf.json"), "utf8")).identifier;

/** A throwaway HOME with its XDG folders, removed by `remove()`. */
export function makeProfile(label) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `studio-e2e-${label}-`));
  const dirs = {};
  for (const name of ["home", "data", "config", "cache", "runtime", "tmp", "work", "exports"]) {
    dirs[name] = path.join(root, name);
    fs.mkdirSync(dirs[name], { mode: 0o700 });
  }
  return {
    root,
    ...dirs,
    env: {
      HOME: dirs.home,
      XDG_DATA_HOME: dirs.data,
      XDG_CONFIG_HOME: dirs.config,
      XDG_CACHE_HOME: dirs.cache,
      XDG_RUNTIME_DIR: dirs.runtime,
      // What the app or WebKit put in a temporary folder goes with the profile.
      TMPDIR: dirs.tmp,
      // Exports go into this folder without a save dialog (the app's automation setting): the
      // native dialog cannot be driven.
      SCENARIO_STUDIO_EXPORT_DIR: dirs.exports,
    },
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** The folders of a profile in which the app (or WebKit on its behalf) may keep anything. */
export function appFolders(env) {
  const home = env.HOME ?? os.homedir();
  const bases = [
    env.XDG_DATA_HOME || path.join(home, ".local/share"),
    env.XDG_CONFIG_HOME || path.join(home, ".config"),
    env.XDG_CACHE_HOME || path.join(home, ".cache"),
    path.join(home, ".local/state"),
  ];
  return bases.flatMap((base) => [identifier, "scenario-studio-app", "scenario-studio"].map((name) => path.join(base, name)));
}

/** Every file below `folders` with its size and modification time: compared before and after. */
export function snapshot(folders) {
  const lines = [];
  const walk = (p) => {
    let st;
    try {
      st = fs.lstatSync(p);
    } catch {
      return;
    }
    lines.push(`${p}\t${st.isDirectory() ? "dir" : st.size}\t${st.mtimeMs}`);
    if (st.isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
  };
  for (const f of folders) walk(f);
  return lines;
}

