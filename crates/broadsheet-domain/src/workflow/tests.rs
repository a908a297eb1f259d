//! The workflow as a table: every state × action × role × ownership.

use super::*;
use ArticleStatus as S;

/// The expected outcome written out independently of `transition`'s structure.
fn expected(role: Role, owner: bool, from: S, action: Action) -> Result<S, TransitionError> {
    let may = match role {
        Role::Admin | Role::Editor => true,
        Role::Author => owner,
        Role::Contributor => {
            owner
                && matches!(
                    action,
                    Action::Edit | Action::Submit | Action::ReturnToDraft
                )
                && matches!(from, S::Draft | S::InReview)
        }
        Role::Reader | Role::Moderator => false,
    };
    if !may {
        return Err(TransitionError::Forbidden);
    }
    let next = match action {
        Action::Edit if from != S::Archived => Some(from),
        Action::Submit if from == S::Draft => Some(S::InReview),
        Action::Schedule if from != S::Published && from != S::Archived => Some(S::Scheduled),
        Action::Publish if !matches!(from, S::Published | S::Archived) => Some(S::Published),
        Action::Unpublish if from == S::Published => Some(S::Unpublished),
        Action::Archive if matches!(from, S::Draft | S::Unpublished | S::Published) => {
            Some(S::Archived)
        }
        Action::ReturnToDraft if from != S::Draft && from != S::Published => Some(S::Draft),
        _ => None,
    };
    next.ok_or(TransitionError::WrongState(from.as_str()))
}

#[test]
fn every_state_action_role_combination_follows_the_rules() {
    let mut checked = 0;
    for role in Role::ALL {
        for owner in [true, false] {
            for from in S::ALL {
                for action in Action::ALL {
                    assert_eq!(
                        transition(role, owner, from, action),
                        expected(role, owner, from, action),
                        "{role} owner={owner} {from:?} {action:?}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 6 * 2 * 6 * 7);
}

#[test]
fn contributors_never_publish_and_authors_only_their_own() {
    for from in S::ALL {
        assert_eq!(
            transition(Role::Contributor, true, from, Action::Publish),
            Err(TransitionError::Forbidden)
        );
        assert_eq!(
            transition(Role::Author, false, from, Action::Publish),
            Err(TransitionError::Forbidden)
        );
    }
    assert_eq!(
        transition(Role::Author, true, S::InReview, Action::Publish),
        Ok(S::Published)
    );
    assert_eq!(
        transition(Role::Editor, false, S::Draft, Action::Schedule),
        Ok(S::Scheduled)
    );
}
