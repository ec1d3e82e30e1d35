"""The reality engine: pure functions from records to results that carry their own arithmetic."""
