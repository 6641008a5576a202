"""Sound and voice: cues for engine events, playback backends, speech."""
