"""Lumbago Coach: guided self-massage for acute low back pain."""

__version__ = "0.1.0"
APP_ID = "org.lumbagocoach.LumbagoCoach"
APP_NAME = "Lumbago Coach"
