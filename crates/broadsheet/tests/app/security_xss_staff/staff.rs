//! Staff with hostile names and bios, signed in over HTTP, and hostile comment guidelines.

use super::hostile::{Hostile, pack};
use super::http::Http;
use crate::common::server::Server;

/// The editor, moderator and administrator, and the hostile text they stored.
pub struct Staff {
    pub editor_token: String,
    pub mod_token: String,
    pub moderator: Http,
    pub admin: Http,
    pub editor_name: String,
    pub mod_name: String,
    pub admin_name: String,
    pub editor_bio: String,
    /// The comment guidelines' summary, shown above every comment form.
    pub summary: String,
    /// The guidelines' full text (Markdown).
    pub full: String,
}

/// Creates the staff, each with a hostile display name and a session of their own, and
/// has the administrator store hostile comment guidelines.
pub async fn seed(server: &Server, hostile: &Hostile) -> Staff {
    let (vectors, v) = (&hostile.vectors, move |i: usize| hostile.v(i));
    let editor_token = server.user_with_token("xss-editor@example.org", "editor");
    let mod_token = server.user_with_token("xss-moderator@example.org", "moderator");
    server.user_with_token("xss-admin@example.org", "admin");
    let editor = Http::sign_in(server, "xss-editor@example.org").await;
    let moderator = Http::sign_in(server, "xss-moderator@example.org").await;
    let admin = Http::sign_in(server, "xss-admin@example.org").await;
    let editor_name = format!("Editor {}", v(2));
    let mod_name = format!("Moderator {}", v(15));
    let admin_name = format!("Admin {}", v(44));
    let editor_bio = pack(vectors, 2000).remove(0);
    let r = editor
        .form(
            "/newsroom/profile",
            &[
                ("name", &editor_name),
                ("bio", &editor_bio),
                (
                    "links",
                    "https://example.org/ledger\nhttps://example.org/a'b",
                ),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "the editor's profile: {}", r.body);
    for (http, name) in [(&moderator, &mod_name), (&admin, &admin_name)] {
        let r = http
            .form("/account/profile", &[("name", name), ("bio", v(60))])
            .await;
        assert_eq!(r.status, 303, "a staff profile: {}", r.body);
    }
    // The comment guidelines: a hostile summary above every comment form, every vector
    // in the full text (Markdown), and guests allowed to comment.
    let summary = pack(vectors, 1000).remove(2);
    let full = format!("guidelines-mark\n\n{}", vectors.join("\n\n"));
    let r = admin
        .form(
            "/newsroom/comment-settings",
            &[
                ("guest_posting", "on"),
                ("auto_close_days", ""),
                ("summary.en", &summary),
                ("full.en", &full),
                ("summary.tr", v(34)),
                ("full.tr", v(35)),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "comment settings: {}", r.body);
    Staff {
        editor_token,
        mod_token,
        moderator,
        admin,
        editor_name,
        mod_name,
        admin_name,
        editor_bio,
        summary,
        full,
    }
}
