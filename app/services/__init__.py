"""Business rules and transactions; routes call these."""
