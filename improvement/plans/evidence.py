"""Evidence files: what may be uploaded, and how a file's name is made safe.

A file is accepted only if its extension is allowed AND its first bytes are what that extension claims (a
renamed executable or HTML page is refused), and it is no larger than settings.EVIDENCE_MAX_BYTES. Files are kept
in private storage and only ever served as downloads by a view that checks access.
"""

from __future__ import annotations

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "text/csv",
    "txt": "text/plain",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
ALLOWED_LABEL = "PDF, Word (DOCX), Excel (XLSX), OpenDocument (ODT, ODS), CSV, text, PNG or JPEG"
# Office files are zip archives; each kind is recognised by a member only it has.
_ZIP_MEMBER = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_OPENDOCUMENT = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"MZ", b"\x7fELF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0")
_SNIFF_BYTES = 64 * 1024


def extension(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


def safe_name(name: str) -> str:
    """A file name safe to store and to put in a header: no directories, no odd characters, at most 100 long."""
    base = get_valid_filename(os.path.basename(name.replace("\\", "/"))) or "evidence"
    stem, ext = os.path.splitext(base)
    return f"{stem[: 100 - len(ext)]}{ext.lower()}"


def _looks_like(ext: str, upload) -> bool:
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    upload.seek(0)
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext in ("csv", "txt"):
        return _is_text(head)
    try:
        with zipfile.ZipFile(upload) as archive:
            if ext in _ZIP_MEMBER:
                return _ZIP_MEMBER[ext] in archive.namelist()
            return archive.read("mimetype").strip() == _OPENDOCUMENT[ext]
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    finally:
        upload.seek(0)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head or head.startswith(_BINARY_MAGIC):
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def validate_evidence_file(upload) -> None:
    """Raise ValidationError saying what to fix unless `upload` is an allowed, genuine, small enough file."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"“{safe_name(upload.name)}” is {upload.size / 1024 / 1024:.1f} MB; evidence files can be at most "
            f"{limit // 1024 // 1024} MB. Upload a smaller file, or give a link to where the document is kept.",
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(f"“{safe_name(upload.name)}” is empty; choose the file again.", code="empty")
    ext = extension(upload.name)
    if ext not in CONTENT_TYPES:
        raise ValidationError(
            f"“{safe_name(upload.name)}” is not a type of file that can be kept as evidence. Upload a "
            f"{ALLOWED_LABEL} file.",
            code="type_not_allowed",
        )
    if not _looks_like(ext, upload):
        raise ValidationError(
            f"“{safe_name(upload.name)}” is named .{ext} but its contents are not a .{ext} file. Save it again "
            f"in that format, or give it the right extension.",
            code="type_mismatch",
        )
