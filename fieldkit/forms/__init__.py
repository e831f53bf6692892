"""Printable forms and ledgers (reportlab PDF, A4, embedded CJK font) and their Excel export."""
