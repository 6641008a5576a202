"""The phone remote: a page on the phone that follows and steers the session on the computer."""
