"""The meeting's papers: the kallelse (notice with the agenda) as a plain document model, its PDF (Typst, tagged
PDF/UA-1) and Word renderers, and the handlingar (the kallelse with every item's case documents, one PDF with
bookmarks). Each comes in a public edition (the public items) and a complete edition (with the sekretessärenden)."""
