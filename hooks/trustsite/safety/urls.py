"""Safety: a web address is read where it is written — scheme, host, nothing a browser or library would
read differently from the editor (a stray bracket, a user name before the host, a space)."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

_LABEL = re.compile(r"^(?!-)[^\W_](?:[\w-]{0,61}[^\W_])?$", re.UNICODE)  # letters (any script), digits, hyphens
# characters a URL never holds as they are (RFC 3986 section 2; a browser would escape or drop them)
_NEVER = set(' <>"{}|\\^`') | {chr(c) for c in range(0x20)} | {"\x7f"}
_FIRST_NEVER = re.compile("[" + re.escape("".join(sorted(_NEVER))) + "]")  # one C scan, not a loop per character


_IPV4_CHARACTERS = frozenset("0123456789.")


def _is_ipv4(host: str) -> bool:
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        return False
    return True


def url_problem(url: str) -> str | None:
    """Why `url` is not a plain web address with a host (scheme checked by the caller's pattern), or None."""
    found = _FIRST_NEVER.search(url)
    if found is not None:
        bad = found.group()
        shown = repr(bad) if bad.isprintable() else f"U+{ord(bad):04X}"
        return f"the address holds {shown}, which an address never holds as it is; encode it or remove it"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"cannot be read as an address ({exc}); check the brackets and the port"
    del port
    if "@" in parts.netloc:
        return "has a user name before the host ('...@'), which can make an address read as another one; remove it"
    netloc = parts.netloc
    host = parts.hostname or ""
    if not host:
        return "has no host name, such as 'www.example.com'"
    if netloc.startswith("["):
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return f"'[{host}]' is not an IPv6 address; a host name is written without brackets"
    elif "[" in netloc or "]" in netloc:
        return "has a stray bracket in its host; remove it"
    elif not _IPV4_CHARACTERS.issuperset(host) or not _is_ipv4(host):  # an IPv4 address is digits and dots only
        labels = host.rstrip(".").split(".")
        if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
            return f"'{host}' is not a host name such as 'www.example.com'"
    rest = url[url.find(netloc) + len(netloc):] if netloc else url
    if "[" in rest or "]" in rest:
        return "has a stray bracket after the host; encode it as %5B or %5D, or remove it"
    return None
