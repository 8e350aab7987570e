"""Calendar words, written once: the date grammar and the document readers spell months and weekdays alike.

Names are lower-case; numbers follow ``datetime`` (January = 1, Monday = 0).
The alternations are plain, in calendar order, so a pattern built from them
reads exactly as one with the names written out.
"""
from __future__ import annotations

import re

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

FULL_MONTH_NUMBERS = {name: number for number, name in enumerate(MONTHS, start=1)}
FULL_WEEKDAY_NUMBERS = {name: number for number, name in enumerate(WEEKDAYS)}
# "may" is no abbreviation: it is the whole name
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                       "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAY_ABBREVIATIONS = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3,
                         "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
SPANISH_MONTHS = {"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6,
                  "julio": 7, "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10,
                  "noviembre": 11, "diciembre": 12}
SPANISH_WEEKDAYS = {"lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3,
                    "viernes": 4, "sábado": 5, "sabado": 5, "domingo": 6}

# English names and abbreviations: every three-letter month prefix ("Jan", "May", "Sep") is a key.
MONTH_NUMBERS = {**MONTH_ABBREVIATIONS, **FULL_MONTH_NUMBERS}
ALL_MONTH_NUMBERS = {**MONTH_ABBREVIATIONS, **SPANISH_MONTHS, **FULL_MONTH_NUMBERS}
ALL_WEEKDAY_NUMBERS = {**WEEKDAY_ABBREVIATIONS, **SPANISH_WEEKDAYS, **FULL_WEEKDAY_NUMBERS}

MONTH_ALTERNATION = "|".join(name.capitalize() for name in MONTHS)      # January|February|...|December
WEEKDAY_ALTERNATION = "|".join(name.capitalize() for name in WEEKDAYS)  # Monday|Tuesday|...|Sunday

# A line that is a month and nothing else, "FEBRUARY" or "March 2024": a heading of a text told month by month
MONTH_LINE = re.compile(rf"^\W*({'|'.join(MONTHS)})(?:\s+((?:19|20)\d{{2}}))?\W*$", re.I)
