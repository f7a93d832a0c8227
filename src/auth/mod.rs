//! Identity: Ed25519 keys, token minting for the CLI, and token verification.
//!
//! Verification here checks the signature and claims; whether a token id was revoked is a
//! database question answered by `service::tokens`.

pub mod checkpoints;
pub mod keys;
pub mod tokens;
pub mod ttl;
pub mod verified;

pub use keys::{KeyError, KeyPair};
pub use tokens::{TokenError, TokenIssuer, TokenRequest};
