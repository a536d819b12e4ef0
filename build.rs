//! Build script: links the `kensaku` binary as a position-dependent executable on Linux.
//!
//! A search is one short process, and a position-independent executable first has the dynamic
//! loader apply its ≈ 41,000 relative relocations (vtables, string tables of the dependencies),
//! copying every page they touch: ≈ 1 ms of a 3–5 ms search (BENCHMARKS.md, "Process start").
//! Linked with `-no-pie`, the linker resolves them once. The code stays position-independent;
//! only the executable's load address is fixed (no address randomisation for the executable
//! itself; libraries, stack and heap are still randomised). Set `KENSAKU_PIE=1` when building
//! to keep the default position-independent executable.

use std::env;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=KENSAKU_PIE");
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_env = env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let keep_pie = env::var_os("KENSAKU_PIE").is_some_and(|v| !v.is_empty() && v != "0");
    if os == "linux" && target_env == "gnu" && !keep_pie {
        println!("cargo:rustc-link-arg-bin=kensaku=-no-pie");
    }
}
