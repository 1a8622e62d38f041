"""Sync: push, pull, the SQL store behind the engine, sequences, cursors and conflict resolution."""
