"""The address of the client behind a request, safe behind a load balancer and unspoofable without one.

A load balancer connects to the app itself, so `REMOTE_ADDR` is the balancer's address for every user; the real
client is in the header the balancer adds (`X-Forwarded-For`). A client can send that header too, so it is read
only when the operator says how many proxies stand in front (`DIGIPUFF_TRUSTED_PROXY_COUNT`), and then only the
entry the outermost trusted proxy wrote: each proxy appends the address it saw, so with N proxies the client is
the N-th entry from the right, and whatever a client put to the left of it is ignored. With
`DIGIPUFF_TRUSTED_PROXIES` set, the header is believed only on connections from those addresses or networks
(a request that bypasses the balancer gets its own `REMOTE_ADDR`).

Login throttling (django-axes, `AXES_CLIENT_IP_CALLABLE`) and the audit history (`AuditMiddleware`) both use it.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address: from the trusted proxy header when configured, else the connection's address."""
    remote = _ip(request.META.get("REMOTE_ADDR", ""))
    count: int = getattr(settings, "DIGIPUFF_TRUSTED_PROXY_COUNT", 0)
    if count <= 0 or not _from_trusted_proxy(remote):
        return remote
    header = request.META.get(_meta_key(), "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if len(hops) < count:
        # Fewer entries than proxies: the request did not pass through all of them; trust only the connection.
        return remote
    return _ip(hops[-count]) or remote


def _ip(raw: str) -> str | None:
    """`raw` as a normalised IP address (a port, brackets around IPv6, are dropped), or None if it is none."""
    value = raw.strip()
    if value.startswith("["):  # [2001:db8::1]:443
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _from_trusted_proxy(remote: str | None) -> bool:
    networks = _trusted_networks(tuple(getattr(settings, "DIGIPUFF_TRUSTED_PROXIES", ())))
    if not networks:
        return True
    if remote is None:
        return False
    address = ipaddress.ip_address(remote)
    return any(address in network for network in networks)


@cache
def _trusted_networks(
    proxies: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _meta_key() -> str:
    header: str = getattr(settings, "DIGIPUFF_PROXY_HEADER", "X-Forwarded-For")
    return "HTTP_" + header.upper().replace("-", "_")
