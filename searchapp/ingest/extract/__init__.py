"""Extract: a `CleanedDocument`'s metadata (date, source, dateline) and entities."""
