"""Attachments: the storage of their bytes, the resumable upload (tus), the content checks and downloads."""
