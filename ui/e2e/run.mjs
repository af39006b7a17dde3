// Runs the end-to-end tests of the real desktop app: every `tests/*.e2e.mjs` file in a node process
// of its own, each with its own display, throwaway profile, tauri-driver, app and workspace (see
// harness.mjs), one after another. A failing file does not stop the others. Afterwards it checks
// that the user's own profile is as it was before the run. Run by scripts/e2e.sh:
//
//   node ui/e2e/run.mjs [APP_BINARY] [FILE_FILTER]
//
// E2E_DIR=package runs the files of `package/` instead of `tests/` (the installed package's test,
// scripts/package-test.sh).
// With SCREENSHOTS=DIR the tests also save the screens they visit into DIR (docs/screenshots holds
// the committed ones). Failure screenshots and the driver's and app's log go to target/e2e/<file>/.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { appFolders, identifier, snapshot } from "./profile.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const application = path.resolve(process.argv[2] ?? path.join(repo, "target/debug/scenario-studio"));
const filter = process.argv[3] ?? "";
const testsDir = path.join(here, process.env.E2E_DIR ?? "tests");
const files = fs
  .readdirSync(testsDir)
  .filter((f) => f.endsWith(".e2e.mjs") && f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`no end-to-end test file matches "${filter}"`);
  process.exit(1);
}

// The user's own profile: the folders the app (and WebKit for it) would write to, and the temporary
// folders the tests make, which must all be gone afterwards.
const userFolders = appFolders(process.env);
const before = snapshot(userFolders);
// The test files make their profiles in a temporary folder of this run's own (their TMPDIR), so
// that what they leave is told apart from another run's.
const runTmp = fs.mkdtempSync(path.join(os.tmpdir(), "studio-e2e-run-"));

let passed = 0;
let failed = 0;
const failedFiles = [];
const started = Date.now();
for (const file of files) {
  const label = file.replace(/\.e2e\.mjs$/, "");
  console.log(`\n--- ${label}`);
  const t0 = Date.now();
  const resultsFile = path.join(repo, "target/e2e", label, "results.json");
  fs.rmSync(resultsFile, { force: true });
  const child = spawn(process.execPath, [path.join(testsDir, file)], {
    stdio: "inherit",
    env: { ...process.env, E2E_APPLICATION: application, TMPDIR: runTmp },
  });
  const code = await new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal)));
  let results = [];
  try {
    results = JSON.parse(fs.readFileSync(resultsFile, "utf8")).results;
  } catch {
    results = [{ name: `${label}: the file ended (${code}) before reporting its results`, ok: false }];
    console.log(`FAIL ${results[0].name}`);
  }
  const bad = results.filter((r) => !r.ok).length;
  passed += results.length - bad;
  failed += bad;
  if (bad > 0 || code !== 0) failedFiles.push(label);
  if (bad === 0 && code !== 0) {
    failed += 1;
    console.log(`FAIL ${label}: exited with ${code} though every test passed`);
  }
  console.log(`    ${label}: ${results.length - bad} passed, ${bad} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

// Nothing of the run may be left in the user's profile or in the temporary folder.
const after = snapshot(userFolders);
const changed = [...new Set([...before, ...after])].filter((line) => !before.includes(line) || !after.includes(line));
const leftInTmp = fs.readdirSync(runTmp);
fs.rmSync(runTmp, { recursive: true, force: true });
if (changed.length > 0) {
  failed += 1;
  console.log(`FAIL the run changed the user's own profile (${identifier}):\n  ${changed.join("\n  ")}`);
} else {
  passed += 1;
  console.log(`ok   the user's own profile is unchanged (${userFolders.length} folders checked)`);
}
if (leftInTmp.length > 0) {
  failed += 1;
  console.log(`FAIL the run left temporary profiles behind: ${leftInTmp.join(", ")}`);
}

console.log(`\nend-to-end tests took ${((Date.now() - started) / 1000).toFixed(1)} s${failedFiles.length ? `; failed in: ${failedFiles.join(", ")}` : ""}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
