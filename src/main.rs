//! The `mineright` binary: a shim over [`mineright::cli::run`].

#[tokio::main]
async fn main() -> std::process::ExitCode {
    mineright::cli::run().await
}
