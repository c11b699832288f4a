"""The OKR table: the file format people import and export (DESIGN.md, "The OKR table")."""

from bot.table.importer import ImportSummary, import_table
from bot.table.reader import Table, TableError, read_table
from bot.table.writer import export_table, write_table

__all__ = [
    "ImportSummary",
    "Table",
    "TableError",
    "export_table",
    "import_table",
    "read_table",
    "write_table",
]
