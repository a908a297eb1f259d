# Newsletters: subscribing, confirming, unsubscribing, the mails, and the newsroom report.
nl-title = Newsletters
nl-intro = Get the day's or the week's stories by email: from every section or just one, in the language you read.
nl-subscribe = Subscribe
nl-opt-in-help = We send a confirmation link first; nothing else arrives until you open it. Every email has a one-click unsubscribe link.
nl-frequency = How often
nl-section = Section
nl-all-sections = All sections
nl-daily = Daily digest
nl-weekly = Weekly digest
nl-list-label = { $frequency }: { $section }, in { $language }
nl-error-frequency = Please choose a daily or weekly digest.
nl-error-language = Please choose one of the site's languages.
nl-error-section = There is no such section; please choose one from the list.
nl-check-mail-title = Check your email
nl-check-mail-body = If the address can receive mail, a confirmation link is on its way. Open it to start your newsletter; until then nothing is sent.
nl-subscribed-title = Subscribed
nl-subscribed-body = You are on the list. The next newsletter will reach your account's address.
nl-confirmed-title = Subscription confirmed
nl-confirmed-body = Thank you: your newsletter starts with the next issue.
nl-unsubscribed-title = Unsubscribed
nl-unsubscribed-body = You will not get this newsletter any more.
nl-unsubscribe-title = Unsubscribe
nl-unsubscribe-which = { $email } gets the { $list } newsletter.
nl-unsubscribe = Unsubscribe
nl-pending = waiting for confirmation
nl-none = You do not get any newsletters.
nl-breaking-label = Breaking news
nl-digest-label = Digest
nl-read-story = Read the story
nl-footer = You get this email because you subscribed to newsletters from { $site }.
nl-digest-subject = { $site }: { $list }
nl-breaking-subject = Breaking: { $headline }
nl-newsroom-intro = Readers' newsletter lists and what each send did. Digests go out by themselves after each day or week with new stories; a story can also go out as breaking news from its editor page.
nl-lists = Lists
nl-list = List
nl-subscribers = Subscribers
nl-unsubscribed-count = Unsubscribed
nl-no-lists = Nobody has subscribed yet.
nl-sends = Sends
nl-send = Send
nl-recipients = Recipients
nl-sent = Sent
nl-failed = Failed
nl-waiting = Waiting
nl-unsubscribed-since = Unsubscribed since
nl-no-sends = Nothing sent yet.
nl-breaking-action = Send as breaking news
nl-breaking-explain = This story will be emailed now to every confirmed subscriber in { $language } whose newsletter covers its section. It can be sent only once.
nl-breaking-confirm = Yes, email this story to the subscribers now
nl-breaking-send = Send breaking news
nl-breaking-unconfirmed = Tick the box to confirm the send.
nl-breaking-already = This story has already been sent as breaking news.
nl-breaking-unpublished = Only published stories can be sent.
nl-back-to-story = Back to the story
nr-done-breaking-queued = Breaking news is on its way to the subscribers.
mail-newsletter-confirm-subject = Confirm your newsletter
mail-newsletter-confirm-body =
    Hello,

    Someone (we hope you) asked for the { $list } newsletter at this address. Open this link to confirm:
    { $link }

    If it was not you, ignore this message: nothing will be sent.
