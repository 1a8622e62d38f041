"""The demo district: its data (data/*.toml) and the small builders that load it (seed.py runs them in order)."""
