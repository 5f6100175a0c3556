//! E-mail addresses and passwords as typed: checked and normalised before anything else sees them.

use crate::FieldError;
use std::fmt;

/// The message for a refused password, the same whether or not the account exists.
pub const SIGN_IN_FAILED: &str = "The e-mail address or password is not right.";
/// The message for a refused second-factor code, wrong or already used alike.
pub const CODE_REFUSED: &str =
    "That code is not right, or it was already used. Enter the current code.";

/// A lower-cased, trimmed address with one `@` and something on each side of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let text = raw.trim();
        if text.is_empty() {
            return Err("Enter an e-mail address.".to_owned());
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(format!(
                "An e-mail address has at most {} characters.",
                Self::MAX_CHARS
            ));
        }
        let valid = match text.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.is_empty()
                    && !domain.contains('@')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && text.chars().all(|c| !c.is_whitespace() && !c.is_control())
            }
            None => false,
        };
        if valid {
            Ok(Self(text.to_lowercase()))
        } else {
            Err("Enter an e-mail address like name@example.com.".to_owned())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password someone is setting: long enough to resist guessing, short enough to hash cheaply.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 128;

    pub fn parse_new(raw: &str) -> Result<Self, String> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            Err(format!(
                "Choose a password of at least {} characters.",
                Self::MIN_CHARS
            ))
        } else if chars > Self::MAX_CHARS {
            Err(format!(
                "Choose a password of at most {} characters.",
                Self::MAX_CHARS
            ))
        } else if raw.chars().any(char::is_control) {
            Err("A password cannot contain control characters.".to_owned())
        } else if raw.trim().is_empty() {
            Err("A password cannot be only spaces.".to_owned())
        } else {
            Ok(Self(raw.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(redacted)")
    }
}

/// What a sign-in form carries, checked for shape only: whether it matches is the server's call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInAttempt {
    pub email: Email,
    password: String,
}

impl SignInAttempt {
    /// Longest password accepted at sign-in; longer ones cannot match and are not hashed.
    const MAX_PASSWORD_BYTES: usize = 1024;

    /// `Err` lists the fields to fix. A password that could never have been set (too long,
    /// control characters) is not an error here: it fails like any wrong password.
    pub fn parse(email: &str, password: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let email = Email::parse(email).map_err(|m| errors.push(FieldError::new("email", m)));
        if password.is_empty() {
            errors.push(FieldError::new("password", "Enter your password."));
        }
        match email {
            Ok(email) if errors.is_empty() => Ok(Self {
                email,
                password: password.to_owned(),
            }),
            _ => Err(errors),
        }
    }

    /// The password, or `None` when it cannot be one that was ever set.
    pub fn password(&self) -> Option<&str> {
        (self.password.len() <= Self::MAX_PASSWORD_BYTES
            && !self.password.chars().any(char::is_control))
        .then_some(self.password.as_str())
    }
}

/// Six digits, spaces allowed between them as authenticator apps show them.
pub fn parse_totp_code(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_lowercased_and_checked() {
        assert_eq!(
            Email::parse("  Analyst@ACME.example ").unwrap().as_str(),
            "analyst@acme.example"
        );
        let long = format!("{}@example.com", "a".repeat(260));
        for bad in [
            "",
            "   ",
            "no-at-sign",
            "@example.com",
            "a@",
            "a@b@c",
            "a b@c.d",
            "a@.com",
            "a\0@b.c",
            long.as_str(),
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn new_passwords_are_long_enough_and_free_of_control_characters() {
        assert!(Password::parse_new("correct horse battery").is_ok());
        let long = "x".repeat(129);
        for bad in [
            "",
            "short",
            "            ",
            "twelve chars\0!",
            long.as_str(),
        ] {
            assert!(Password::parse_new(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            format!(
                "{:?}",
                Password::parse_new("correct horse battery").unwrap()
            ),
            "Password(redacted)"
        );
    }

    #[test]
    fn sign_in_refuses_empty_fields_and_never_hashes_impossible_passwords() {
        assert_eq!(SignInAttempt::parse("", "").unwrap_err().len(), 2);
        assert_eq!(
            SignInAttempt::parse("  ", "x").unwrap_err()[0].field,
            "email"
        );
        let huge = "p".repeat(10_000);
        assert_eq!(
            SignInAttempt::parse("a@b.c", &huge).unwrap().password(),
            None
        );
        assert_eq!(
            SignInAttempt::parse("a@b.c", "pass\0word")
                .unwrap()
                .password(),
            None
        );
        assert_eq!(
            SignInAttempt::parse("a@b.c", "secret").unwrap().password(),
            Some("secret")
        );
    }

    #[test]
    fn totp_codes_are_six_digits() {
        assert_eq!(parse_totp_code("123 456").as_deref(), Some("123456"));
        for bad in ["", "12345", "1234567", "12345a", "١٢٣٤٥٦"] {
            assert_eq!(parse_totp_code(bad), None, "{bad:?}");
        }
    }
}
