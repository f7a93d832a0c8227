//! Signing keys: loaded from configured PEM files, or generated once into the data dir.
//! There is never a built-in key: every deployment signs with its own.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{SigningKey, VerifyingKey};
use jsonwebtoken::{DecodingKey, EncodingKey};

/// File name of the generated private key inside the data dir.
pub const GENERATED_KEY_FILE: &str = "mineright.key";

/// Why the keys could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// A configured or generated key file could not be read.
    #[error("cannot read key file {path}: {source}")]
    Read {
        /// The key file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The generated key could not be written to the data dir (e.g. it already exists).
    #[error("cannot write key file {path}: {source}")]
    Write {
        /// The key file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file holds no Ed25519 key in PEM (PKCS#8 private or SPKI public).
    #[error("key file {path} is not an Ed25519 PEM key: {reason}")]
    Format { path: PathBuf, reason: String },
    /// The operating system's random source failed while generating a key.
    #[error("cannot generate a key: {0}")]
    Random(String),
}

/// Where keys come from (`MINERIGHT_JWT_PRIVATE_KEY_FILE`, `…_PUBLIC_KEY_FILE`, data dir).
#[derive(Debug, Clone)]
pub struct KeySource {
    /// `MINERIGHT_JWT_PRIVATE_KEY_FILE` (Ed25519 PKCS#8 PEM); when set, this instance mints.
    pub private_key_file: Option<PathBuf>,
    /// `MINERIGHT_JWT_PUBLIC_KEY_FILE` (PEM); alone, tokens are verified but not minted.
    pub public_key_file: Option<PathBuf>,
    /// `MINERIGHT_DATA_DIR`: holds `mineright.key` (mode 0600) when no key file is set.
    pub data_dir: PathBuf,
}

/// The verification key, and the signing key when this instance may mint.
pub struct KeyPair {
    /// Signing key; `None` when only a public key is configured (this instance cannot mint).
    pub encoding: Option<EncodingKey>,
    /// Verification key for every incoming token (EdDSA only).
    pub decoding: DecodingKey,
    /// The verification key as SPKI PEM, for verifiers elsewhere (`mineright public-key`).
    pub public_pem: String,
}

impl KeyPair {
    /// Loads the configured keys. A public key alone verifies tokens from an external
    /// identity provider; with no files configured, the data dir's key is used or created.
    pub fn load(source: &KeySource) -> Result<Self, KeyError> {
        match (&source.private_key_file, &source.public_key_file) {
            (Some(private), public) => {
                let signing = read_signing_key(private)?;
                let (decoding, public_pem) = match public {
                    Some(public) => verification_from_file(public)?,
                    None => verification_from_signing(&signing, private)?,
                };
                Ok(Self {
                    encoding: Some(encoding_from_signing(&signing, private)?),
                    decoding,
                    public_pem,
                })
            }
            (None, Some(public)) => {
                let (decoding, public_pem) = verification_from_file(public)?;
                Ok(Self {
                    encoding: None,
                    decoding,
                    public_pem,
                })
            }
            (None, None) => {
                let path = source.data_dir.join(GENERATED_KEY_FILE);
                let signing = if path.exists() {
                    read_signing_key(&path)?
                } else {
                    generate(&path)?
                };
                let (decoding, public_pem) = verification_from_signing(&signing, &path)?;
                Ok(Self {
                    encoding: Some(encoding_from_signing(&signing, &path)?),
                    decoding,
                    public_pem,
                })
            }
        }
    }
}

fn read(path: &Path) -> Result<String, KeyError> {
    std::fs::read_to_string(path).map_err(|source| KeyError::Read {
        path: path.to_owned(),
        source,
    })
}

fn format_error(path: &Path, reason: impl std::fmt::Display) -> KeyError {
    KeyError::Format {
        path: path.to_owned(),
        reason: reason.to_string(),
    }
}

fn read_signing_key(path: &Path) -> Result<SigningKey, KeyError> {
    SigningKey::from_pkcs8_pem(&read(path)?).map_err(|err| format_error(path, err))
}

fn encoding_from_signing(signing: &SigningKey, path: &Path) -> Result<EncodingKey, KeyError> {
    let pem = signing
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|err| format_error(path, err))?;
    EncodingKey::from_ed_pem(pem.as_bytes()).map_err(|err| format_error(path, err))
}

/// The verification key of `verifying` and its SPKI PEM.
fn verification(verifying: &VerifyingKey, path: &Path) -> Result<(DecodingKey, String), KeyError> {
    let pem = verifying
        .to_public_key_pem(LineEnding::LF)
        .map_err(|err| format_error(path, err))?;
    let decoding =
        DecodingKey::from_ed_pem(pem.as_bytes()).map_err(|err| format_error(path, err))?;
    Ok((decoding, pem))
}

fn verification_from_signing(
    signing: &SigningKey,
    path: &Path,
) -> Result<(DecodingKey, String), KeyError> {
    verification(&signing.verifying_key(), path)
}

fn verification_from_file(path: &Path) -> Result<(DecodingKey, String), KeyError> {
    let verifying =
        VerifyingKey::from_public_key_pem(&read(path)?).map_err(|err| format_error(path, err))?;
    verification(&verifying, path)
}

/// Creates a fresh key file readable by the owner only. `create_new` makes a concurrent
/// second start fail rather than overwrite the first key.
fn generate(path: &Path) -> Result<SigningKey, KeyError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|err| KeyError::Random(err.to_string()))?;
    let signing = SigningKey::from_bytes(&seed);
    // PKCS#8 v1 (the private key alone): OpenSSL 3.0 and Python's `cryptography` refuse the
    // v2 form that carries the public key too.
    let pem = ed25519_dalek::ed25519::pkcs8::KeypairBytes {
        secret_key: seed,
        public_key: None,
    }
    .to_pkcs8_pem(LineEnding::LF)
    .map_err(|err| format_error(path, err))?;
    let write_error = |source| KeyError::Write {
        path: path.to_owned(),
        source,
    };
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(write_error)?;
    file.write_all(pem.as_bytes()).map_err(write_error)?;
    file.sync_all().map_err(write_error)?;
    tracing::info!(path = %path.display(), "generated a new Ed25519 signing key");
    Ok(signing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_key_is_private_and_reused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = KeySource {
            private_key_file: None,
            public_key_file: None,
            data_dir: dir.path().into(),
        };
        KeyPair::load(&source).expect("generate");
        let path = dir.path().join(GENERATED_KEY_FILE);
        let first = std::fs::read_to_string(&path).expect("key written");
        assert!(first.starts_with("-----BEGIN PRIVATE KEY-----"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        KeyPair::load(&source).expect("reload");
        assert_eq!(std::fs::read_to_string(&path).expect("key kept"), first);
    }

    #[test]
    fn a_generated_key_is_pkcs8_v1_which_openssl_3_reads() {
        use base64::Engine;
        let dir = tempfile::tempdir().expect("tempdir");
        let source = KeySource {
            private_key_file: None,
            public_key_file: None,
            data_dir: dir.path().into(),
        };
        let keys = KeyPair::load(&source).expect("generate");
        let pem = std::fs::read_to_string(dir.path().join(GENERATED_KEY_FILE)).expect("key");
        let body: String = pem
            .lines()
            .filter(|line| !line.starts_with("-----"))
            .collect();
        let der = base64::engine::general_purpose::STANDARD
            .decode(body)
            .expect("base64");
        // SEQUENCE of 46 bytes, version INTEGER 0 (v1), no public key: 48 bytes in all.
        assert_eq!(der.len(), 48);
        assert_eq!(&der[..5], &[0x30, 0x2e, 0x02, 0x01, 0x00]);
        // The public key printed for verifiers matches the key that signs.
        let signing = SigningKey::from_pkcs8_pem(&pem).expect("reads back");
        assert_eq!(
            keys.public_pem,
            signing
                .verifying_key()
                .to_public_key_pem(LineEnding::LF)
                .expect("pem")
        );
    }

    #[test]
    fn a_public_key_alone_cannot_mint() {
        let dir = tempfile::tempdir().expect("tempdir");
        let signing = SigningKey::from_bytes(&[7u8; 32]);
        let public = dir.path().join("pub.pem");
        let pem = signing
            .verifying_key()
            .to_public_key_pem(LineEnding::LF)
            .expect("pem");
        std::fs::write(&public, pem).expect("write");
        let source = KeySource {
            private_key_file: None,
            public_key_file: Some(public),
            data_dir: dir.path().into(),
        };
        assert!(KeyPair::load(&source).expect("load").encoding.is_none());
    }

    #[test]
    fn a_garbage_key_file_is_a_format_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let private = dir.path().join("bad.pem");
        std::fs::write(&private, "not a key").expect("write");
        let source = KeySource {
            private_key_file: Some(private),
            public_key_file: None,
            data_dir: dir.path().into(),
        };
        assert!(matches!(
            KeyPair::load(&source),
            Err(KeyError::Format { .. })
        ));
    }
}
