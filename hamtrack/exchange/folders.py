"""An export as a folder of CSV files or as one zip, both ways; a zip is checked for size and
entry count before anything is unpacked."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

from hamtrack.exchange import spec
from hamtrack.exchange.problems import ImportRefused, Problem, Problems

# The zip's entries get a fixed timestamp so the same records always give the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """The files in one zip, in FILES order; the same files always give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def export_name(since: dt.date | None, until: dt.date | None, *, suffix: str = ".zip") -> str:
    """A file name that says which period an export covers."""
    period = ""
    if since is not None or until is not None:
        first = since.isoformat() if since else "start"
        last = until.isoformat() if until else "now"
        period = f"-{first}-to-{last}"
    return f"hamtrack-export{period}{suffix}"


def write_files(files: Mapping[str, bytes], out: Path) -> list[Path]:
    """Write the files into the folder `out` (made if missing), or into one zip if it ends .zip."""
    out = Path(out)
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(zip_bytes(files))
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


def _ignored(name: str) -> bool:
    # Folders, hidden files and the resource forks macOS adds to zips hold no records.
    base = name.rsplit("/", 1)[-1]
    return name.endswith("/") or name.startswith("__MACOSX/") or base.startswith(".") or not base


def read_zip(data: bytes, *, name: str = "the zip file") -> dict[str, bytes]:
    """The CSV files of an export zip, by file name (files in one folder inside are fine too)."""
    problems = Problems()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise ImportRefused([Problem(name, None, "is not a zip file.")]) from None
    with archive:
        entries = [info for info in archive.infolist() if not _ignored(info.filename)]
        if len(entries) > spec.MAX_ZIP_ENTRIES:
            raise ImportRefused([Problem(name, None, f"holds {len(entries)} files; too many.")])
        if sum(info.file_size for info in entries) > spec.MAX_ZIP_BYTES:
            raise ImportRefused(
                [Problem(name, None, f"unpacks to more than {spec.MAX_ZIP_BYTES // 2**20} MB.")]
            )
        files: dict[str, bytes] = {}
        for info in entries:
            base = info.filename.rsplit("/", 1)[-1]
            if not base.lower().endswith(".csv"):
                continue
            if base in files:
                problems.add(base, None, "appears twice in the zip.")
                continue
            try:
                with archive.open(info) as entry:
                    content = entry.read(spec.MAX_FILE_BYTES + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as bad:
                problems.add(base, None, f"cannot be unpacked ({bad}).")
                continue
            files[base] = content
    if problems:
        raise problems.refuse()
    return files


def read_folder(path: Path) -> dict[str, bytes]:
    """The CSV files in a folder (or in an export zip), by file name."""
    path = Path(path)
    if path.is_file():
        return read_zip(path.read_bytes(), name=path.name)
    if not path.is_dir():
        raise ImportRefused([Problem(str(path), None, "is neither a folder nor a zip file.")])
    files = {}
    for entry in sorted(path.iterdir()):
        if entry.is_file() and entry.suffix.lower() == ".csv" and not entry.name.startswith("."):
            with entry.open("rb") as handle:
                # One byte past the limit is enough for the size check to refuse it.
                files[entry.name] = handle.read(spec.MAX_FILE_BYTES + 1)
    return files
