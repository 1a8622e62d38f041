"""Papers and the dossier (调解卷宗), generated from a case's record as PDF (docs/papers.md)."""
