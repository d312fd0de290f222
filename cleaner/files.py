"""Writing a file whole or not at all: readers see the old file or the new one, never half."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)   # the only way to read it is to set it: put it straight back
    os.umask(mask)
    return mask


# read once, at import (in the main thread): os.umask is process-wide, so reading it later could
# race with another thread creating a file
_FILE_MODE = 0o666 & ~_umask()


def write_atomic(path: Path, data: str | bytes, *, folder_mode: int = 0o777, private: bool = False) -> None:
    """Write ``data`` (text as UTF-8) to a temporary file beside ``path`` and rename it into
    place, creating the folder (with ``folder_mode``, e.g. 0o700 for a private one) if needed.
    The file gets the permissions a new file gets from the umask (only its owner's if ``private``)."""
    path.parent.mkdir(mode=folder_mode, parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            if not private:   # mkstemp makes the file its owner's only
                os.fchmod(out.fileno(), _FILE_MODE)
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
