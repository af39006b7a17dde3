//! The desktop app's entry point: everything is in the library (`scenario_studio_app::run`).

// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    software_rendering_without_compositing();
    scenario_studio_app::run()
}

/// Without a GPU (no DRI render node: a virtual machine, a remote desktop, Xvfb), WebKitGTK's
/// compositing runs on a software OpenGL and costs more than it saves: measured under Xvfb, the
/// window reached the screen 3.2–3.3 s after start with it and 1.2–1.3 s without, and the
/// end-to-end suite ran in 213 s instead of 264 s. So it is turned off there, unless the user set
/// `WEBKIT_DISABLE_COMPOSITING_MODE` either way; with a GPU nothing changes.
fn software_rendering_without_compositing() {
    #[cfg(target_os = "linux")]
    {
        const SETTING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
        let gpu = std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        });
        if !gpu && std::env::var_os(SETTING).is_none() {
            // SAFETY: the process has one thread yet (nothing has started another before
            // `main` calls this), so no other thread reads the environment meanwhile.
            unsafe { std::env::set_var(SETTING, "1") };
        }
    }
}
