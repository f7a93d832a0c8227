//! Audit checkpoints signed with the deployment's key: a second party keeping them can
//! show they came from this deployment, and nobody without the key can make one up.
//! They are JWS (EdDSA) over the checkpoint, with an audience of their own so that a
//! checkpoint is never taken for a token, nor a token for a checkpoint.

use jsonwebtoken::{Algorithm, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

use super::{TokenError, TokenIssuer};
use crate::domain::audit_chain::Checkpoint;

/// The `aud` of every checkpoint.
pub const CHECKPOINT_AUDIENCE: &str = "mineright-audit-checkpoint";

#[derive(Serialize, Deserialize)]
struct Claims {
    iss: String,
    aud: String,
    #[serde(flatten)]
    checkpoint: Checkpoint,
}

impl TokenIssuer {
    /// `checkpoint` signed with the deployment's key.
    pub fn sign_checkpoint(&self, checkpoint: &Checkpoint) -> Result<String, TokenError> {
        let key = self
            .keys
            .encoding
            .as_ref()
            .ok_or(TokenError::NoSigningKey)?;
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: CHECKPOINT_AUDIENCE.into(),
            checkpoint: checkpoint.clone(),
        };
        encode(&Header::new(Algorithm::EdDSA), &claims, key)
            .map_err(|err| TokenError::Invalid(err.to_string()))
    }

    /// The checkpoint `signed` holds, when this deployment's key signed it.
    pub fn open_checkpoint(&self, signed: &str) -> Result<Checkpoint, TokenError> {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_required_spec_claims(&["iss", "aud"]);
        validation.validate_exp = false;
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[CHECKPOINT_AUDIENCE]);
        decode::<Claims>(signed, &self.keys.decoding, &validation)
            .map(|data| data.claims.checkpoint)
            .map_err(|err| match err.kind() {
                jsonwebtoken::errors::ErrorKind::InvalidSignature => TokenError::OtherKey,
                _ => TokenError::Invalid(err.to_string()),
            })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::auth::KeyPair;
    use crate::auth::keys::KeySource;

    fn issuer(dir: &std::path::Path) -> TokenIssuer {
        let source = KeySource {
            private_key_file: None,
            public_key_file: None,
            data_dir: dir.to_path_buf(),
        };
        let keys = KeyPair::load(&source).expect("keys");
        TokenIssuer::new(keys, "mineright", "mineright", Duration::from_secs(60))
    }

    #[test]
    fn a_checkpoint_opens_with_its_key_only_and_is_not_a_token() {
        let (one, other) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (ours, theirs) = (issuer(one.path()), issuer(other.path()));
        let checkpoint = Checkpoint {
            seq: 7,
            hash: "ab".repeat(32),
            at: "2026-12-06T04:00:00Z".into(),
        };
        let signed = ours.sign_checkpoint(&checkpoint).expect("signed");
        assert_eq!(ours.open_checkpoint(&signed).ok(), Some(checkpoint.clone()));
        assert!(matches!(
            theirs.open_checkpoint(&signed),
            Err(TokenError::OtherKey)
        ));
        // Neither is taken for the other.
        assert!(ours.verify(&signed).is_err());
        let mut forged = signed.clone();
        forged.replace_range(forged.len() - 4.., "AAAA");
        assert!(ours.open_checkpoint(&forged).is_err());
    }
}
