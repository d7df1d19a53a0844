"""Writers (文档输出): the official tables (.xlsx/.docx), the self-evaluation report (.docx/.html/.pdf)
and the finance bureau's summary (.xlsx/.pdf), all from plans and the scores jixiao computes."""

from jixiao.documents.writers.export import TABLE_FORMATS, export_tables, write_tables

__all__ = ["TABLE_FORMATS", "export_tables", "write_tables"]
