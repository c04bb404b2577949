"""Data layer: table schemas, loading and validation, generator, Excel template."""
