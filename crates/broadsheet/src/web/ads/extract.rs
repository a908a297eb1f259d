//! Extractors for the ad pages: the administrator check, forms with repeated fields,
//! and a multipart form (with a creative upload) that passes the same CSRF check.

use crate::ads::input::Fields;
use crate::auth::csrf;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{FromRequest, Multipart, Request};

/// A multipart form: its text fields and the uploaded file, if one was chosen.
pub struct CsrfMultipart {
    pub fields: Fields,
    pub file: Option<Vec<u8>>,
}

impl FromRequest<AppState> for CsrfMultipart {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let headers = req.headers().clone();
        let mut form = Multipart::from_request(req, state)
            .await
            .map_err(|_| AppError::bad("the form could not be read"))?;
        let unreadable = |_| AppError::bad("the form could not be read (too large or interrupted)");
        let mut fields = Vec::new();
        let mut file = None;
        while let Some(field) = form.next_field().await.map_err(unreadable)? {
            let name = field.name().unwrap_or("").to_string();
            if field.file_name().is_some() {
                let bytes = field.bytes().await.map_err(unreadable)?;
                if !bytes.is_empty() {
                    file = Some(bytes.to_vec());
                }
            } else {
                fields.push((name, field.text().await.map_err(unreadable)?));
            }
        }
        let fields = Fields(fields);
        if !csrf::verify(
            &headers,
            Some(fields.one(csrf::FIELD)),
            &state.options.base_url,
        ) {
            return Err(AppError::CsrfRejected);
        }
        Ok(CsrfMultipart { fields, file })
    }
}
