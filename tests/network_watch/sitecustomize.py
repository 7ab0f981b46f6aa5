"""Loaded by Python at start in every process that has this folder on PYTHONPATH (the browser
tests' app servers): notes and refuses every attempt to reach beyond this machine.

A name lookup (DNS) or a TCP connection or datagram to a non-loopback address is written, one
line each, to the file named by HAMTRACK_NETWORK_LOG, and then refused, so nothing leaves the
machine even while a test is failing. Binding a listening socket is not reaching out, nor is
connecting a UDP socket (which sends nothing; Streamlit does it to learn its own LAN address).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys

_LOG = os.environ.get("HAMTRACK_NETWORK_LOG")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return True


def _text(host: object) -> str:
    return host.decode(errors="replace") if isinstance(host, bytes) else str(host)


def _local(host: object) -> bool:
    if host is None or host in ("", b""):
        return True
    host = _text(host).strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _record(what: str) -> None:
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(what + "\n")


def _watch(event: str, args: tuple) -> None:
    if event == "socket.getaddrinfo":
        host = args[0]
        # An address written out is not a lookup; a name other than localhost is.
        if not _local(host) and not _is_ip(_text(host)):
            _record(f"lookup {_text(host)}")
            raise socket.gaierror(socket.EAI_NONAME, f"the network watch refused {_text(host)}")
    elif event in ("socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr"):
        if not _local(args[0]):
            _record(f"lookup {args[0]}")
            raise socket.gaierror(socket.EAI_NONAME, f"the network watch refused {args[0]}")
    elif event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        sock, address = args[0], args[-1]
        if sock.family not in (socket.AF_INET, socket.AF_INET6) or not isinstance(address, tuple):
            return
        if event == "socket.connect" and sock.type == socket.SOCK_DGRAM:
            return
        if not _local(address[0]):
            _record(f"{event.split('.')[1]} {address[0]}:{address[1]}")
            raise ConnectionRefusedError(f"the network watch refused {address[0]}")


if _LOG:
    sys.addaudithook(_watch)
