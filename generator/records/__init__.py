"""Records: the YAML files in data/ and claims/, read, validated and cross-checked into one Catalog.

Owns the schemas, the fast reader and the loader that names file:line:column, references between records, error
messages, the catalog cache, JSON Schemas, scaffolds, the API-price dataset and the 'today' rule.
Imports nothing from generator but `constants`: everything else builds on it.
"""
