"""The demo district: its data and the builder that loads it."""
