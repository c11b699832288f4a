"""Persistence for okrbot behind the core's ports: SQLAlchemy tables (`schema`), repositories
(`repositories`, `tracking`, `events`), the unit of work and engine factory (`unit_of_work`) and
Alembic migrations (`migrate`). Importing any of it connects to nothing: the application builds
the engine and passes it in."""
