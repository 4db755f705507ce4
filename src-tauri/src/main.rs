// Prevents an additional console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// The allocator of the desktop app: reading a month's ledgers makes many small allocations on
/// several threads, which mimalloc serves without glibc's per-thread arenas handing pages back
/// to the kernel and faulting them in again (about a fifth of the import's time in
/// `cargo bench --bench ledger_import`). Set here, not in the library, so the library leaves
/// the choice to the program.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    taizhang_desktop::run()
}
