"""Alembic migrations; run them with ``betteroff db upgrade`` or ``Database.upgrade()``."""
