"""Read-only views: case and visit lists, history, paging, reference data."""
