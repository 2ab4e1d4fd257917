"""The contact block ("For more information, please contact …") and the contacts in it:
names, offices, emails (mailto: leftovers and "name [at] iom.int" too) and phones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from pydantic import EmailStr, TypeAdapter, ValidationError

from knowledge.intake.common import NAME_TOKEN, NOT_NAME_WORDS, PARTICLE, TAIL
from knowledge.intake.page import Line, Page
from knowledge.records.phones import normalise_phone

_MARKER = re.compile(
    r"(?i)^\W*(?:for\s+(?:more|further|additional)\s+information|for\s+media\s+"
    r"(?:inquiries|enquiries|information)|media\s+contacts?\b|press\s+contacts?\b|contacts?\s*:"
    r"|para\s+(?:m[aá]s|mayor)\s+informaci[oó]n|contactos?(?:\s+(?:de\s+prensa|para\s+medios))?"
    r"\s*:|prensa\s*:|informes?\s*:)"
)
_MID_MARKER = re.compile(
    r"[.!?][\"”’)]?\s+(" + _MARKER.pattern.removeprefix("(?i)^\\W*") + ")", re.I
)
_AFTER_MARKER = re.compile(
    r"(?i)\b(?:contact(?:ar|e|o|s)?|comun[ií]quese\s+con|comunicarse\s+con|escribir\s+a)\b"
    r"(?:\s+(?:a|with|con)\b)?\s*[:,\-–]?\s*"
)
_EMAIL = re.compile(
    r"(?<![\w.+'-])(?:mailto:)?([A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9-]+"
    r"(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
)
_EMAIL_OBFUSCATED = re.compile(
    r"(?i)(?<![\w.])([a-z0-9][a-z0-9._-]*)\s*[\[(]\s*(?:at|arroba)\s*[\])]\s*"
    r"([a-z0-9-]+(?:\s*(?:\.|[\[(]\s*(?:dot|punto)\s*[\])])\s*[a-z0-9-]+)+)"
)
_PHONE_LABEL = re.compile(
    r"(?i)\b(tel[eé]fono|tel[eé]f|tel|phone|ph|mobile|m[oó]vil|cel(?:ular)?|cell|fax|t|m|p)"
    r"\b\s*\.?\s*[:.]?\s*$"
)
_LABELS = re.compile(
    r"(?i)\b(?:e-?mail|correo(?:\s+electr[oó]nico)?|tel[eé]fono|tel[eé]f|tel|phone|mobile|"
    r"m[oó]vil|cel(?:ular)?|cell|fax|name|nombre|contact|contacto|office|oficina)\b\s*\.?\s*:?"
)
_LABEL_ONLY = re.compile(r"\W*" + _LABELS.pattern.removeprefix("(?i)") + r"\W*", re.I)
_OFFICE = re.compile(r"(?<![\w])(IOM|OIM|UN Migration|ONU Migraci[oó]n)(?![\w])")
_NAME = re.compile(rf"^{NAME_TOKEN}(?:\s+(?:{PARTICLE}\s+)*{NAME_TOKEN}){{1,5}}$")


@dataclass
class _Item:
    """One thing found on a contact line, where it is in Page.text."""

    kind: str  # name, office, phone, email
    value: str
    start: int
    end: int


@dataclass
class FoundContact:
    """One person's (or office's) contact details, with the span of the page they cover (the quote)."""

    name: str | None = None
    office: str | None = None
    email: str | None = None
    phone: str | None = None
    start: int = 0
    end: int = 0

    def add(self, item: _Item) -> None:
        if self.start == self.end:
            self.start, self.end = item.start, item.end
        self.start, self.end = min(self.start, item.start), max(self.end, item.end)
        setattr(self, item.kind, item.value)


def _contact_like(text: str) -> bool:
    """A line that can be part of a contact block: an email, a phone, an office, a label, a name."""
    if not text:
        return False
    if _EMAIL.search(text) or _EMAIL_OBFUSCATED.search(text) or phones_in(text, 0):
        return True
    if _OFFICE.search(text) and len(text.split()) <= 8:
        return True
    if re.fullmatch(r"(?i)(or|o|and|y|/|-|–|—|\||,)", text):
        return True
    if _LABEL_ONLY.fullmatch(text):
        return True
    stripped = _LABELS.sub(" ", text).strip(" :,-–")
    return bool(_NAME.match(stripped)) and not _has_non_name_word(stripped)


def _has_non_name_word(text: str) -> bool:
    """Words like 'Office' or 'Coordinator' make a capitalised run something other than a name."""
    return any(w.casefold().strip(".,:;") in NOT_NAME_WORDS for w in text.split())


def find_contact_block(lines: list[Line]) -> tuple[Line | None, list[Line]]:
    """The "For more information, please contact" marker and the contact lines after it.

    The marker can sit anywhere; the block ends at a line of prose or page furniture, or at
    a blank line that is not followed by more contact lines. The first marker whose block
    has an email or phone wins.
    """
    for i, line in enumerate(lines):
        if not _MARKER.match(line.text):
            continue
        block: list[Line] = []
        m = _AFTER_MARKER.search(line.text)
        rest_start = None
        if m:
            rest_start = line.start + m.end()
        elif ":" in line.text:
            rest_start = line.start + line.text.index(":") + 1
        if rest_start is not None and rest_start < line.end:
            block.append(Line(rest_start, line.end, line.text[rest_start - line.start :]))
        j = i + 1
        blanks = 0
        while j < len(lines) and len(block) < 40:
            text = lines[j].text
            if not text:
                blanks += 1
                if blanks > 3:
                    break
                j += 1
                continue
            if TAIL.match(text) or not _contact_like(text):
                break
            if blanks and block and not _continues_block(lines, j):
                break
            blanks = 0
            block.append(lines[j])
            j += 1
        if any(_EMAIL.search(b.text) or phones_in(b.text, 0) for b in block):
            return line, block
    return None, []


def _continues_block(lines: list[Line], j: int) -> bool:
    """After a blank line: another contact follows only if an email or phone comes soon."""
    for k in range(j, min(j + 5, len(lines))):
        text = lines[k].text
        if text and (_EMAIL.search(text) or phones_in(text, 0)):
            return True
        if text and not _contact_like(text):
            return False
    return False


def phones_in(text: str, offset: int) -> list[tuple[str, int, int]]:
    """(phone as printed, start, end) for each real phone number in a piece of text.

    phonenumbers' own matcher finds them (its grammar of separators, brackets and
    extensions is the one the loader parses with); then a fax is not a contact's phone,
    an unlabelled local number needs 8 digits, a year range is not a number, and the
    loader's check decides (a number with its international prefix must be valid)."""
    found = []
    for m in phonenumbers.PhoneNumberMatcher(text, "MX", leniency=phonenumbers.Leniency.POSSIBLE):
        printed = m.raw_string.strip().rstrip(".,;")
        digits = re.sub(r"\D", "", printed.split("ext")[0].split("x")[0])
        if re.fullmatch(r"(?:(?:19|20)\d\d)+", digits) and not printed.startswith("+"):
            continue  # "2011-2012"
        label = _PHONE_LABEL.search(text[max(0, m.start - 14) : m.start])
        if label and label.group(1).casefold() == "fax":
            continue
        if not label and not printed.startswith(("+", "(+")) and len(digits) < 8:
            continue
        try:
            normalise_phone(printed)
        except ValueError:
            continue
        found.append((printed, offset + m.start, offset + m.start + len(printed)))
    return found


_EMAIL_CHECK = TypeAdapter(EmailStr)


def _valid_email(email: str) -> bool:
    """The check the Contact model makes, so a found email never fails it."""
    try:
        _EMAIL_CHECK.validate_python(email)
    except ValidationError:
        return False
    return True


def title_case(name: str) -> str:
    """'José Ramón CORDOBA' → 'José Ramón Cordoba' (all-capital surnames as printed)."""
    return " ".join(
        w.capitalize() if len(w) > 2 and w.isupper() and w.isalpha() else w for w in name.split()
    )


def _line_items(page: Page, line: Line) -> list[_Item]:
    """The emails, phones, offices and names on one contact line, in order; each found part is
    blanked so later patterns cannot read it twice."""
    text = page.text[line.start : line.end]
    items: list[_Item] = []
    mask = list(text)

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            mask[k] = " "

    for m in _EMAIL.finditer(text):
        if _valid_email(m.group(1)):
            items.append(
                _Item("email", m.group(1).casefold(), line.start + m.start(), line.start + m.end())
            )
        blank(m.start(), m.end())
    for m in _EMAIL_OBFUSCATED.finditer(text):
        domain = re.sub(r"\s*(?:\.|[\[(]\s*(?:dot|punto)\s*[\])])\s*", ".", m.group(2))
        if not _valid_email(f"{m.group(1)}@{domain}"):
            continue
        items.append(
            _Item(
                "email",
                f"{m.group(1)}@{domain}".casefold(),
                line.start + m.start(),
                line.start + m.end(),
            )
        )
        blank(m.start(), m.end())
    # leftovers of a link: "mailto:…">…  or href="…"
    for m in re.finditer(r"(?i)(href=)?[\"']?mailto:[^\s\"'>]*[\"']?>?|[\"']>", "".join(mask)):
        blank(m.start(), m.end())
    masked = "".join(mask)
    for printed, a, b in phones_in(masked, 0):
        items.append(_Item("phone", printed, line.start + a, line.start + b))
        blank(a, b)
    masked = _LABELS.sub(lambda m: " " * len(m.group()), "".join(mask))
    # what is left: names and offices, separated by punctuation or "at"/"en"
    for m in re.finditer(r"[^,;|•·()\[\]<>\"“”:/]+", masked):
        seg_start = m.start()
        for part in re.split(r"\s(?:at|en|from|de la|–|—|-)\s", m.group()):
            idx = masked.find(part, seg_start)
            seg_start = idx + len(part)
            value = part.strip(" .-–—\t")
            value = re.sub(r"(?i)^(?:or|and|o|y|or contact|o bien)\s+", "", value)
            if not value:
                continue
            a = line.start + idx + part.index(value)
            b = a + len(value)
            if _OFFICE.search(value) and len(value.split()) <= 8:
                items.append(_Item("office", value, a, b))
            elif _NAME.match(value) and not _has_non_name_word(value):
                items.append(_Item("name", title_case(value), a, b))
    items.sort(key=lambda it: it.start)
    return items


def find_contacts(page: Page, block: list[Line]) -> list[FoundContact]:
    """Group the block's names, offices, emails and phones into contacts, in page order."""
    items = [it for line in block for it in _line_items(page, line)]
    office_first = bool(items) and items[0].kind == "office"
    contacts: list[FoundContact] = []
    current: FoundContact | None = None
    pending_office: _Item | None = None

    def new() -> FoundContact:
        c = FoundContact()
        if pending_office is not None:
            c.add(pending_office)
        contacts.append(c)
        return c

    for item in items:
        if item.kind == "name":
            if current is None or current.name or current.email or current.phone:
                if (
                    current is not None
                    and not current.name
                    and not (current.email and current.phone)
                ):
                    current.add(item)  # a name after an email or phone alone: same person
                    continue
                current = new()
                pending_office = None
            current.add(item)
        elif item.kind == "office":
            if office_first or current is None:
                pending_office = item
                if current is not None and not current.name and not current.email:
                    current.add(item)
            elif current.office is None:
                current.add(item)
            else:
                pending_office = item
        elif item.kind == "email":
            if current is None or (current.email and current.email != item.value):
                current = new()
            current.add(item)
        elif item.kind == "phone":
            if current is None or (current.phone and current.email):
                current = new()
            if current.phone is None:
                current.add(item)
    return [c for c in contacts if c.email or c.phone]


def split_at_markers(lines: list[Line]) -> list[Line]:
    """A contact marker after a sentence, mid-line ("… each year. For more information,
    please contact …"), starts a line of its own."""
    out = []
    for line in lines:
        m = _MID_MARKER.search(line.text)
        if m is None:
            out.append(line)
            continue
        cut = m.start(1)
        head = line.text[:cut].rstrip()
        out.append(Line(line.start, line.start + len(head), head))
        out.append(Line(line.start + cut, line.end, line.text[cut:]))
    return out
