"""Administration: users and profiles, the area tree, committees, the audit log."""
