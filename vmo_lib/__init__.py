"""VMO workbook helper library."""
