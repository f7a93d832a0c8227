//! Minting and verifying EdDSA JWTs. Verification pins the algorithm, requires `exp`, `iss`,
//! `aud`, `sub` (and our `jti`), checks `nbf`, allows 30 s of clock skew, and refuses unknown
//! roles or roles missing their scope claim (RFC 8725).

use std::time::Duration;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Header, Validation, decode, encode, get_current_timestamp};
use serde::{Deserialize, Serialize};

use super::KeyPair;
use super::verified::{Known, VerifiedTokens};
use crate::domain::access::{Caller, Role};
use crate::domain::mine::division_code;

/// Clock skew tolerated on `exp` and `nbf`.
pub const LEEWAY_SECONDS: u64 = 30;

/// Why a token was refused or could not be minted. The text goes to logs and the CLI's
/// stderr, never to an HTTP client.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// Bad signature or algorithm, expired, wrong issuer or audience, or bad role claims
    /// (HTTP 401 `UNAUTHENTICATED`).
    #[error("token rejected: {0}")]
    Invalid(String),
    /// The token's lifetime is over (with the leeway).
    #[error("token rejected: expired")]
    Expired,
    /// The signature does not verify with this deployment's key.
    #[error("token rejected: not signed by this deployment's key")]
    OtherKey,
    /// Only a public key is configured, so nothing can be signed.
    #[error("this instance has only a public key and cannot mint tokens")]
    NoSigningKey,
    /// The request cannot become a valid token (TTL over the maximum, missing scope claim…).
    #[error("{0}")]
    BadRequest(String),
}

/// The claims this server writes.
#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    county: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    department: Option<String>,
    #[serde(default)]
    jti: Option<String>,
    #[serde(default, skip_deserializing)]
    iat: i64,
    /// Read back on verification for the verified-token cache (jsonwebtoken has checked it
    /// is present and a number).
    #[serde(default)]
    exp: i64,
    #[serde(default, skip_deserializing)]
    iss: String,
    #[serde(default, skip_deserializing)]
    aud: String,
}

/// What a new token should say.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    /// The `role` claim.
    pub role: Role,
    /// The `sub` claim: who the token stands for, as recorded in the audit trail.
    pub sub: String,
    /// Six-digit city division code; `None` while the deployment holds one city.
    pub city: Option<String>,
    /// Six-digit county division code; required for `COUNTY_OFFICIAL`.
    pub county: Option<String>,
    /// Department code (`FORESTRY`, …); required for `DEPARTMENT_REVIEWER`.
    pub department: Option<String>,
    /// Lifetime from now until `exp`; at most the issuer's maximum (default 30 days).
    pub ttl: Duration,
}

/// Signs and checks tokens for one issuer and audience.
pub struct TokenIssuer {
    pub(super) keys: KeyPair,
    pub(super) issuer: String,
    audience: String,
    max_ttl: Duration,
    validation: Validation,
    verified: VerifiedTokens,
}

impl TokenIssuer {
    /// Builds an issuer; `max_ttl` caps what `mint` accepts.
    pub fn new(keys: KeyPair, issuer: &str, audience: &str, max_ttl: Duration) -> Self {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECONDS;
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        Self {
            keys,
            issuer: issuer.into(),
            audience: audience.into(),
            max_ttl,
            validation,
            verified: VerifiedTokens::default(),
        }
    }

    /// Signs a token for `request`; returns the token and its `jti`.
    pub fn mint(&self, request: &TokenRequest) -> Result<(String, String), TokenError> {
        let key = self
            .keys
            .encoding
            .as_ref()
            .ok_or(TokenError::NoSigningKey)?;
        if request.ttl > self.max_ttl {
            return Err(TokenError::BadRequest(format!(
                "--ttl exceeds the maximum of {} seconds",
                self.max_ttl.as_secs()
            )));
        }
        let jti = uuid::Uuid::new_v4().to_string();
        let claims = Claims {
            sub: request.sub.clone(),
            role: request.role.code().into(),
            city: request.city.clone(),
            county: request.county.clone(),
            department: request.department.clone(),
            jti: Some(jti.clone()),
            iat: chrono::Utc::now().timestamp(),
            exp: chrono::Utc::now().timestamp() + request.ttl.as_secs() as i64,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
        };
        // Refuse to mint what verification would refuse.
        caller_from_claims(&claims).map_err(TokenError::BadRequest)?;
        let token = encode(&Header::new(Algorithm::EdDSA), &claims, key)
            .map_err(|err| TokenError::BadRequest(err.to_string()))?;
        Ok((token, jti))
    }

    /// Verifies signature and claims and returns the caller they describe; a token verified
    /// before is answered from memory, its expiry checked again.
    pub fn verify(&self, token: &str) -> Result<Caller, TokenError> {
        self.verify_at(token, get_current_timestamp())
    }

    /// [`Self::verify`] at `now` (seconds since the epoch) for a token verified before;
    /// a new token is decoded against the system clock, as jsonwebtoken does.
    fn verify_at(&self, token: &str, now: u64) -> Result<Caller, TokenError> {
        match self.verified.known(token, now, LEEWAY_SECONDS) {
            Known::Valid(caller) => return Ok(caller),
            Known::Expired => return Err(TokenError::Expired),
            Known::Unknown => {}
        }
        let data = decode::<Claims>(token, &self.keys.decoding, &self.validation).map_err(
            |err| match err.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                ErrorKind::InvalidSignature => TokenError::OtherKey,
                _ => TokenError::Invalid(err.to_string()),
            },
        )?;
        let caller = caller_from_claims(&data.claims).map_err(TokenError::Invalid)?;
        let expires = u64::try_from(data.claims.exp).unwrap_or(0);
        self.verified.keep(token, caller.clone(), expires, now);
        Ok(caller)
    }
}

/// Applies the role rules: a known role, its scope claim present, codes well-formed.
fn caller_from_claims(claims: &Claims) -> Result<Caller, String> {
    let role =
        Role::parse(&claims.role).ok_or_else(|| format!("unknown role {:?}", claims.role))?;
    let code = |value: &Option<String>, field: &str| -> Result<Option<String>, String> {
        value
            .as_deref()
            .map(|v| {
                division_code(v, field)
                    .map_err(|_| format!("{field} must be a 6-digit division code"))
            })
            .transpose()
    };
    let city = code(&claims.city, "city")?;
    let county = code(&claims.county, "county")?;
    let department = claims.department.clone().filter(|d| !d.trim().is_empty());
    if role == Role::CountyOfficial && county.is_none() {
        return Err("COUNTY_OFFICIAL requires a county claim".into());
    }
    if role == Role::DepartmentReviewer && department.is_none() {
        return Err("DEPARTMENT_REVIEWER requires a department claim".into());
    }
    let jti = claims
        .jti
        .clone()
        .filter(|j| !j.is_empty())
        .ok_or("missing jti")?;
    if claims.sub.trim().is_empty() {
        return Err("empty sub".into());
    }
    Ok(Caller {
        sub: claims.sub.clone(),
        role,
        city,
        county,
        department,
        jti,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::keys::KeySource;

    fn issuer() -> (TokenIssuer, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = KeySource {
            private_key_file: None,
            public_key_file: None,
            data_dir: dir.path().into(),
        };
        let keys = KeyPair::load(&source).expect("keys");
        (
            TokenIssuer::new(
                keys,
                "mineright",
                "mineright",
                Duration::from_secs(30 * 86_400),
            ),
            dir,
        )
    }

    fn request(role: Role) -> TokenRequest {
        TokenRequest {
            role,
            sub: "official-1".into(),
            city: Some("140500".into()),
            county: Some("140525".into()),
            department: Some("FORESTRY".into()),
            ttl: Duration::from_secs(3_600),
        }
    }

    #[test]
    fn a_minted_token_verifies_to_its_caller() {
        let (issuer, _dir) = issuer();
        let (token, jti) = issuer.mint(&request(Role::CountyOfficial)).expect("mint");
        let caller = issuer.verify(&token).expect("verify");
        assert_eq!(caller.role, Role::CountyOfficial);
        assert_eq!(caller.county.as_deref(), Some("140525"));
        assert_eq!(caller.jti, jti);
    }

    #[test]
    fn a_county_official_without_county_cannot_be_minted() {
        let (issuer, _dir) = issuer();
        let mut req = request(Role::CountyOfficial);
        req.county = None;
        assert!(matches!(issuer.mint(&req), Err(TokenError::BadRequest(_))));
    }

    #[test]
    fn a_ttl_over_the_maximum_is_refused() {
        let (issuer, _dir) = issuer();
        let mut req = request(Role::Auditor);
        req.ttl = Duration::from_secs(31 * 86_400);
        assert!(matches!(issuer.mint(&req), Err(TokenError::BadRequest(_))));
    }

    #[test]
    fn a_verified_token_is_remembered_but_refused_once_expired() {
        let (issuer, _dir) = issuer();
        let (token, jti) = issuer.mint(&request(Role::Auditor)).expect("mint");
        let now = get_current_timestamp();
        assert_eq!(issuer.verify_at(&token, now).expect("verified").jti, jti);
        assert_eq!(issuer.verify_at(&token, now).expect("remembered").jti, jti);
        let after = now + 3_600 + LEEWAY_SECONDS + 1;
        assert!(
            matches!(issuer.verify_at(&token, after), Err(TokenError::Expired)),
            "an hour-long token is refused after its hour, even from memory"
        );
    }

    #[test]
    fn a_tampered_copy_of_a_remembered_token_is_still_verified_and_refused() {
        let (issuer, _dir) = issuer();
        let (token, _) = issuer.mint(&request(Role::Auditor)).expect("mint");
        issuer.verify(&token).expect("verified and remembered");
        // One character in the middle of the signature (the last one carries padding bits).
        let at = token.len() - 20;
        let swapped = if &token[at..=at] == "A" { "B" } else { "A" };
        let tampered = format!("{}{swapped}{}", &token[..at], &token[at + 1..]);
        assert_ne!(tampered, token);
        assert!(issuer.verify(&tampered).is_err());
    }

    #[test]
    fn a_token_from_another_key_is_refused() {
        let (first, _a) = issuer();
        let (second, _b) = issuer();
        let (token, _) = first.mint(&request(Role::Auditor)).expect("mint");
        assert!(second.verify(&token).is_err());
    }
}
