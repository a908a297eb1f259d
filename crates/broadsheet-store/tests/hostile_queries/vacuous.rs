//! Checks that the positive paths work, so the properties do not pass vacuously.

use crate::fixture::Fixture;
use crate::queries::{headline, search_for};
use crate::seeds::MEDIA_KEY;
use broadsheet_domain::EmailAddress;
use broadsheet_store::CommentSort;
use std::collections::BTreeSet;

impl Fixture {
    /// The positive paths work, so the properties are not passing vacuously.
    pub async fn assert_not_vacuous(&self) {
        let s = &self.store;
        let harbour: BTreeSet<i64> = s
            .search(&search_for("harbour"))
            .await
            .unwrap()
            .iter()
            .map(|h| h.summary.id)
            .collect();
        assert!(harbour.contains(&self.quay), "{harbour:?}");
        assert!(harbour.is_subset(&self.published_ids()));
        for turkish in ["İSTANBUL", "istanbul", "balık", "BALIK"] {
            assert_eq!(
                s.search(&search_for(turkish)).await.unwrap().len(),
                1,
                "{turkish}"
            );
        }
        assert!(s.section_by_slug("city").await.unwrap().is_some());
        assert!(s.tag_by_slug("harbour-master").await.unwrap().is_some());
        assert!(
            s.published_article("city", "quay-opens")
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(
            s.moved_article("city", "old-harbour-slug").await.unwrap(),
            Some(("city".into(), "new-harbour-slug".into()))
        );
        assert_eq!(s.moved_article("city", "gone-old").await.unwrap(), None);
        let renamed = s.published_article("city", "new-harbour-slug").await;
        assert_eq!(renamed.unwrap().map(|a| a.summary.id), Some(self.moved));
        let odd = EmailAddress::parse("o'brien+50%_off@example.org").unwrap();
        assert_eq!(
            s.user_by_email(&odd).await.unwrap().map(|u| u.id),
            Some(self.obrien)
        );
        assert!(
            s.user_for_api_token(&self.secrets.api)
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            s.user_for_session(&self.secrets.session)
                .await
                .unwrap()
                .is_some()
        );
        for (purpose, secret) in &self.secrets.links {
            assert_eq!(
                s.peek_link_token(secret, *purpose).await.unwrap(),
                Some(self.reader)
            );
        }
        assert!(s.setup_token_is_valid(&self.secrets.setup).await.unwrap());
        assert!(
            s.comment_by_nonce(self.reader, "form-nonce-1")
                .await
                .unwrap()
                .is_some()
        );
        assert!(s.media_by_key(MEDIA_KEY).await.unwrap().is_some());
        assert_eq!(s.count_events(self.gone, "unpublish").await.unwrap(), 1);
        let percent = s.staff_articles(&headline("50%")).await.unwrap();
        assert_eq!(percent.len(), 2, "the derby and the draft say 50%");
        let tops = s
            .top_comments(self.quay, None, CommentSort::Liked, None, 200)
            .await
            .unwrap();
        assert!(tops.len() >= 5, "{}", tops.len());
    }
}
