"""Files sent as context: their text, read off the GUI thread, with limits and clear refusals. No Qt.

What is read: text and code (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030, which covers GBK and
GB2312), CSV, JSON and Markdown as text; PDF's text layer through pypdfium2 (Apache-2.0/BSD; 40 ms for 12
pages, Chinese phrases kept whole, where pypdf split "第399段" at font changes); DOCX's paragraphs from
``word/document.xml`` with the standard library (what docx2txt does, without lxml's 13 MB).

What is refused, each with a kind the window words for the user: a file over ``MAX_FILE_BYTES``, a binary
file, a PDF with no text layer (scanned) or a password, a file gone before it was read. A text longer than
``MAX_FILE_CHARS`` is reported as such, with the text: the user chooses to send it cut or to remove it.
"""

from __future__ import annotations

import enum
import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from hunyuan_desktop.domain import Attachment, AttachmentKind

MAX_FILE_BYTES = 50 * 1024 * 1024  # a file read as context (a 500 MB log is refused before reading)
MAX_FILE_CHARS = 60_000  # per file: about 60k tokens of Chinese, more than most models' whole context
MAX_MESSAGE_CHARS = 150_000  # all files of one message
MAX_ATTACHMENTS = 20  # per message
MAX_IMAGES = 10  # per message
# What the file picker offers as context (any other file is tried as text, and refused if binary).
TEXT_SUFFIXES = frozenset(
    (
        ".txt",
        ".md",
        ".markdown",
        ".csv",
        ".tsv",
        ".json",
        ".jsonl",
        ".yaml",
        ".yml",
        ".toml",
        ".ini",
        ".cfg",
        ".conf",
        ".log",
        ".xml",
        ".html",
        ".htm",
        ".css",
        ".js",
        ".ts",
        ".tsx",
        ".jsx",
        ".py",
        ".java",
        ".kt",
        ".c",
        ".h",
        ".cpp",
        ".hpp",
        ".cc",
        ".cs",
        ".go",
        ".rs",
        ".rb",
        ".php",
        ".swift",
        ".m",
        ".sh",
        ".bash",
        ".zsh",
        ".ps1",
        ".bat",
        ".sql",
        ".r",
        ".lua",
        ".pl",
        ".scala",
        ".dart",
        ".vue",
        ".svelte",
        ".tex",
        ".rst",
        ".srt",
        ".vtt",
        ".diff",
        ".patch",
        ".pdf",
        ".docx",
    )
)
IMAGE_SUFFIXES = frozenset((".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp"))
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Refusal(enum.StrEnum):
    TOO_LARGE = "too-large"  # the file is over MAX_FILE_BYTES
    BINARY = "binary"  # not text, and not a kind we read
    SCANNED = "scanned"  # a PDF without a text layer
    LOCKED = "locked"  # a PDF or document with a password
    DAMAGED = "damaged"  # a PDF or DOCX that cannot be opened
    GONE = "gone"  # deleted or unreadable between choosing and reading
    EMPTY = "empty"  # no text at all


class AttachmentRefused(Exception):
    def __init__(self, kind: Refusal, name: str, detail: str = "") -> None:
        super().__init__(f"{name}: {kind.value}{': ' + detail if detail else ''}")
        self.kind = kind
        self.name = name
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Prepared:
    """An attachment ready to send: what the message lists, and its bytes (kept in the archive)."""

    attachment: Attachment
    data: bytes

    @property
    def blob(self) -> tuple[str, bytes]:
        return self.attachment.mime, self.data


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_image_name(name: str) -> bool:
    return Path(name).suffix.lower() in IMAGE_SUFFIXES


def file_text(path: Path) -> str:
    """The text of a file sent as context (see the module's docstring). Raises AttachmentRefused."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise AttachmentRefused(Refusal.GONE, name, exc.strerror or str(exc)) from exc
    if size > MAX_FILE_BYTES:
        raise AttachmentRefused(Refusal.TOO_LARGE, name, f"{size / 1024 / 1024:.0f} MB")
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            text = _pdf_text(path)
        elif suffix == ".docx":
            text = _docx_text(path)
        else:
            text = decode_text(path.read_bytes(), name)
    except OSError as exc:
        raise AttachmentRefused(Refusal.GONE, name, exc.strerror or str(exc)) from exc
    if not text.strip():
        raise AttachmentRefused(Refusal.SCANNED if suffix == ".pdf" else Refusal.EMPTY, name)
    return text


def decode_text(data: bytes, name: str) -> str:
    """Bytes of a text file as text: BOMs first, then UTF-8, then GB18030 (GBK's superset). A NUL byte
    outside UTF-16, or bytes no encoding reads, mean a binary file."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    if b"\x00" in data[:8192]:
        raise AttachmentRefused(Refusal.BINARY, name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AttachmentRefused(Refusal.BINARY, name)


def _pdf_text(path: Path) -> str:
    import pypdfium2  # noqa: PLC0415 - 30 ms and a native library: only when a PDF is attached

    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        kind = Refusal.LOCKED if "password" in str(exc).lower() else Refusal.DAMAGED
        raise AttachmentRefused(kind, path.name, str(exc)) from exc
    try:
        pages: list[str] = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n"))
            textpage.close()
            page.close()
        return "\n\n".join(pages)
    finally:
        pdf.close()


def _docx_text(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_FILE_BYTES * 4:
                raise AttachmentRefused(Refusal.TOO_LARGE, path.name)
            # Python 3.11's expat refuses entity-expansion bombs and never fetches external entities.
            root = ElementTree.fromstring(archive.read(info))  # noqa: S314
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise AttachmentRefused(Refusal.DAMAGED, path.name, str(exc)) from exc
    paragraphs = []
    wanted = (f"{_W}t", f"{_W}tab")
    for para in root.iter(f"{_W}p"):
        runs = [(node.text or "") if node.tag == f"{_W}t" else "\t" for node in para.iter() if node.tag in wanted]
        paragraphs.append("".join(runs))
    return "\n".join(paragraphs)


def prepare_file(path: Path, *, cut: bool = False) -> Prepared:
    """A file as context. A text over ``MAX_FILE_CHARS`` raises TooLong unless ``cut`` (then it is cut)."""
    text = file_text(path)
    if len(text) > MAX_FILE_CHARS:
        if not cut:
            raise TooLongError(path.name, len(text))
        text = text[:MAX_FILE_CHARS]
    return prepared_text(path.name, text, cut=cut and len(text) >= MAX_FILE_CHARS)


def prepared_text(name: str, text: str, *, cut: bool = False) -> Prepared:
    data = text.encode("utf-8", "surrogatepass")
    return Prepared(
        Attachment(AttachmentKind.FILE, name, "text/plain", digest(data), len(data), chars=len(text), cut=cut), data
    )


class TooLongError(Exception):
    """A file's text is longer than one file may send: the user chooses to cut it or to remove it."""

    def __init__(self, name: str, chars: int) -> None:
        super().__init__(f"{name}: {chars} characters")
        self.name = name
        self.chars = chars
