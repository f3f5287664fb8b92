"""CLI: JSON fields, listings, and one-line errors with exit status 2 (no tracebacks)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from costmodel.cli import main, tokens

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return subprocess.run([sys.executable, "-m", "costmodel", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)


REQUIRED = {"kv_bytes_per_token", "kv_bytes", "weight_bytes", "total_bytes", "capacity_bytes", "fits",
            "max_context_tokens", "max_batch", "prefill_s", "decode_s_per_token", "decode_tokens_per_s", "bound",
            "sram_resident"}


def test_estimate_json_86gb_case():
    r = run("estimate", "--model", "llama-3-70b", "--gpu", "h100-sxm-80gb", "--scheme", "gqa", "--context", "512K",
            "--kv-dtype", "int8", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert REQUIRED <= set(out)
    assert out["kv_bytes"] == 85_899_345_920 and out["fits"] is False and out["bound"] in ("memory", "compute")


def test_estimate_text_and_config_path(tmp_path, capsys):
    cfg = json.loads((ROOT / "costmodel/model_configs/llama-3.1-8b.json").read_text())
    p = tmp_path / "config.json"
    p.write_text(json.dumps(cfg))
    assert main(["estimate", "--model", str(p), "--gpu", "rtx-4090", "--context", "8192", "--batch", "2"]) == 0
    text = capsys.readouterr().out
    assert "FITS" in text and "GiB" in text and "GB" in text


def test_list_and_compare(capsys):
    for what in ("models", "gpus", "schemes"):
        assert main(["list", what, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)
    assert main(["compare", "--model", "llama-2-7b", "--gpu", "a100-sxm-80gb", "--context", "4096", "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert {e["scheme_token"].split(":")[0] for e in res["estimates"]} >= {"mha", "gqa", "mla", "slim", "tpa"}
    # LLaMA-2-7B is MHA: only the equal-cache TransMLA conversion (a no-op on MHA) is not offered
    na = res["not_applicable"]
    assert any("MLA" not in k for k in na) or set(na) <= {"TransMLA (equal cache)"}


@pytest.mark.parametrize("args,frag", [
    (["--model", "nope"], "unknown model"),
    (["--gpu", "tpu"], "unknown GPU"),
    (["--context", "-5"], "context"),
    (["--context", "abc"], "token count"),
    (["--scheme", "slim", "--model", "llama-3-70b"], "needs MHA"),
    (["--kv-dtype", "fp7"], "KV dtype"),
    (["--model", "/nonexistent/config.json"], "no such config"),
])
def test_bad_input_one_line_error(args, frag, tmp_path):
    base = {"--model": "llama-3.1-8b", "--gpu": "h100-sxm-80gb", "--context": "1024"}
    it = iter(args)
    for k in it:
        base[k] = next(it)
    r = run("estimate", *[x for kv in base.items() for x in kv])
    assert r.returncode == 2
    assert frag in r.stderr and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_malformed_config_file(tmp_path):
    p = tmp_path / "config.json"
    p.write_text("{ broken")
    r = run("estimate", "--model", str(p), "--gpu", "l4", "--context", "10")
    assert r.returncode == 2 and "not valid JSON" in r.stderr and "Traceback" not in r.stderr


def test_token_suffixes():
    assert tokens("512K") == 524_288 and tokens("1M") == 1_048_576 and tokens("8192") == 8192 and tokens("1e3") == 1000
