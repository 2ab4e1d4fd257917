"""Reading a page: its bytes as text, a normalised view of it that remembers where each
character came from (so every quote can be cut from the page exactly as stored, which is
what the loader checks quotes against), and the lines of that view.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from knowledge.intake.common import MAX_BYTES, IntakeError

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_page(raw: bytes, name: str = "input") -> str:
    """The page as text, or an IntakeError saying in one line why it cannot be one."""
    if len(raw) > MAX_BYTES:
        raise IntakeError(
            f"{name} is larger than {MAX_BYTES // 1024} KB; a release page is far smaller "
            "(is this the right file?)"
        )
    if not raw.strip():
        raise IntakeError(f"{name} is empty")
    if b"\x00" in raw:
        raise IntakeError(f"{name} is binary data, not a text page")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IntakeError(
            f"{name} is not UTF-8 text (byte {exc.start}); save the page as UTF-8 and retry"
        ) from None
    if len(_CONTROL.findall(text)) > max(3, len(text) // 100):
        raise IntakeError(f"{name} is binary data, not a text page")
    return text


_NORMALISE = re.compile(
    r"\r\n?|[\x85\u2028\u2029]"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,300})?/?>"
    r"|[\u00a0\u2007\u202f\t]"
    r"|[\u200b-\u200d\u2060\ufeff]"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
)
_BLOCK_TAGS = re.compile(r"(?i)^</?(?:br|p|div|li|ul|ol|tr|h[1-6]|section|article)\b")


@dataclass
class Page:
    """The page as stored (``raw``) and a clean view (``text``) mapped back onto it."""

    raw: str
    text: str
    starts: list[int]
    ends: list[int]

    def raw_span(self, start: int, end: int) -> str:
        """The stored page's characters behind text[start:end]."""
        if end <= start:
            return ""
        a, b = self.starts[start], self.ends[end - 1]
        # never cut a letter from its accents: the loader compares quotes in NFC
        while a > 0 and unicodedata.combining(self.raw[a]):
            a -= 1
        while b < len(self.raw) and unicodedata.combining(self.raw[b]):
            b += 1
        return self.raw[a:b]

    def quote(self, start: int, end: int) -> str:
        """A verbatim quote of text[start:end], whitespace runs made single spaces."""
        return re.sub(r"\s+", " ", self.raw_span(start, end)).strip()

    def quote_lines(self, start: int, end: int) -> str:
        """A verbatim quote keeping its line breaks (for contact blocks)."""
        lines = (line.strip() for line in self.raw_span(start, end).splitlines())
        return "\n".join(re.sub(r"\s+", " ", line) for line in lines if line)


def normalise(raw: str) -> Page:
    """CRLF → LF, entities decoded, tags and zero-width characters dropped, NBSP → space."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0

    def keep(chunk: str, start: int, end: int, one_to_one: bool) -> None:
        for i, ch in enumerate(chunk):
            out.append(ch)
            starts.append(start + i if one_to_one else start)
            ends.append(start + i + 1 if one_to_one else end)

    for m in _NORMALISE.finditer(raw):
        keep(raw[pos : m.start()], pos, m.start(), True)
        token = m.group()
        if token[0] in "\r\x85\u2028\u2029":
            new = "\n"
        elif token[0] == "&":
            new = html.unescape(token)
            new = new.replace("\u00a0", " ").replace("\r", "")
            if new == token:
                keep(token, m.start(), m.end(), True)
                pos = m.end()
                continue
        elif token[0] == "<":
            new = "\n" if _BLOCK_TAGS.match(token) else " "
        elif token in "\u00a0\u2007\u202f\t":
            new = " "
        elif "\u200b" <= token <= "\u200d" or token in "\u2060\ufeff":
            new = ""
        else:
            new = " "
        keep(new, m.start(), m.end(), False)
        pos = m.end()
    keep(raw[pos:], pos, len(raw), True)
    return Page(raw=raw, text="".join(out), starts=starts, ends=ends)


@dataclass
class Line:
    """A line of Page.text, stripped, with its offsets."""

    start: int  # offsets of the stripped line in Page.text
    end: int
    text: str

    @property
    def words(self) -> list[str]:
        return self.text.split()


def split_lines(page: Page) -> list[Line]:
    """Page.text's lines, blank ones included (blank lines separate blocks)."""
    lines = []
    pos = 0
    for chunk in page.text.split("\n"):
        stripped = chunk.strip()
        lead = len(chunk) - len(chunk.lstrip())
        lines.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(chunk) + 1
    return lines
