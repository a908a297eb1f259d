//! First start on an empty database: demo content, and a one-time admin setup link
//! printed on every start until an administrator exists.

use broadsheet_domain::Role;
use broadsheet_store::Store;

/// How long a printed setup link stays valid.
pub const SETUP_LINK_TTL_SECS: i64 = 24 * 3600;

pub async fn run(store: &Store, with_demo: bool, base_url: &str) -> anyhow::Result<()> {
    // Exactly one of several starting nodes wins this claim and seeds.
    if store
        .claim_setting("initialized_at", &broadsheet_store::now().to_string())
        .await?
        && with_demo
        && store.count_articles().await? == 0
    {
        let n = super::demo::seed(store).await?;
        store
            .set_setting("site_name", super::demo::SITE_NAME)
            .await?;
        tracing::info!("created the demo newspaper: {n} articles");
        let ads = crate::ads::demo::seed(store, base_url).await?;
        tracing::info!("created {ads} demo house ad campaigns");
        let pages = super::demo_pages::seed(store).await?;
        tracing::info!("created {pages} demo pages in the footer menu");
    }
    if store.count_users_with_role(Role::Admin).await? == 0 {
        let token = store.create_setup_token(SETUP_LINK_TTL_SECS).await?;
        let link = format!("{base_url}/setup/{token}");
        eprintln!(
            "\nNo administrator yet. Open this one-time link to create one (valid 24 hours):\n  {link}\n"
        );
        tracing::info!("admin setup link issued");
    }
    Ok(())
}
