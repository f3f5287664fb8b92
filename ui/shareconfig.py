"""A pasted or uploaded config.json in the share link: one compact, validated, size-limited URL field (``cfg``).

The JSON is re-serialised without whitespace, deflated (zlib) and written as URL-safe base64 behind a version
prefix (``z1.``). Reading it back refuses, in one line, anything that is not such a token, a token longer than
``MAX_TOKEN_CHARS``, a stream that inflates past ``MAX_CONFIG_BYTES`` (no zip bomb) or a config the cost model
would refuse anyway (``parse_config_text``). A config too large for a link gets no token: the page says so and
whoever opens the link pastes it again.
"""
from __future__ import annotations

import base64
import binascii
import json
import zlib

from costmodel.hfconfig import MAX_CONFIG_BYTES, parse_config_text

PREFIX = "z1."
MAX_TOKEN_CHARS = 6000  # URL characters; well under the ~8 KB request-line limit of common proxies and servers


class ShareConfigError(ValueError):
    """A ``cfg`` URL field that is not a config this page would accept: ``key`` names the UI label that says why
    (``share.*``), ``params`` fill it."""

    def __init__(self, key: str, **params) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def encode(text: str | bytes) -> str | None:
    """The URL token of a config.json text, or None when it is no JSON object or its token exceeds
    ``MAX_TOKEN_CHARS`` (the caller says the link cannot carry it)."""
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(obj, dict):
        return None
    compact = json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    token = PREFIX + base64.urlsafe_b64encode(zlib.compress(compact, 9)).decode("ascii").rstrip("=")
    return token if len(token) <= MAX_TOKEN_CHARS else None


def decode(token: str) -> str:
    """config.json text (indented, for the paste box) of a URL token; ShareConfigError when it is not a token of a
    config the cost model accepts (checked by ``parse_config_text``)."""
    if not isinstance(token, str) or not token.startswith(PREFIX):
        raise ShareConfigError("share.not_token")
    if len(token) > MAX_TOKEN_CHARS:
        raise ShareConfigError("share.too_long", limit=f"{MAX_TOKEN_CHARS:,}")
    body = token[len(PREFIX):]
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        z = zlib.decompressobj()
        raw = z.decompress(packed, MAX_CONFIG_BYTES + 1)
        if len(raw) > MAX_CONFIG_BYTES or z.unconsumed_tail:
            raise ShareConfigError("share.too_big", limit=f"{MAX_CONFIG_BYTES:,}")
        if not z.eof:  # a link cut short inflates to a prefix without complaint
            raise ShareConfigError("share.damaged")
        text = raw.decode("utf-8")
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, ShareConfigError):
            raise
        raise ShareConfigError("share.damaged") from None
    parse_config_text(text)  # the cost model's own limits and checks; its one-line errors propagate
    return json.dumps(json.loads(text), indent=2, ensure_ascii=False)


__all__ = ["encode", "decode", "ShareConfigError", "MAX_TOKEN_CHARS", "PREFIX"]
