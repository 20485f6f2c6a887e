"""waitress, hardened against slow and greedy clients.

waitress closes *idle* connections (``channel_timeout``), but a client that
sends one header byte every few seconds is never idle, and a few hundred of
them used to fill every connection slot.  Three limits fix that:

- **Header deadline** (``http_header_timeout_seconds``, default 10): a
  request must arrive whole within this many seconds of its first byte (a new
  connection: of being accepted); otherwise the connection is closed.
  Idle keep-alive connections between requests keep the idle timeout.
- **Per-client cap** (``http_max_connections_per_client``, default 32; 0 =
  none): more simultaneous connections from one address are closed at once.
- **Headroom** (``http_connection_limit``, default 1000): the total number of
  connections, served with ``poll()`` rather than ``select()`` so it is not
  bound by 1024 descriptors.

The per-connection checks run in waitress's own maintenance pass, every
second.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import MultiSocketServer, TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

log = logging.getLogger("notices.http")


class GuardedChannel(HTTPChannel):  # type: ignore[misc]
    """An HTTP connection that remembers when its unfinished request began.

    ``pending_since`` is the time the first byte of a request that is not yet
    complete arrived (for a new connection: when it was accepted); None
    while no request is half-received.

    Example: a client sending "GET /feeds/all.ics HTTP/1.1\\r\\n" then one header line every
    5 s has ``pending_since`` fixed at its first byte and is closed after the deadline.
    """

    def __init__(self, server: Any, sock: Any, addr: Any, adj: Any, map: Any = None) -> None:
        super().__init__(server, sock, addr, adj, map=map)
        self.pending_since: float | None = self.creation_time

    def received(self, data: bytes) -> bool:
        had_partial = self.request is not None
        result = bool(super().received(data))
        if self.request is None:
            self.pending_since = None
        elif not had_partial or self.pending_since is None:
            self.pending_since = time.time()
        return result


class GuardedServer(TcpWSGIServer):  # type: ignore[misc]
    """A waitress TCP server enforcing the header deadline and the per-client cap.

    Example: GuardedServer(app, map, dispatcher=d, adj=Adjustments(host="127.0.0.1", port=8080),
    header_timeout=10, per_client=32).run() serves /feeds/all.ics with 第70期“热线问政”.
    """

    channel_class = GuardedChannel

    def __init__(self, *args: Any, header_timeout: float, per_client: int, **kwargs: Any) -> None:
        self.header_timeout = header_timeout
        self.per_client = per_client
        self._refused_logged_at = 0.0
        super().__init__(*args, **kwargs)

    def maintenance(self, now: float) -> None:
        super().maintenance(now)
        cutoff = now - self.header_timeout
        for channel in list(self.active_channels.values()):
            since = getattr(channel, "pending_since", None)
            if since is not None and since < cutoff and not channel.requests:
                channel.will_close = True

    def handle_accept(self) -> None:
        try:
            accepted = self.accept()
            if accepted is None:
                return
            conn, addr = accepted
            self.set_socket_options(conn)
        except OSError:
            return  # the peer went away before we got to it
        addr = self.fix_addr(addr)
        if self.per_client and self._connections_from(addr[0]) >= self.per_client:
            conn.close()
            self._note_refusal(addr[0])
            return
        self.channel_class(self, conn, addr, self.adj, map=self._map)

    def _connections_from(self, host: str) -> int:
        return sum(
            1 for item in list(self._map.values())
            if isinstance(item, HTTPChannel) and item.addr and item.addr[0] == host
        )

    def _note_refusal(self, host: str) -> None:
        now = time.monotonic()
        if now - self._refused_logged_at >= 60:
            self._refused_logged_at = now
            log.warning("refusing connections from %s beyond %s at once "
                        "(http_max_connections_per_client; logged at most once a minute)",
                        host, self.per_client)


def create_guarded_server(
    app: Any,
    host: str,
    port: int,
    *,
    threads: int,
    idle_timeout: int,
    header_timeout: float,
    per_client: int,
    connection_limit: int,
) -> Any:
    """A hardened waitress server bound to host:port (not yet running; call ``.run()``).

    Example: create_guarded_server(app, "127.0.0.1", 8080, threads=8, idle_timeout=30,
    header_timeout=10, per_client=32, connection_limit=1000).run().
    """
    adj = Adjustments(
        host=host,
        port=port,
        threads=threads,
        channel_timeout=idle_timeout,
        cleanup_interval=1,
        connection_limit=connection_limit,
        asyncore_use_poll=True,
        ident="notices",
        expose_tracebacks=False,
        # Forwarding headers are not trusted for anything; they reach the app
        # only so that it can tell a proxied request from a local one.
        clear_untrusted_proxy_headers=False,
    )
    socket_map: dict[int, Any] = {}
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    servers = [
        GuardedServer(app, socket_map, True, None, dispatcher=dispatcher, adj=adj, sockinfo=info,
                      header_timeout=header_timeout, per_client=per_client)
        for info in adj.listen
    ]
    if len(servers) == 1:
        return servers[0]
    listening = [(server.effective_host, server.effective_port) for server in servers]
    return MultiSocketServer(socket_map, adj, listening, dispatcher, servers[-1].log_info)
