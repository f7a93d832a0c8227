//! The `mineright` binary: a shim over [`mineright::cli::run`], on mimalloc (under load,
//! glibc's allocator took a quarter of a request's CPU).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    mineright::cli::run().await
}
