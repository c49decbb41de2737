"""Telegram handlers: respondents, staff, admins, and the one error handler."""
