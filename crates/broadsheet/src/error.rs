//! The one error type of handlers: a stable code, a safe message, nothing internal leaked.
//!
//! Handlers return `AppError`; its response carries an [`ErrorInfo`] extension that the
//! error-page layer turns into a themed HTML page or a JSON envelope (see `http::errors`).

use axum::body::Bytes;
use axum::extract::FromRequest;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use broadsheet_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{message}")]
    BadRequest {
        message: String,
        field: Option<&'static str>,
        /// The same message as a key of the UI's messages, for forms shown again.
        said: Option<Box<Said>>,
    },
    #[error("sign in to do this")]
    Unauthorized,
    #[error("you may not do this")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    #[error("the form has expired or did not come from this site; reload the page and try again")]
    CsrfRejected,
    #[error("too many requests; try again in {0} seconds")]
    TooManyRequests(u64),
    #[error("the service is briefly unavailable; try again shortly")]
    Unavailable,
    /// The server is full of long-lived requests (live streams); retry in this many seconds.
    #[error("the server is busy; try again in {0} seconds")]
    Busy(u64),
    #[error("the request body is too large")]
    PayloadTooLarge,
    #[error("send the body as application/json")]
    UnsupportedMediaType,
    #[error("the server has run out of storage space; try again later")]
    InsufficientStorage,
    #[error("something went wrong on our side")]
    Internal(#[source] anyhow::Error),
}

/// What the error-page layer needs to render an error.
#[derive(Clone, Debug)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<&'static str>,
    /// Seconds until a refused request may be tried again (rate limits, outages).
    pub retry_after: Option<u64>,
}

/// A message key and its arguments: a field error in the UI language. The API keeps the
/// English `message`; a form shown again says this instead.
#[derive(Debug, Clone)]
pub struct Said {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl AppError {
    pub fn bad(message: impl Into<String>) -> AppError {
        AppError::BadRequest {
            message: message.into(),
            field: None,
            said: None,
        }
    }

    pub fn field(field: &'static str, message: impl Into<String>) -> AppError {
        AppError::BadRequest {
            message: message.into(),
            field: Some(field),
            said: None,
        }
    }

    /// A field error with its message key (`key`, with `args`) as well as its English.
    pub fn field_said(
        field: &'static str,
        key: &'static str,
        args: &[(&'static str, String)],
        message: impl Into<String>,
    ) -> AppError {
        AppError::BadRequest {
            message: message.into(),
            field: Some(field),
            said: Some(Box::new(Said {
                key,
                args: args.to_vec(),
            })),
        }
    }

    /// The error in `locale`: its message key when it has one, else its English.
    pub fn said_in(&self, i18n: &crate::i18n::I18n, locale: &str) -> String {
        let AppError::BadRequest {
            said: Some(said), ..
        } = self
        else {
            return self.to_string();
        };
        let mut args = fluent_bundle::FluentArgs::new();
        for (k, v) in &said.args {
            match v.parse::<i64>() {
                Ok(n) => args.set(*k, n),
                Err(_) => args.set(*k, v.clone()),
            }
        }
        i18n.t(locale, said.key, Some(&args))
    }

    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::BadRequest { .. } => (StatusCode::BAD_REQUEST, "bad_request"),
            AppError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            AppError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            AppError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            AppError::CsrfRejected => (StatusCode::FORBIDDEN, "csrf_rejected"),
            AppError::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            AppError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            AppError::Busy(_) => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
            AppError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            AppError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            AppError::InsufficientStorage => {
                (StatusCode::INSUFFICIENT_STORAGE, "insufficient_storage")
            }
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        match &self {
            AppError::Internal(e) => tracing::error!(error = format!("{e:#}"), "internal error"),
            AppError::Unavailable => tracing::warn!("database unavailable"),
            _ => {}
        }
        let field = match &self {
            AppError::BadRequest { field, .. } => *field,
            _ => None,
        };
        let retry = match self {
            AppError::TooManyRequests(secs) | AppError::Busy(secs) => Some(secs),
            AppError::Unavailable => Some(2),
            AppError::InsufficientStorage => Some(30),
            _ => None,
        };
        let info = ErrorInfo {
            status,
            code,
            message: self.to_string(),
            field,
            retry_after: retry,
        };
        let mut response = (status, info.message.clone()).into_response();
        if let Some(secs) = retry {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response.extensions_mut().insert(info);
        response
    }
}

/// Reads a whole request body (capped by the body-limit layer): too large is a 413,
/// any other failure to read it a 400 naming `what` ("form", "request body").
pub async fn read_body(req: axum::extract::Request, what: &str) -> Result<Bytes, AppError> {
    Bytes::from_request(req, &()).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge
        } else {
            AppError::bad(format!("the {what} could not be read (interrupted)"))
        }
    })
}

/// Refuses a request body carrying a NUL character, raw or escaped (`\u0000` in JSON,
/// `%00` in a form): PostgreSQL cannot store it in text, and no real text needs it.
pub fn reject_nul(body: &[u8]) -> Result<(), AppError> {
    let escaped = |pat: &[u8]| body.windows(pat.len()).any(|w| w.eq_ignore_ascii_case(pat));
    if body.contains(&0) || escaped(b"\\u0000") || escaped(b"%00") {
        return Err(AppError::bad("text may not contain NUL characters"));
    }
    Ok(())
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(what) => AppError::Conflict(format!("{what} already exists")),
            StoreError::OutOfSpace(e) => {
                tracing::error!(error = %e, "the database's disk is full");
                AppError::InsufficientStorage
            }
            e if e.is_unavailable() => AppError::Unavailable,
            e => AppError::Internal(e.into()),
        }
    }
}

impl From<std::io::Error> for AppError {
    /// A full or read-only disk is the operator's to fix and retryable for the client;
    /// anything else is ours.
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                tracing::error!(error = %e, "the disk is full");
                AppError::InsufficientStorage
            }
            std::io::ErrorKind::ReadOnlyFilesystem => {
                tracing::error!(error = %e, "the disk is read-only");
                AppError::Unavailable
            }
            _ => AppError::Internal(e.into()),
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::Internal(e)
    }
}

impl From<minijinja::Error> for AppError {
    fn from(e: minijinja::Error) -> Self {
        AppError::Internal(e.into())
    }
}
