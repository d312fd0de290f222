"""Writing a file whole or not at all: readers see the old file or the new one, never half."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: str | bytes, *, folder_mode: int = 0o777) -> None:
    """Write ``data`` (text as UTF-8) to a temporary file beside ``path`` and rename it into
    place, creating the folder (with ``folder_mode``, e.g. 0o700 for a private one) if needed."""
    path.parent.mkdir(mode=folder_mode, parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
