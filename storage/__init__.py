"""Anonymised storage on SQLite and PostgreSQL.

- :mod:`storage.database` — the ``Database`` object: ``read()`` / ``write()`` sessions,
  keyed hashes, ``upgrade()`` (Alembic, ``storage/migrations``).
- :mod:`storage.models` — the tables.
- Queries, keyword-only, one module per topic: :mod:`~storage.sessions` (surveys in
  progress), :mod:`~storage.responses` (completion, withdrawal, flags),
  :mod:`~storage.stories`, :mod:`~storage.invites`, :mod:`~storage.staff` (agencies, join
  codes, staff, admins), :mod:`~storage.rounds`, :mod:`~storage.updates`,
  :mod:`~storage.audit`, :mod:`~storage.purge`, :mod:`~storage.export`.
- :mod:`storage.keys` — keyed hashes, tokens and short codes; :mod:`storage.redaction` —
  free-text redaction.
"""
