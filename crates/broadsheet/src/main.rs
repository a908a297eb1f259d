//! The `broadsheet` binary: everything lives in the library; this only hands over.

/// mimalloc instead of the system allocator: under load glibc's malloc spent a tenth of a
/// cached page's CPU time consolidating free lists (see docs/decisions/0013).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    broadsheet::cli::main()
}
