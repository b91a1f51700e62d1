"""Safety: system errors (a full disk, a file-size limit, a folder without permission) as one clear line."""

from __future__ import annotations

import errno
import os

_HINTS = {
    errno.ENOSPC: "the disk is full: free space and run the command again",
    errno.EDQUOT: "the disk quota is used up: free space and run the command again",
    errno.EFBIG: "a file grew past the size limit of this process (ulimit -f): raise the limit and run the command again",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "no permission: give this user access, or choose another folder",
    errno.EPERM: "no permission: give this user access, or choose another folder",
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
}


def describe_os_error(exc: OSError, doing: str) -> str:
    """'cannot write the site: /x/site: the disk is full: free space and run the command again'."""
    where = exc.filename if exc.filename is not None else ""
    reason = _HINTS.get(exc.errno or 0) or (exc.strerror or os.strerror(exc.errno or 0) or str(exc))
    return f"cannot {doing}: {where}: {reason}" if where else f"cannot {doing}: {reason}"
