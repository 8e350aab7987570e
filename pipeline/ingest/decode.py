"""Reading bytes as text: UTF-8, else the detector's pick with Western legacy encodings preferred; binary refused.

Raises UnicodeDecodeError for what is not text, so the caller can report
the file by name and skip it.
"""
from __future__ import annotations

import re

import charset_normalizer

# Encodings preferred when the detector finds them as likely as its own pick.
PREFERRED_LEGACY_ENCODINGS = ("cp1252", "latin_1", "iso8859_15")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with; raises UnicodeDecodeError for binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:8192]:
        raise UnicodeDecodeError("binary", data[:1], 0, 1, "NUL bytes: a binary file, not text")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        matches = charset_normalizer.from_bytes(data)
        best = matches.best()
        if best is None or best.encoding is None:
            raise
        text, encoding = _preferred_reading(matches, best)
    if _looks_binary(text):
        raise UnicodeDecodeError(encoding, data[:1], 0, 1, "mostly control characters: a binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _preferred_reading(matches, best) -> tuple[str, str]:
    """Among readings as good as the best one, the Western legacy encoding.

    Short Spanish or English text in Windows-1252 or Latin-1 reads equally well
    as Windows-1250 or -1257 to the detector, which then picks one of those and
    turns "año" into "ańo". The articles are Spanish and English, so a tie goes
    to Windows-1252 (a superset of Latin-1's printable characters).
    """
    for preferred in PREFERRED_LEGACY_ENCODINGS:
        for match in matches:
            if (preferred in match.could_be_from_charset and match.chaos <= best.chaos
                    and match.coherence >= best.coherence):
                return str(match), preferred
    return str(best), best.encoding


CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _looks_binary(text: str) -> bool:
    """More than 5% control characters (Unicode category Cc, bar line breaks and tabs)."""
    sample = text[:4096]
    return bool(sample) and len(CONTROL_CHARS.findall(sample)) / len(sample) > 0.05
