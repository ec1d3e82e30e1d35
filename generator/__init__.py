"""LLM Reality Check: records in, checked claims and generated pages out."""
