//! The desktop app's entry point: everything is in the library (`scenario_studio_app::run`).

// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    scenario_studio_app::run()
}
