//! Unit tests for the targeting rules, run without the classifier.

use super::*;
use crate::builtin::builtin_lexicon;
use crate::normalise::normalise;

fn rules_for(text: &str) -> Vec<&'static str> {
    let lex = builtin_lexicon();
    let norm = normalise(text);
    let ctx = Ctx::new(text, &norm, &lex);
    run(&ctx).into_iter().map(|f| f.rule).collect()
}

fn fires(text: &str) -> bool {
    !rules_for(text).is_empty()
}

#[test]
fn second_person_insults_fire() {
    for t in [
        "You are an idiot.",
        "you idiot",
        "Shut up, moron.",
        "Sen bir aptalsın.",
        "Salaksın sen",
        "You're so stupid it hurts",
    ] {
        assert!(fires(t), "{t}");
    }
    assert!(rules_for("You're an idiot").contains(&"insult:second-person"));
}

#[test]
fn policy_criticism_and_mentions_do_not_fire() {
    for t in [
        "This policy is stupid and will cost billions.",
        "The minister's plan is a disaster and she should resign.",
        "I felt like an idiot for booking early.",
        "We can disagree without calling each other idiots.",
        "\"Moron\" is not an argument.",
        "You're not stupid, you just have different data.",
        "Bu karar saçmalık, bakan istifa etmeli.",
    ] {
        assert!(!fires(t), "{t}: {:?}", rules_for(t));
    }
}

#[test]
fn threats_fire_and_news_senses_do_not() {
    for t in [
        "I will find you.",
        "The judge should be hanged.",
        "Burn their embassy to the ground.",
        "Someone should shoot him.",
        "Bu gazeteciyi dövmek lazım.",
        "Hainler asılmalı.",
        "Onu gebertmek lazım.",
    ] {
        assert!(
            rules_for(t).iter().any(|r| r.starts_with("threat")),
            "{t}: {:?}",
            rules_for(t)
        );
    }
    for t in [
        "Twelve people were killed in the attack.",
        "The attack killed 12 people.",
        "Kill the bill before it passes.",
        "This tax is killing small shops.",
        "The factory burned to the ground last night.",
        "Saldırıda 12 kişi öldü.",
    ] {
        assert!(!fires(t), "{t}: {:?}", rules_for(t));
    }
}

#[test]
fn identity_generalisation_fires_and_discussion_does_not() {
    for t in [
        "Immigrants are animals.",
        "Refugees are criminals, all of them.",
        "Muslims should be banned from office.",
        "Europe is for Europeans.",
        "Suriyeliler asalak, ülkelerine dönsünler.",
    ] {
        assert!(
            rules_for(t)
                .iter()
                .any(|r| r.starts_with("identity") || *r == "dehumanising"),
            "{t}: {:?}",
            rules_for(t)
        );
    }
    for t in [
        "Calling immigrants animals is racist and wrong.",
        "The claim that refugees are criminals is a myth.",
        "Women make up only 12% of the delegations.",
        "Not all immigrants are criminals, obviously.",
        "Göçmenlerin suçlu olduğu iddiası yanlış.",
    ] {
        assert!(!fires(t), "{t}: {:?}", rules_for(t));
    }
}

#[test]
fn evasions_still_fire() {
    for t in [
        "You're an іdіоt.",
        "you i d i o t",
        "You 1d10t",
        "you id**t",
        "You are stuuuupid",
    ] {
        assert!(fires(t), "{t}");
    }
}
