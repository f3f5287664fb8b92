"""Models by Hugging Face id (hf:org/name): only config.json is fetched, through huggingface_hub, from a small
Hub-compatible server on 127.0.0.1 (HF_ENDPOINT) serving the real configs of tests/data/configs; cache,
HF_HUB_OFFLINE and HF_TOKEN as the library uses them; every failure one line."""
from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from costmodel import ConfigError, estimate, get_model
from costmodel.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "configs"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
TOKEN = "hf_test_token"


def _quantize_config() -> bytes:  # AutoGPTQ writes its settings next to config.json
    return json.dumps({"bits": 4, "group_size": 128, "desc_act": False, "sym": True}).encode()


REPOS = {
    ("tiiuae/falcon-7b", "config.json"): (DATA / "falcon-7b.json").read_bytes(),
    ("THUDM/glm-4-9b-chat", "config.json"): (DATA / "glm-4-9b-chat.json").read_bytes(),
    ("someone/llama-2-7b-gptq", "config.json"): json.dumps(
        {k: v for k, v in json.loads((DATA / "llama-2-7b-awq.json").read_text()).items()
         if k != "quantization_config"}).encode(),
    ("someone/llama-2-7b-gptq", "quantize_config.json"): _quantize_config(),
    ("private/model", "config.json"): (DATA / "qwen3-8b.json").read_bytes(),
}
GATED = {"meta-llama/Llama-4-Scout-17B-16E-Instruct"}


class Hub(BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args):  # quiet
        pass

    def _reply(self, head: bool):
        Hub.requests.append(f"{self.command} {self.path}")
        parts = self.path.split("?")[0].strip("/").split("/")
        if len(parts) < 5 or parts[2] != "resolve":
            return self._error(404, "RepoNotFound", head)
        repo, filename = "/".join(parts[:2]), "/".join(parts[4:])
        if repo in GATED:
            return self._error(403, "GatedRepo", head)
        if repo == "private/model" and self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._error(401, "RepoNotFound", head)
        if not any(r == repo for r, _ in REPOS):
            return self._error(404, "RepoNotFound", head)
        body = REPOS.get((repo, filename))
        if body is None:
            return self._error(404, "EntryNotFound", head)
        self.send_response(200)
        self.send_header("X-Repo-Commit", COMMIT)
        self.send_header("ETag", '"%s"' % hashlib.sha256(body).hexdigest())
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _error(self, code: int, kind: str, head: bool):
        body = json.dumps({"error": kind}).encode()
        self.send_response(code)
        self.send_header("X-Error-Code", kind)
        self.send_header("X-Repo-Commit", COMMIT)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def do_HEAD(self):  # noqa: N802
        self._reply(head=True)

    def do_GET(self):  # noqa: N802
        self._reply(head=False)


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


@pytest.fixture
def hub(server, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", server)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.delenv("HF_TOKEN", raising=False)
    Hub.requests.clear()
    return server


def test_a_hub_id_fetches_only_config_json_and_is_named_by_the_id(hub):
    s = get_model("hf:tiiuae/falcon-7b")
    assert (s.name, s.n_kv_heads, s.total_params()) == ("tiiuae/falcon-7b", 1, 6_921_720_704)  # as from the file
    files = {r.split("/resolve/main/")[-1] for r in Hub.requests if "/resolve/" in r}
    assert files == {"config.json", "quantize_config.json"}  # never weights (falcon has no quantization_config)


def test_the_cache_serves_offline_and_offline_without_cache_is_a_clear_error(hub, monkeypatch):
    get_model("hf:THUDM/glm-4-9b-chat")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    Hub.requests.clear()
    assert get_model("hf:THUDM/glm-4-9b-chat").n_kv_heads == 2
    assert not [r for r in Hub.requests if "/resolve/" in r]  # no file asked of the server
    with pytest.raises(ConfigError) as err:
        get_model("hf:tiiuae/falcon-7b")
    assert "HF_HUB_OFFLINE" in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("ref,fragment", [
    ("hf:nobody/nothing", "no such model on the Hub"),
    ("hf:meta-llama/Llama-4-Scout-17B-16E-Instruct", "gated"),
    ("hf:private/model", "private (set HF_TOKEN)"),
    ("hf:not a repo", "not a Hugging Face model id"),
    ("hf:a/b/c", "not a Hugging Face model id"),
])
def test_hub_errors_are_one_line(hub, ref, fragment):
    with pytest.raises(ConfigError) as err:
        get_model(ref)
    assert fragment in str(err.value) and "\n" not in str(err.value) and len(str(err.value)) < 300


def test_the_token_comes_from_the_environment(hub, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    assert get_model("hf:private/model").name == "private/model"


def test_a_separate_quantize_config_json_is_read(hub):
    s = get_model("hf:someone/llama-2-7b-gptq")
    q = s.quantization
    assert (q.method, q.bits, q.group_size) == ("gptq", 4, 128)
    e = estimate(s, "rtx-4060", context=4096, weight_dtype="checkpoint")
    assert e.to_dict()["checkpoint_quantization"]["method"] == "gptq"


def test_cli_model_by_hub_id(hub, capsys):
    assert main(["estimate", "--model", "hf:tiiuae/falcon-7b", "--gpu", "rtx-4090", "--context", "2048",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["model"] == "tiiuae/falcon-7b" and out["kv_bytes_per_token"] == 8192
    assert main(["estimate", "--model", "hf:nobody/nothing", "--gpu", "rtx-4090", "--context", "2048"]) == 2
    assert capsys.readouterr().err.startswith("error: nobody/nothing: no such model on the Hub")


def test_app_text_box_loads_a_hub_model(hub):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).switch_page("ui/fit.py").run()
    at.radio(key="fit.src").set_value("hf").run()
    assert at.info and not at.error  # asks for an id
    at.text_input(key="fit.hf_id").set_value("tiiuae/falcon-7b").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("tiiuae/falcon-7b" in c.value for c in at.caption)
    at.text_input(key="fit.hf_id").set_value("nobody/nothing").run()
    assert "no such model on the Hub" in "\n".join(e.value for e in at.error)
