"""The Qt-free core: routines, the session engine, pain rules and history."""
