//! Integration tests for the public API: decisions, admin lists, links, repeats, spans.

use broadsheet_moderation::{AuthorContext, Category, Decision, Screener, Signals, Thresholds};

fn screener() -> Screener {
    Screener::builtin()
}

fn decide(text: &str) -> Decision {
    screener().screen(text, &AuthorContext::default()).decision
}

#[test]
fn clear_cases() {
    assert_eq!(
        decide("Thanks for the clear explanation of the tariff rules."),
        Decision::Allow
    );
    assert_eq!(decide("You are an idiot."), Decision::Reject);
    assert_eq!(
        decide("Someone should shoot that journalist."),
        Decision::Reject
    );
    assert_eq!(
        decide("Damn, that's a lot of money for a bridge."),
        Decision::Allow
    );
}

#[test]
fn reasons_have_spans_into_the_original_text() {
    let text = "Well… you're a ｍｏｒｏｎ, honestly.";
    let s = screener().screen(text, &AuthorContext::default());
    let r = s
        .reasons
        .iter()
        .find(|r| r.span.is_some())
        .expect("a reason with a span");
    let (a, b) = r.span.unwrap();
    assert_eq!(&text[a..b], "ｍｏｒｏｎ");
    assert_eq!(r.excerpt.as_deref(), Some("ｍｏｒｏｎ"));
    assert!(!r.message_en.is_empty() && !r.message_tr.is_empty());
    assert!(s.scores[&Category::Rude] > 0.5);
}

#[test]
fn admin_lists_match_whole_words_only() {
    let s = screener().with_word_lists(
        &["ass".to_string()],
        &["pipeline deal".to_string(), "scam*".to_string()],
    );
    let ctx = AuthorContext::default();
    assert_eq!(s.screen("What an ass.", &ctx).decision, Decision::Reject);
    assert_eq!(s.screen("What an @$$.", &ctx).decision, Decision::Reject);
    assert_eq!(
        s.screen("The assessment of the class assets passed.", &ctx)
            .decision,
        Decision::Allow
    );
    assert_eq!(
        s.screen("Another PIPELINE   deal was signed.", &ctx)
            .decision,
        Decision::Hold
    );
    assert_eq!(
        s.screen("These scammers again.", &ctx).decision,
        Decision::Hold
    );
    let r = s.screen("What an ass.", &ctx);
    assert_eq!(r.reasons[0].rule, "admin:banned");
}

#[test]
fn link_limit_holds_and_is_configurable() {
    let text = "Sources: https://a.example/1 https://b.example/2 www.c.org";
    let s = screener();
    let hold = s.screen(text, &AuthorContext::default());
    assert_eq!(hold.decision, Decision::Hold);
    assert!(hold.reasons.iter().any(|r| r.rule == "links"));
    let ctx = AuthorContext {
        max_links: Some(5),
        ..Default::default()
    };
    assert_eq!(s.screen(text, &ctx).decision, Decision::Allow);
    let two = "See https://a.example/1 and https://b.example/2 for the data.";
    assert_eq!(
        s.screen(two, &AuthorContext::default()).decision,
        Decision::Allow
    );
}

#[test]
fn repeat_posts_and_bad_history_are_held() {
    let s = screener();
    let text = "The bridge opens on Monday.";
    let dup = AuthorContext {
        duplicate_of_recent: true,
        ..Default::default()
    };
    let r = s.screen(text, &dup);
    assert_eq!(r.decision, Decision::Hold);
    assert!(r.reasons.iter().any(|r| r.rule == "repeat"));
    let bad = AuthorContext {
        recent_rejections: 3,
        recent_total: 4,
        ..Default::default()
    };
    assert!(
        s.screen(text, &bad)
            .reasons
            .iter()
            .any(|r| r.rule == "history")
    );
    let ok = AuthorContext {
        recent_rejections: 1,
        recent_total: 4,
        ..Default::default()
    };
    assert_eq!(s.screen(text, &ok).decision, Decision::Allow);
}

#[test]
fn trusted_authors_get_benefit_of_doubt_only_on_classifier_scores() {
    let s = screener();
    let trusted = AuthorContext {
        trusted: true,
        ..Default::default()
    };
    assert_eq!(
        s.screen("Someone should shoot the mayor.", &trusted)
            .decision,
        Decision::Reject
    );
    let plain = s.clone().with_thresholds(Thresholds {
        hold: 0.0,
        hold_short: 0.0,
        veto: 0.0,
        veto_reject: 0.0,
    });
    let r = plain.screen(
        "An ordinary remark about the weather on the harbour today.",
        &AuthorContext::default(),
    );
    assert_eq!(
        r.decision,
        Decision::Hold,
        "threshold 0 holds everything via the classifier"
    );
    let r = plain.screen(
        "An ordinary remark about the weather on the harbour today.",
        &trusted,
    );
    assert!(r.reasons.iter().all(|x| x.rule.starts_with("classifier")));
}

#[test]
fn signals_can_be_switched_off() {
    let off = Signals {
        evasion: true,
        rules: false,
        word_list: false,
        classifier: false,
        context: false,
    };
    let s = screener().with_signals(off);
    assert_eq!(
        s.screen("You are an idiot.", &AuthorContext::default())
            .decision,
        Decision::Allow
    );
}

#[test]
fn serialises_lowercase() {
    let s = screener().screen("You idiot.", &AuthorContext::default());
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["decision"], "reject");
    assert!(v["scores"].get("rude").is_some());
    assert_eq!(v["reasons"][0]["category"], "rude");
}

#[test]
fn short_civil_replies_pass_and_short_attacks_do_not() {
    let s = broadsheet_moderation::Screener::builtin();
    let ctx = broadsheet_moderation::AuthorContext::default();
    for civil in [
        "Agreed, though Sundays are thin.",
        "Useful context, thank you.",
        "Interesting.",
        "Teşekkürler, çok faydalı.",
    ] {
        let r = s.screen(civil, &ctx);
        assert_eq!(
            r.decision,
            broadsheet_moderation::Decision::Allow,
            "{civil}: {:?}",
            r.reasons
        );
    }
    for attack in [
        "You idiot.",
        "Shut up, moron.",
        "Go back to your country.",
        "Sen bir aptalsın.",
    ] {
        let r = s.screen(attack, &ctx);
        assert_ne!(
            r.decision,
            broadsheet_moderation::Decision::Allow,
            "{attack}"
        );
    }
}
