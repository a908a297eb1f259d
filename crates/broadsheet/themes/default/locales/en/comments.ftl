# Comments: the section under articles, comment pages, forms, errors and reply mail.
comments-heading = { $count ->
    [0] Comments
    [one] 1 comment
   *[other] { $count } comments
}
comments-guidelines-link = Read our community guidelines
comments-closed = Comments are closed on this story.
comments-verify-first = Please confirm your email address with the link we sent you, then you can comment.
comments-guest-note = You are commenting as a guest: a moderator will review your comment before it appears.
comments-your-comment = Your comment
comments-formatting-hint = Blank lines make paragraphs. You may use **bold**, *italic*, [links](https://example.org) and > quotes.
comments-post = Post comment
comments-sign-in = Sign in to comment
comments-sign-up = Create an account
comments-featured = Editors' picks
comments-permalink = Link
comments-sort = Sort
comments-sort-newest = Newest
comments-sort-oldest = Oldest
comments-sort-liked = Most liked
comments-show-more = Show more comments
comments-show-replies = Show all replies
comments-page-title = Comments on { $headline }
comment-deleted-by-author = This comment was deleted by its author.
comment-removed = This comment was removed by a moderator.
comment-deleted-account = A deleted account
comment-guest = guest
comment-in-reply-to = in reply to { $name }
comment-in-reply = in reply to a comment
comment-edited = edited
comment-awaiting-review = Awaiting review: only you can see this comment until a moderator approves it.
comment-not-published = Not published: this comment breaks our guidelines.
comment-likes = { $count ->
    [one] 1 like
   *[other] { $count } likes
}
comment-like = Like
comment-unlike = Unlike
comment-reply = Reply
comment-reply-label = Your reply to { $name }
comment-reply-submit = Post reply
comment-report = Report
comment-edit = Edit
comment-delete = Delete
comment-back = Back to the comment
report-reason = Why are you reporting this comment?
report-reason-rude = Rude or insulting
report-reason-aggressive = Threatening or aggressive
report-reason-derogatory = Demeaning
report-reason-discriminatory = Discriminatory
report-reason-spam = Spam or advertising
report-reason-off-topic = Off topic
report-reason-other = Something else
report-detail = Anything else a moderator should know (optional)
report-submit = Send report
report-thanks-title = Thank you for your report
report-thanks-body = A moderator will look at this comment.
report-again-title = Already reported
report-again-body = You have already reported this comment; a moderator will look at it.
thread-title = Comment thread
compose-title = Your comment
compose-edit-title = Edit your comment
compose-save = Save changes
nudge-intro = Before this is posted: our automatic check thinks it may break the community guidelines.
nudge-choice = You can rephrase it and try again, or post it anyway and a moderator will review it before it appears.
nudge-rephrase = Post the rephrased comment
nudge-post-anyway = Post anyway for review
guidelines-title = Community guidelines
settings-title = Comment settings
settings-guests = Let guests comment with a name and email (always reviewed first)
settings-auto-close = Close comments this many days after publication (empty or 0: never)
settings-summary = Short guidelines shown above the comment form
settings-full = Full guidelines page (Markdown)
settings-error-days = The number of days must be a whole number.
comment-error-empty = Please write something before posting.
comment-error-too-long = Comments can be at most { $max } characters long.
comment-error-closed = Comments are closed on this story.
comment-error-bad-parent = You can only reply to a visible comment on the same story.
comment-error-unverified = Please confirm your email address before commenting.
comment-error-sign-in = Please sign in to comment.
comment-error-guest = Please give your name and a valid email address.
comment-error-not-found = That comment does not exist or is not yours.
comment-error-not-editable = Comments can only be edited within 10 minutes of posting.
comment-error-reason = Please choose a reason for the report.
comment-error-barred = Your account may not comment at the moment. A moderator has banned or suspended it.
comment-error-rate-limited = You are posting too quickly. Please wait { $seconds } seconds and try again.
comment-error-form = The comment could not be read. Please check the text and try again.
comment-error-json = The request body must be JSON with a "body" text.
comment-error-reaction = The only reaction is "like".
mail-reply-subject = { $replier } replied to your comment
mail-reply-body =
    Hello { $name },

    { $replier } replied to your comment on "{ $headline }":

    { $excerpt }

    Read the conversation: { $link }

    To stop these emails: { $unsubscribe }
