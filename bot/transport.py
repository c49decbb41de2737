"""The bot's HTTP client for the Bot API: aiohttp, through PTB's ``BaseRequest``.

PTB talks HTTP through httpx by default. httpx and httpcore speak HTTP/1.1 in pure Python
on top of anyio, and in ``tests/benchmarks/bot_throughput.py`` they were more than half of
the bot's CPU: a bare PTB bot spent 11–13 ms of CPU per tap (three Bot API calls) over
httpx and 3.9–4.1 ms over this class, on the same emulator in the same run. aiohttp parses
HTTP in C (llhttp) and keeps its connection pool simple. PTB documents ``BaseRequest`` as
the place for another HTTP library (its ``ptbcontrib`` has an aiohttp one too); everything
above it — retries, flood control, error classes, ``AIORateLimiter`` — is PTB's own.

``BETTEROFF_TELEGRAM_HTTP=httpx`` puts PTB's own client back, should a proxy or a network
need something only httpx does.

What a caller can rely on, as with PTB's ``HTTPXRequest``:

- a timeout is :class:`telegram.error.TimedOut`, anything else on the wire
  :class:`telegram.error.NetworkError`; HTTP status codes are PTB's to judge;
- the error message never holds the request's URL as it was (a Bot API URL contains the
  token): the token part is replaced with ``<token>``;
- ``HTTP(S)_PROXY`` / ``NO_PROXY`` from the environment are honoured, as httpx does —
  looked up once per host, not per call (aiohttp's ``trust_env`` looks them up, and
  ``~/.netrc``, on a thread for every request: a millisecond of CPU a call);
- certificates are checked against ``certifi``'s bundle when it is installed (httpx's
  own choice), else the system's.
"""

from __future__ import annotations

import re
import ssl
import urllib.request
from urllib.parse import urlsplit

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

#: ``…/bot<token>/method`` and ``…/file/bot<token>/path``: the token never leaves here.
_TOKEN_IN_URL = re.compile(r"/bot[^/\s'\"]+")


def scrub(words: str) -> str:
    """``words`` with any Bot API token in a URL replaced by ``<token>``."""
    return _TOKEN_IN_URL.sub("/bot<token>", words)


def _ssl_context() -> ssl.SSLContext:
    try:
        import certifi
    except ImportError:  # pragma: no cover - certifi comes with httpx, which PTB needs
        return ssl.create_default_context()
    return ssl.create_default_context(cafile=certifi.where())


class AiohttpRequest(BaseRequest):
    """PTB's ``BaseRequest`` over one :class:`aiohttp.ClientSession`.

    Timeouts mean what they mean for ``HTTPXRequest`` (``None``: wait as long as it
    takes): ``connect_timeout`` to open a connection, ``pool_timeout`` to wait for a free
    one, ``read_timeout`` between bytes of the answer. aiohttp has no timeout for sending
    alone, so ``write_timeout`` (``media_write_timeout`` for uploads) bounds the whole
    call together with the others.
    """

    def __init__(
        self,
        *,
        connection_pool_size: int = 1,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        if connection_pool_size < 1:
            raise ValueError("connection_pool_size must be at least 1")
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        #: The proxy (or none) for each scheme and host asked of so far.
        self._proxies: dict[tuple[str, str], str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ssl=_ssl_context())
            self._session = aiohttp.ClientSession(
                connector=connector,
                trust_env=False,  # see the module's docstring: proxy_for() instead
                headers={"User-Agent": self.USER_AGENT},
                # Per request below; the session's default of five minutes would mask them.
                timeout=aiohttp.ClientTimeout(total=None),
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        uploads = request_data is not None and request_data.contains_files
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        write = write_timeout
        if isinstance(write, DefaultValue):
            write = self._media_write_timeout if uploads else self._write_timeout
        connect = (
            self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        )
        pool = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        timeout = aiohttp.ClientTimeout(
            total=_total(read, write, connect, pool),
            connect=None if pool is None or connect is None else pool + connect,
            sock_connect=connect,
            sock_read=read,
        )
        try:
            async with session.request(
                method, url, data=_body(request_data), timeout=timeout, proxy=self.proxy_for(url)
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # aiohttp's timeouts are TimeoutErrors
            raise TimedOut(f"Timed out talking to Telegram ({type(error).__name__})") from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {scrub(str(error))}") from error

    def proxy_for(self, url: str) -> str | None:
        """The proxy the environment names for ``url``'s scheme and host, if any."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc)
        if key not in self._proxies:
            bypass = urllib.request.proxy_bypass(parts.hostname or "")
            self._proxies[key] = None if bypass else urllib.request.getproxies().get(parts.scheme)
        return self._proxies[key]


def _total(*parts: float | None) -> float | None:
    """The whole call's bound: every phase at its limit, or none if any phase has none."""
    return None if any(part is None for part in parts) else sum(p for p in parts if p)


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """Form fields as PTB encodes them (values JSON-encoded), files as multipart parts."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    if not request_data.contains_files:
        return fields
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form


def telegram_request(
    client: str, *, connection_pool_size: int, read_timeout: float | None = 5.0
) -> BaseRequest:
    """The request object for ``client`` (``"aiohttp"``, the default, or ``"httpx"``)."""
    if client == "httpx":
        return HTTPXRequest(connection_pool_size=connection_pool_size, read_timeout=read_timeout)
    if client == "aiohttp":
        return AiohttpRequest(connection_pool_size=connection_pool_size, read_timeout=read_timeout)
    raise ValueError(f"unknown Telegram HTTP client {client!r}: use aiohttp or httpx")


__all__ = ["AiohttpRequest", "scrub", "telegram_request"]


class WrappedRequest(BaseRequest):
    """A request object that hands its calls to another, for a wrapper to change one thing
    about them (:class:`bot.retry.RetryingRequest`, :class:`bot.updates.SkipUnreadableUpdates`)."""

    def __init__(self, inner: BaseRequest) -> None:
        self.inner = inner

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()
