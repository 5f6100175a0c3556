//! Time-based one-time passwords (RFC 6238: SHA-1, six digits, 30-second steps). A code is
//! accepted for the current step and the one before, and only for a step later than the last
//! one accepted, so that each code works once.

use totp_rs::{Algorithm, Secret, TOTP};

pub const STEP_SECS: i64 = 30;
const ISSUER: &str = "Tandem";

fn totp(secret: Vec<u8>, account: &str) -> TOTP {
    TOTP::new_unchecked(
        Algorithm::SHA1,
        6,
        0,
        STEP_SECS as u64,
        secret,
        Some(ISSUER.to_owned()),
        account.replace(':', ""),
    )
}

/// A new random 160-bit secret, base32 as authenticator apps take it.
pub fn new_secret() -> Result<String, contract::error::AppError> {
    let mut bytes = [0_u8; 20];
    getrandom::fill(&mut bytes).map_err(contract::error::internal)?;
    Ok(totp(bytes.to_vec(), "").get_secret_base32())
}

/// The step `code` belongs to, when it is right for `now` (this step or the one before) and
/// later than `last_step`.
pub fn verify(secret_b32: &str, code: &str, now_unix: i64, last_step: Option<i64>) -> Option<i64> {
    let secret = Secret::Encoded(secret_b32.to_owned()).to_bytes().ok()?;
    let totp = totp(secret, "");
    let current = now_unix.div_euclid(STEP_SECS);
    [current, current - 1]
        .into_iter()
        .filter(|step| last_step.is_none_or(|last| *step > last) && *step >= 0)
        .find(|step| totp.check(code, (*step * STEP_SECS) as u64))
}

/// The `otpauth://` URL an authenticator app scans.
pub fn provisioning_url(secret_b32: &str, account: &str) -> Option<String> {
    let secret = Secret::Encoded(secret_b32.to_owned()).to_bytes().ok()?;
    Some(totp(secret, account).get_url())
}

/// The URL as an inline SVG QR code, rendered on the server.
pub fn qr_svg(url: &str) -> Option<String> {
    use qrcode::{EcLevel, QrCode, render::svg};
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let svg = code
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    svg.find("<svg").map(|start| svg[start..].to_owned())
}

/// The code for `step` (tests and the demo's documentation compute codes this way).
pub fn code_at(secret_b32: &str, unix: i64) -> Option<String> {
    let secret = Secret::Encoded(secret_b32.to_owned()).to_bytes().ok()?;
    Some(totp(secret, "").generate(unix.max(0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "JBSWY3DPEHPK3PXP";
    const NOW: i64 = 1_700_000_000;

    #[test]
    fn the_current_and_previous_steps_are_accepted_others_refused() {
        let step = NOW / STEP_SECS;
        let now = code_at(SECRET, NOW).unwrap();
        let before = code_at(SECRET, NOW - STEP_SECS).unwrap();
        let older = code_at(SECRET, NOW - 2 * STEP_SECS).unwrap();
        let next = code_at(SECRET, NOW + STEP_SECS).unwrap();
        assert_eq!(verify(SECRET, &now, NOW, None), Some(step));
        assert_eq!(verify(SECRET, &before, NOW, None), Some(step - 1));
        assert_eq!(verify(SECRET, &older, NOW, None), None);
        assert_eq!(verify(SECRET, &next, NOW, None), None);
        assert_eq!(
            verify(SECRET, "000000", NOW, None).is_some(),
            now == "000000" || before == "000000"
        );
    }

    #[test]
    fn a_code_is_used_once() {
        let step = NOW / STEP_SECS;
        let now = code_at(SECRET, NOW).unwrap();
        let before = code_at(SECRET, NOW - STEP_SECS).unwrap();
        assert_eq!(verify(SECRET, &now, NOW, Some(step)), None);
        assert_eq!(verify(SECRET, &before, NOW, Some(step - 1)), None);
        assert_eq!(verify(SECRET, &now, NOW, Some(step - 1)), Some(step));
    }

    #[test]
    fn secrets_are_fresh_base32_and_become_a_scannable_url() {
        let a = new_secret().unwrap();
        assert_ne!(a, new_secret().unwrap());
        assert_eq!(a.len(), 32);
        let url = provisioning_url(&a, "analyst@acme.example").unwrap();
        assert!(
            url.starts_with("otpauth://totp/Tandem:analyst%40acme.example?"),
            "{url}"
        );
        assert!(qr_svg(&url).unwrap().starts_with("<svg"));
    }
}
