# Shared UI text: navigation, footer, errors, dates.
skip-to-content = Skip to content
published-with = Published with Broadsheet
front-page = Front page
language = Language
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
error-not-found-title = Page not found
error-not-found-body = We could not find that page. It may have moved, or the link may be mistyped.
error-server-title = Something went wrong
error-other-title = That did not work
error-go-home = Go to the front page
setup-title = Create the administrator
setup-intro = This one-time link creates the first administrator account of this site.
field-email = Email
field-name = Your name
field-password = Password (at least 10 characters)
field-password-again = Password again
setup-submit = Create administrator
home-latest = Latest
home-empty = No articles have been published yet.
by = By
and = and
reading-time = { $minutes } min read
error-rate-limited = { $minutes ->
    [one] Too many attempts. Please wait a minute and try again.
   *[other] Too many attempts. Please wait { $minutes } minutes and try again.
}
error-too-large = That was too large to send. Shorten the text or choose a smaller file, then try again; press Back to return to your work.
error-csrf = The form has expired or did not come from this site. Go back, reload the page and try again.
error-forbidden = Your account may not do this.
error-unauthorized = Please sign in to do this.
staff-bar = Staff tools
staff-edit-article = Edit this article
