//! The fast path for the busiest request there is: an anonymous reader asking for a page
//! the cache holds (current, or outdated while another request renews it). It answers
//! before routing and before every other layer (no span, timeout, panic guard or
//! error-page work, and no copy of the layer stack) with exactly the headers the full
//! path would give: the request id, the security headers, and the metrics line under
//! the page's own route.

use crate::state::AppState;
use crate::web::reader::cache_layer;
use axum::Router;
use axum::extract::Request;
use axum::http::Method;
use axum::response::Response;
use axum::routing::future::RouteFuture;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

/// The whole app behind the fast path: a cache hit is answered here, anything else
/// goes to the router with every layer.
#[derive(Clone)]
pub struct Front {
    pub state: AppState,
    pub inner: Router,
}

impl tower::Service<Request> for Front {
    type Response = Response;
    type Error = Infallible;
    type Future = FrontFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut req: Request) -> FrontFuture {
        match hit(&self.state, &mut req) {
            Some(response) => FrontFuture::Hit(Some(response)),
            // A `Router` is always ready.
            None => FrontFuture::Full(tower::Service::call(&mut self.inner, req)),
        }
    }
}

/// A cache hit, ready at once, or the router's answer.
pub enum FrontFuture {
    Hit(Option<Response>),
    Full(RouteFuture<Infallible>),
}

impl Future for FrontFuture {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            FrontFuture::Hit(response) => {
                Poll::Ready(Ok(response.take().expect("polled after completion")))
            }
            FrontFuture::Full(future) => Pin::new(future).poll(cx),
        }
    }
}

/// The cached answer, or `None` when the full path must run: other methods, any
/// session, a page not held (or outdated with nobody renewing it yet: this request
/// will), or an ad table due for reloading (which may empty the
/// cache, so the full path's ad layer must see the request).
fn hit(state: &AppState, req: &mut Request) -> Option<Response> {
    let head = req.method() == Method::HEAD;
    if !(head || req.method() == Method::GET) || cache_layer::has_session(req.headers()) {
        return None;
    }
    if state.ads.is_stale(broadsheet_store::now()) {
        return None;
    }
    let started = Instant::now();
    let served = cache_layer::with_key(state, req, |key| state.page_cache.served(key));
    let Some((page, how)) = served else {
        // The full path's cache layer looks the same key up again: hand it over.
        let key = cache_layer::cache_key(state, req);
        req.extensions_mut().insert(cache_layer::Key(key));
        return None;
    };
    // The page's answers carry the security headers already (see `CachedPage`).
    let mut response = cache_layer::respond(&page, req.headers(), head, how);
    response
        .headers_mut()
        .insert(super::observe::HEADER, super::observe::request_id(req));
    state.metrics.record(
        &page.route,
        req.method().as_str(),
        response.status().as_u16(),
        started.elapsed(),
    );
    Some(response)
}
