"""The middle layer: the controller composes the data, the services and the flows (sound,
routines, safety, back check, phone, session, reminders, secondary windows) with the window.
Each flow is a QObject built with what it needs: signals out, intention methods in."""
