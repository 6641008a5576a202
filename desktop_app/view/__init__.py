"""What a screen shows of a session, decided without Qt: the window and the phone both render it."""
