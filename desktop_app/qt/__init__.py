"""The Qt layer: windows and widgets that show engine state and forward keys as commands."""
