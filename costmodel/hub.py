"""Models by Hugging Face id (``hf:org/name[@revision]``): only ``config.json`` is fetched, never weights.

``huggingface_hub.hf_hub_download`` does the fetching, with its cache and the usual environment read at call
time: ``HF_ENDPOINT`` (a mirror, or the tests' local server), ``HF_HUB_OFFLINE=1`` (cache only),
``HF_HUB_CACHE`` and ``HF_TOKEN`` (gated or private repositories). When config.json carries no
``quantization_config``, an AutoGPTQ ``quantize_config.json`` next to it is read as one (absent: ignored).
Every failure is a one-line ``ConfigError``: offline, not found, gated/private, or the network error
(an unreachable Hub is retried by huggingface_hub with backoff, about 25 s, before the message).
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .bounds import ConfigError
from .hfconfig import MAX_CONFIG_BYTES, parse_config_text
from .i18n import msg
from .spec import ModelSpec
from .units import clip, quote

PREFIX = "hf:"
REPO_ID = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/)?[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$")
REVISION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./-]{0,99}$")
TRUE = {"1", "on", "yes", "true"}


def parse_ref(ref: str) -> tuple[str, str | None]:
    """'org/name' or 'org/name@revision' (with or without the hf: prefix) -> (repo_id, revision)."""
    text = str(ref).strip()
    text = text[len(PREFIX):] if text.lower().startswith(PREFIX) else text
    repo, _, rev = text.partition("@")
    if not REPO_ID.match(repo) or ".." in repo or (rev and (not REVISION.match(rev) or ".." in rev)):
        raise ConfigError(msg("hub.bad_id", value=quote(ref)))
    return repo, rev or None


def _offline() -> bool:
    return (os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or "").lower() in TRUE


def _download(repo: str, filename: str, revision: str | None) -> Path:
    from huggingface_hub import errors as hub_errors, hf_hub_download  # noqa: PLC0415 (only for Hub ids)
    from huggingface_hub.utils import logging as hub_logging  # noqa: PLC0415

    hub_logging.set_verbosity_error()  # its retry notices would interleave with the one-line error

    endpoint = os.environ.get("HF_ENDPOINT") or None
    try:
        path = hf_hub_download(repo, filename, revision=revision, endpoint=endpoint.rstrip("/") if endpoint else None,
                               cache_dir=os.environ.get("HF_HUB_CACHE") or None, local_files_only=_offline(),
                               etag_timeout=10)
    except hub_errors.GatedRepoError:
        raise ConfigError(msg("hub.gated", repo=repo)) from None
    except hub_errors.RepositoryNotFoundError:
        raise ConfigError(msg("hub.no_repo", repo=repo)) from None
    except hub_errors.RevisionNotFoundError:
        raise ConfigError(msg("hub.no_revision", repo=repo, revision=revision or "main")) from None
    except (hub_errors.RemoteEntryNotFoundError, hub_errors.LocalEntryNotFoundError) as exc:
        if isinstance(exc, hub_errors.LocalEntryNotFoundError):
            raise ConfigError(msg("hub.offline" if _offline() else "hub.unreachable", repo=repo,
                                  endpoint=endpoint or "https://huggingface.co")) from None
        raise FileNotFoundError(filename) from None
    except hub_errors.OfflineModeIsEnabled:
        raise ConfigError(msg("hub.offline", repo=repo, endpoint=endpoint or "https://huggingface.co")) from None
    except hub_errors.HFValidationError:
        raise ConfigError(msg("hub.bad_id", value=quote(repo))) from None
    except Exception as exc:  # noqa: BLE001 (network and HTTP errors of any kind: one line, no traceback)
        first = next((ln for ln in str(exc).splitlines() if ln.strip()), type(exc).__name__)
        raise ConfigError(msg("hub.failed", repo=repo, detail=clip(first, 120))) from None
    return Path(path)


def _read(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_CONFIG_BYTES:
        raise ConfigError(msg("cfg.too_big", size=size, limit=MAX_CONFIG_BYTES))
    return path.read_bytes()


def fetch_config(ref: str) -> tuple[str, bytes]:
    """(repo_id, config.json bytes) of a Hub model, quantize_config.json merged in when config.json has none."""
    repo, revision = parse_ref(ref)
    try:
        text = _read(_download(repo, "config.json", revision))
    except FileNotFoundError:
        raise ConfigError(msg("hub.no_config", repo=repo)) from None
    if b"quantization_config" in text:
        return repo, text
    try:
        extra = _read(_download(repo, "quantize_config.json", revision))
    except (FileNotFoundError, ConfigError):
        return repo, text
    try:
        cfg, quant = json.loads(text), json.loads(extra)
    except ValueError:
        return repo, text
    if isinstance(cfg, dict) and isinstance(quant, dict):
        cfg["quantization_config"] = {"quant_method": "gptq", **quant}
        return repo, json.dumps(cfg).encode()
    return repo, text


def load_model(ref: str) -> ModelSpec:
    """ModelSpec of a Hugging Face model id, named by the id."""
    repo, text = fetch_config(ref)
    return parse_config_text(text, name=repo)
