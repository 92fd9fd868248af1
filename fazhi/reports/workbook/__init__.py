"""The year's ledgers (台账) in one workbook, a sheet each, for the inspectors who ask
for them: plan tasks, the leader's duty log, matters and meetings, reviews, study,
exams, legal education, disclosure, applications, tickets and the hotline's figures.

Streamed (core.xlsxstream, about ten times openpyxl's speed): a city-scale year has
some 300,000 tickets and 200,000 applications, so every table is read as value tuples
in chunks, never as model instances, and each row goes to the file as it is read.
Sheet names and headers are Chinese whatever the interface language: the workbook is
an official ledger.
"""

from .base import DATETIME_FORMAT
from .book import SHEETS, ledgers_workbook
from .public import TICKET_COLUMNS

__all__ = ["DATETIME_FORMAT", "SHEETS", "TICKET_COLUMNS", "ledgers_workbook"]
