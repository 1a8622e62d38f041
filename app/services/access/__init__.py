"""Who is asking and what they may see: sign-in, users, scope, audit, audited reveals."""
