"""Sign-in: passwords, tokens, devices, the current user."""
