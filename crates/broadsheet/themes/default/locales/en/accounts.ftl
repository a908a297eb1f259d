# Accounts: sign in, sign up, verification, reset, profile.
login-title = Sign in
login-password = Password
login-submit = Sign in
login-failed = That email and password do not match an account.
