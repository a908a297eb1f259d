# Accounts: sign in, sign up, verification, reset, profile.
login-title = Sign in
login-password = Password
login-submit = Sign in
login-failed = That email and password do not match an account.
nav-account = Your account
nav-sign-up = Sign up
nav-sign-out = Sign out
signup-title = Create an account
signup-intro = An account lets you comment, reply and react under our stories.
signup-name = Display name
signup-submit = Create account
signup-have-account = Already have an account? Sign in
signup-error-email = Please enter a valid email address.
signup-error-name = Please enter a display name of up to 80 characters.
signup-error-password = The password must be 10 to 256 characters long.
signup-sent-title = Check your email
signup-sent-body = We have sent a message to that address. Follow the link in it to finish creating your account.
verify-done-title = Email confirmed
verify-done-body = Thank you: your email address is confirmed and you can now take part in the comments.
link-invalid-title = This link does not work
link-invalid-body = The link is unknown, has already been used, or has expired.
reset-title = Reset your password
reset-intro = Enter the email address of your account and we will send you a link to choose a new password.
reset-send = Send the link
reset-again = Ask for a new link
reset-sent-title = Check your email
reset-sent-body = If an account uses that address, we have sent it a link to choose a new password. The link works once, for one hour.
reset-new-title = Choose a new password
reset-save = Save the new password
reset-error-mismatch = The two passwords do not match.
reset-done-title = Password changed
reset-done-body = Your new password is saved; you have been signed out everywhere and your API tokens are revoked. Sign in with the new password.
account-title = Your account
account-unverified = Please confirm your email address with the link we sent you before commenting.
profile-heading = Profile
profile-public-link = See your public profile
profile-bio = About you (optional, shown on your public profile)
profile-save = Save
profile-error = Please give a display name of up to 80 characters and a bio of up to 1000.
notify-heading = Email notifications
notify-replies = Email me when someone replies to my comments
history-heading = Comments
history-empty = No comments yet.
person-since = Reader since { $date }
tokens-heading = API tokens
tokens-intro = Tokens let your own programs use the comments API as you. Keep them secret.
tokens-new = Your new token (shown only now):
tokens-label = Name of the new token
tokens-create = Create token
tokens-revoke = Revoke
tokens-revoked = revoked
tokens-error-label = Please name the token (up to 80 characters).
tokens-lifetime = Expires after
tokens-days = { $days } days
tokens-never-expires = never expires
tokens-expires = expires { $date }
tokens-expired = expired
tokens-last-used = last used { $date }
tokens-never-used = never used
tokens-error-expiry = Please choose how long the token lives (1 to 3650 days, or never).
tokens-error-unverified = Verify your email address before you create API tokens.
sessions-heading = Sessions
sessions-everywhere = Sign out on every device and revoke my API tokens
delete-heading = Delete your account
delete-comments = Your comments
delete-keep = Keep them, shown as written by a deleted account
delete-remove = Remove them
delete-submit = Delete my account
delete-error-password = That password is not right; your account was not deleted.
delete-error-choice = Please choose what happens to your comments.
account-deleted-title = Account deleted
account-deleted-body = Your account has been deleted. Thank you for taking part.
unsubscribed-title = Unsubscribed
unsubscribed-body = You will no longer receive emails about replies to your comments. You can turn them back on in your account.
unsubscribe-title = Reply emails
unsubscribe-replies = Stop the emails telling you about replies to your comments?
unsubscribe-button = Stop reply emails
outbox-title = Mail outbox
outbox-smtp = Mail is sent over SMTP; this is a record of it.
outbox-no-smtp = No SMTP server is configured, so mail waits here instead of being sent.
outbox-to = To
outbox-empty = No mail yet.
mail-verify-subject = Confirm your email address
mail-verify-body =
    Hello { $name },

    Please confirm your email address by opening this link:
    { $link }

    If you did not sign up, you can ignore this message.
mail-exists-subject = Someone tried to sign up with your address
mail-exists-body =
    Hello,

    Someone (perhaps you) tried to create an account with this email address, but it already has one.
    Sign in: { $login }
    Forgot your password? { $reset }

    If this was not you, you can ignore this message.
mail-reset-subject = Choose a new password
mail-reset-body =
    Hello { $name },

    Open this link within one hour to choose a new password:
    { $link }

    If you did not ask for this, you can ignore this message; your password stays the same.

two-step-title = Two-step sign-in
two-step-intro = After your password, sign-in also asks for a six-digit code from an authenticator app on your phone.
two-step-on = Two-step sign-in is on for this account.
two-step-start = Set up an authenticator app
two-step-add = Add this account to your authenticator app:
two-step-open-app = open in the app
two-step-or-type = or type this key:
two-step-confirm-hint = Then enter the code the app shows to turn two-step sign-in on.
two-step-code = Six-digit code
two-step-confirm = Turn on
two-step-disable = Turn off two-step sign-in
two-step-wrong-code = That code is not right. Check your phone's clock and try the newest code.
two-step-expired-title = Sign in again
two-step-expired-body = That sign-in took too long or was already used. Please enter your password again.
two-step-link = Two-step sign-in
verify-resend = Send the confirmation link again
verify-resent-title = Link sent
verify-resent-body = We have sent a new confirmation link to your email address. It works for three days.
login-forgot = Forgot your password?
login-no-account = No account yet? Sign up
two-step-qr-label = QR code for your authenticator app
two-step-password = Your password
two-step-code-or-recovery = Six-digit code or a recovery code
two-step-wrong-password = That password is not right.
two-step-not-on = Two-step sign-in is not on for this account.
two-step-moving = Your current authenticator keeps working until the new one is confirmed.
two-step-change = Change or turn off
two-step-change-hint = Both need your password and a code from your authenticator (or a recovery code).
two-step-move = Move to a new phone
two-step-codes-left = { $count ->
    [one] One recovery code is left.
   *[other] { $count } recovery codes are left.
}
two-step-recovery-title = Recovery codes
two-step-recovery-shown-once = Your recovery codes. Each one signs you in once instead of a code from your phone. Save them somewhere safe now: they are not shown again.
two-step-recovery-new = Make new recovery codes

# Staff invitations, from the invitee's side.
invite-title = Join the newsroom
invite-intro = { $name }, you are invited to { $site } as { $role }. Choose a password to finish.
invite-save = Set the password and sign in
invite-invalid-title = This invitation does not work
invite-invalid-body = The invitation is unknown, has already been used, or is older than seven days. Ask an administrator to invite you again.
mail-invite-subject = { $inviter } invited you to { $site }
mail-invite-body =
    Hello { $name },

    { $inviter } invited you to the newsroom of { $site } as { $role }.
    Open this link within seven days to choose your password:
    { $link }

    If you did not expect this, you can ignore this message.
