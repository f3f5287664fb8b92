"""CLI: JSON contracts, aligned tables with headers and units, README examples, and one-line errors (no tracebacks,
short quotes of the input (at most 100 characters: costmodel.i18n and units.quote), exit status 2; a closed pipe
exits quietly)."""
import errno
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from costmodel import cli
from costmodel.cli import main
from costmodel.cli_args import tokens
from costmodel.cli_layout import Doc
from costmodel.cli_tables import compare_doc
from costmodel.schemes import SCHEMES

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "costmodel/model_configs/llama-3.1-8b.json"


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "costmodel", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=60, **kw)


REQUIRED = {"kv_bytes_per_token", "kv_bytes", "weight_bytes", "activation_bytes", "reserve_bytes", "total_bytes",
            "capacity_bytes", "fits", "max_context_tokens", "max_batch", "prefill_s", "decode_s_per_token",
            "decode_tokens_per_s", "bound", "sram_resident", "warnings", "per_gpu"}  # README "Command line"


# ---------------------------------------------------------------- JSON (unchanged contracts)
def test_estimate_json_86gb_case():
    r = run("estimate", "--model", "llama-3-70b", "--gpu", "h100-sxm-80gb", "--scheme", "gqa", "--context", "512K",
            "--kv-dtype", "int8", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert REQUIRED <= set(out) and out["per_gpu"] is True
    # 524,288 tokens x 80 layers x 8 KV heads x 128 dims x 2 (K, V) x 1 byte (int8) = 85,899,345,920 B
    assert out["kv_bytes"] == 85_899_345_920 and out["fits"] is False and out["bound"] in ("memory", "compute")


def test_list_and_compare_json_keys(capsys):
    keys = {"models": {"id", "name", "layers", "attention", "params"},
            "gpus": {"id", "name", "form_factor", "memory_bytes", "bw_bytes_per_s", "memory_tiers"},
            "schemes": {"key", "label", "options", "example", "citation"}}
    for what, expected in keys.items():
        assert main(["list", what, "--json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert rows and all(set(r) == expected for r in rows)
    assert main(["compare", "--model", "llama-2-7b", "--gpu", "a100-sxm-80gb", "--context", "4096", "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert set(res) == {"estimates", "not_applicable"} and all(REQUIRED <= set(e) for e in res["estimates"])
    assert {e["scheme_token"].split(":")[0] for e in res["estimates"]} >= {"mha", "gqa", "mla", "slim", "tpa"}
    # LLaMA-2-7B is MHA: only the equal-cache TransMLA conversion (a no-op on MHA) is not offered
    na = res["not_applicable"]
    assert any("MLA" not in k for k in na) or set(na) <= {"TransMLA (equal cache)"}


# ---------------------------------------------------------------- tables
def _table(text: str) -> tuple[str, list[str]]:
    """(header lines joined, the lines below the rule) of the first table in ``text``."""
    lines = text.splitlines()
    rule = next(i for i, ln in enumerate(lines) if ln and set(ln) <= {"-", " "})
    return " ".join(lines[:rule]), [ln for ln in lines[rule + 1:] if ln.strip()]


def test_list_gpus_is_a_table_with_units(capsys):
    assert main(["list", "gpus"]) == 0
    out = capsys.readouterr().out
    head, rows = _table(out)
    for h in ("GPU profile", "Name", "Memory", "Driver-visible", "Bandwidth", "BF16 dense"):
        assert h in head
    h100 = next(r for r in rows if r.startswith("h100-sxm-80gb "))
    # 80 GiB = 85,899,345,920 B = 85.9 GB; the driver shows 79.65 GiB (README) = 85.5 GB; datasheet: 3.35 TB/s,
    # 989 TFLOP/s dense BF16
    for cell in ("85.9 GB (80.0 GiB)", "85.5 GB (79.6 GiB)", "3.35 TB/s", "989 TFLOP/s"):
        assert cell in h100
    ids = [g["id"] for g in json.loads(run("list", "gpus", "--json").stdout)]
    assert "85899345920" not in out and len([r for r in rows if r.split()[0] in ids]) == len(ids)
    # accelerators (issue 15): Groq's main memory is its 230 MB SRAM (ALCF quoting Groq's product brief) at 80 TB/s
    # (TechPowerUp 2024); Cerebras publishes no dense 16-bit rate ('—'); d-Matrix: 2 GB SRAM on chip
    groq = next(r for r in rows if r.startswith("groq-lpu "))
    assert "230 MB (219 MiB)" in groq and "80 TB/s" in groq and groq.rstrip().endswith("sram")
    assert "—" in next(r for r in rows if r.startswith("cerebras-wse-3 "))
    assert "2.00 GB (1.86 GiB) sram" in next(r for r in rows if r.startswith("dmatrix-corsair "))


def test_list_models_has_labelled_columns(capsys):
    assert main(["list", "models"]) == 0
    head, rows = _table(capsys.readouterr().out)
    for h in ("Model preset", "Attention", "Layers", "Parameters", "Max position"):
        assert h in head
    row = next(r for r in rows if r.startswith("llama-3-70b "))
    # Llama-3-70B config: 80 layers, 64 query / 8 KV heads, max_position_embeddings 8192; parameters
    # 80 x (2*8192^2 + 2*8192*1024 + 3*8192*28672 + 2*8192) + 2*128256*8192 + 8192 = 70,553,706,496
    assert re.search(r"GQA \(8 KV heads\)\s+80\s+70\.6B\s+8,192 \(8K\)$", row), row
    assert main(["list", "models", "--lang", "ja"]) == 0  # 70,553,706,496 = 705.5 億: Japanese counts in 億
    row = next(r for r in capsys.readouterr().out.splitlines() if r.startswith("llama-3-70b "))
    assert re.search(r"GQA（KV ヘッド 8 個）\s+80\s+706 億\s+8,192 \(8K\)$", row), row


def test_list_schemes_one_row_per_key_without_python_syntax(capsys):
    assert main(["list", "schemes"]) == 0
    out = capsys.readouterr().out
    firsts = [ln.split()[0] for ln in _table(out)[1] if not ln.startswith(" ")]
    assert firsts == list(SCHEMES)  # each key once (mla and slim used to appear twice)
    assert "[" not in out and "'" not in out
    mla = next(ln for ln in out.splitlines() if ln.startswith("mla "))
    assert "absorbed, naive, latent" in mla
    assert "groups" not in next(ln for ln in out.splitlines() if ln.startswith("mha "))  # mha takes no groups


def test_estimate_table_says_short_by(capsys):
    args = ["estimate", "--model", "llama-3-70b", "--gpu", "h100-sxm-80gb", "--context", "512K", "--kv-dtype", "int8"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert main(args + ["--json"]) == 0
    js = json.loads(capsys.readouterr().out)
    # weights 70,553,706,496 x 2 B = 141.1 GB + KV 85.9 GB + reserve 1 GiB (1.07 GB) = 228.1 GB, plus activations
    # (1.48 GB) = 229.6 GB against 79.65 GiB = 85.52 GB visible: short by 144.0 GB = 134.1 GiB
    assert js["total_bytes"] - js["capacity_bytes"] == pytest.approx(144.04e9, rel=1e-3)
    assert "DOES NOT FIT: short by 144 GB (134 GiB)" in out
    assert "headroom" not in out and "-144" not in out
    assert re.search(r"^KV cache \(whole batch\)\s+85\.9 GB \(80\.0 GiB\)$", out, re.M)
    # no speed for a configuration that does not fit; what would make it fit instead, below the table
    assert re.search(r"^Speed\s+none: no tokens/s", out, re.M) and "tokens/s (" not in out
    assert "does not fit — would need: " in out
    # one warning, once: 524,288 > max_position_embeddings 8,192
    assert out.count("warning: ") == 1 and "max_position_embeddings 8,192" in out


def test_estimate_text_from_a_config_path(tmp_path, capsys):
    p = tmp_path / "config.json"
    p.write_text(CONFIG.read_text())
    assert main(["estimate", "--model", str(p), "--gpu", "rtx-4090", "--context", "8192", "--batch", "2"]) == 0
    text = capsys.readouterr().out
    assert re.search(r"FITS \([\d.]+ GB \([\d.]+ GiB\) free\)", text)  # both units, as everywhere


def test_estimate_text_decode_step_is_the_engines(capsys):
    """The decode line's step and rate are one figure: the engine's step (``tpot_s``) and batch / that step. It once
    printed the ideal roofline step (6 ms) beside the default engine's rate (125 tokens/s = 1 / 7.97 ms)."""
    from costmodel import estimate
    e = estimate("llama-3.1-8b", "h100-sxm-80gb", context=8192, batch=8)  # the default engine (trtllm)
    assert e.tpot_s > e.decode.time_s * 1.05  # the engine is slower than the roofline here, so the two differ
    assert main(["estimate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb", "--context", "8K",
                 "--batch", "8"]) == 0
    m = re.search(r"^Decode \(whole batch\)\s+([\d.]+) ms per step = ([\d,]+) tokens/s", capsys.readouterr().out,
                  re.M)
    assert m, "decode line"
    step_ms, rate = float(m[1]), float(m[2].replace(",", ""))
    assert step_ms == pytest.approx(e.tpot_s * 1e3, rel=5e-3)  # printed to 3 significant digits
    assert rate == pytest.approx(8 / (step_ms / 1e3), rel=1e-2)  # 8 sequences, one token each per step


def test_compare_lists_a_scheme_tp_cannot_split_and_prints_the_rest(capsys):
    """Llama-2-7B as Gated DeltaNet has 3 x 4096 // (4 x 256) = 12 heads (GatedDeltaNet.n_heads): tp 8 does
    not divide them, so that one scheme is not applicable; compare printed nothing but that error before."""
    assert main(["compare", "--model", "llama-2-7b", "--gpu", "a100-sxm-80gb", "--context", "4K", "--tp", "8"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^not applicable: Gated DeltaNet \(12 heads.*tensor parallelism 8 does not divide the 12", out,
                     re.M)
    assert re.search(r"^MHA ", out, re.M) and re.search(r"^MLA ", out, re.M)


@pytest.mark.parametrize("args,ja", [
    (["estimate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb"],
     "エラー: 次の引数を指定してください: --context（--help を参照）"),
    (["estimate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb", "--context", "abc"],
     "エラー: 引数 --context: 'abc' はトークン数として読めません。131072、128K、1M、1e6 のように指定してください"
     "（--help を参照）"),
    (["list", "foo"],
     "エラー: 引数 what: 'foo' は選べません（選択肢: 'models', 'gpus', 'schemes', 'engines', 'fields', 'hosts'）"
     "（--help を参照）"),
    (["estimate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb", "--context", "4K", "--zzz"],
     "エラー: 認識できない引数です: --zzz（--help を参照）"),
])
def test_usage_errors_follow_lang(args, ja, capsys):
    """argparse's own messages were English under --lang ja; the English line is unchanged."""
    for lang in ("en", "ja"):
        with pytest.raises(SystemExit) as stop:
            main([*args, "--lang", lang])
        err = capsys.readouterr().err
        assert stop.value.code == 2 and err.count("\n") == 1
        if lang == "ja":
            assert err == ja + "\n"
        else:
            assert err.startswith("error: ") and err.endswith(" (see --help)\n") and not re.search(r"[ぁ-んァ-ン]", err)


def test_compare_is_one_table_with_each_warning_once(capsys):
    assert main(["compare", "--model", "llama-2-7b", "--gpu", "a100-sxm-80gb", "--context", "8K"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    head, below = _table(out)
    assert "Scheme" in head and "Max batch" in head and "KV/token" in head
    rows = below[:next(i for i, ln in enumerate(below) if ln.startswith("ratios against"))]
    n = len(json.loads(run("compare", "--model", "llama-2-7b", "--gpu", "a100-sxm-80gb", "--context", "8K",
                           "--json").stdout)["estimates"])
    assert len(rows) == n and rows[0].startswith("MHA ") and rows[1].startswith("GQA (8 KV heads) ")
    # llama-2-7b: max_position_embeddings 4,096 < 8,192 on every scheme: said once, below the table
    assert out.count("max_position_embeddings") == 1
    assert "warning: context 8,192 exceeds the model's max_position_embeddings 4,096" in lines
    notes = [ln for ln in lines if ln.startswith("warning")]
    assert len(notes) == len(set(notes))
    assert any(ln.startswith("warning (MLA (absorbed), MLA (naive)): ") for ln in notes)
    assert len(lines) < 40  # was ~8 lines of prose per scheme


def test_plain_output_has_no_escape_codes_and_a_terminal_gets_colour():
    r = run("compare", "--model", "llama-3-70b", "--gpu", "h100-sxm-80gb", "--context", "8K")
    assert r.returncode == 0 and "\x1b" not in r.stdout
    from costmodel import compare, default_schemes, get_model
    spec = get_model("llama-3-70b")
    ests, skipped = compare(spec, "h100-sxm-80gb", default_schemes(), context=8192)
    doc = compare_doc(ests, skipped, spec, 1, "en")
    narrow = doc.text(tty=True, width=60)
    assert "\x1b[" in narrow
    plain = re.sub(r"\x1b\[[0-9;]*m", "", narrow)
    # a narrow terminal never cuts or wraps a number: every size and count appears whole
    from costmodel.units import fmt_both
    for e in ests:
        assert fmt_both(e.memory.kv_bytes, sig=3) in plain and fmt_both(e.memory.total_bytes, sig=3) in plain
    assert "…" not in plain


def test_japanese_tables(capsys):
    assert main(["estimate", "--model", "llama-3-70b", "--gpu", "h100-sxm-80gb", "--context", "8K",
                 "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert "収まりません" in out and "判定" in out and "GPU 1 枚あたりの合計" in out


def _readme_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1].split("\n## ", 1)[0]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    out = []
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        if not words:
            continue
        assert words[0] == ".venv/bin/kvcost", line
        words = [str(CONFIG) if w == "path/to/config.json" else w for w in words[1:]]
        if words[:1] == ["list"] and "|" in words[1]:
            out += [["list", w] for w in words[1].split("|")]
        else:
            out.append(words)
    return out


def test_readme_examples_run_clean():
    cmds = _readme_commands()
    assert len(cmds) >= 6
    for args in cmds:
        r = run(*args)
        assert r.returncode == 0 and r.stderr == "", (args, r.stderr)
        if args[0] == "estimate":
            body = json.loads(r.stdout)["warnings"] if "--json" in args else r.stdout
            assert "warning" not in str(body), (args, body)
        if args[0] in ("estimate", "compare"):
            assert "max_position_embeddings" not in r.stdout, args  # no warning common to every row


def test_list_gpus_loads_neither_numpy_nor_the_estimate():
    code = ("import sys, io, contextlib\nfrom costmodel.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): assert main(['list', 'gpus']) == 0\n"
            "print(sorted(m for m in ('numpy', 'costmodel.estimate', 'costmodel.views_compare', "
            "'costmodel.views_hardware', 'costmodel.views_sizing') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.stdout.strip() == "[]", r.stderr


# ---------------------------------------------------------------- bad input: one line, exit 2
@pytest.mark.parametrize("args,frag", [
    (["--model", "nope"], "unknown model"),
    (["--gpu", "tpu"], "unknown GPU"),
    (["--context", "-5"], "context"),
    (["--context", "abc"], "token count"),
    (["--context", "0.9999999999999999999"], "not a whole token count"),  # not rounded to 1
    (["--context", "1e999999999"], "too large"),
    (["--tp", "1.5"], "--tp: not an integer: '1.5'"),
    (["--bw-eff", "fast"], "--bw-eff: not a number"),
    (["--scheme", "slim", "--model", "llama-3-70b"], "needs MHA"),
    (["--kv-dtype", "fp7"], "KV dtype"),
    (["--model", "/nonexistent/config.json"], "no such config"),
])
def test_bad_input_one_line_error(args, frag):
    base = {"--model": "llama-3.1-8b", "--gpu": "h100-sxm-80gb", "--context": "1024"}
    it = iter(args)
    for k in it:
        base[k] = next(it)
    r = run("estimate", *[x for kv in base.items() for x in kv])
    assert r.returncode == 2 and r.stdout == ""
    assert frag in r.stderr and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_malformed_config_file(tmp_path):
    p = tmp_path / "config.json"
    p.write_text("{ broken")
    r = run("estimate", "--model", str(p), "--gpu", "l4", "--context", "10")
    assert r.returncode == 2 and "not valid JSON" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_unreadable_model_file_is_one_line():
    r = run("estimate", "--model", "/proc/self/mem", "--gpu", "l4", "--context", "10")  # read() fails with EIO
    assert r.returncode == 2 and r.stderr == "error: cannot read '/proc/self/mem': Input/output error\n"


def test_path_component_over_255_characters_is_one_line():
    # stat() of such a path fails with ENAMETOOLONG; the message quotes it briefly (the model's messages cut a
    # quoted input to at most 100 characters, costmodel.i18n)
    for model in ("a" * 300, "a" * 300 + "/config.json", "/tmp/" + "a" * 300):
        r = run("estimate", "--model", model, "--gpu", "l4", "--context", "10")
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
        assert "a" * 101 not in r.stderr and ("unknown model" in r.stderr or "no such config file" in r.stderr)


def test_closed_pipe_exits_quietly():
    p = subprocess.Popen([sys.executable, "-m", "costmodel", "list", "models", "--json"], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()  # the reader is gone before anything is written, as with `| head` on a long output
    err = p.stderr.read()
    assert p.wait(timeout=60) == 141 and err == b""


BIG = "x" * 100_000
DIGITS = "1" * 100_000


@pytest.mark.parametrize("flag,value", [
    ("--scheme", BIG), ("--gpu", BIG), ("--model", BIG), ("--kv-dtype", BIG), ("--weight-dtype", BIG),
    ("--context", DIGITS), ("--context", BIG), ("--batch", DIGITS), ("--tp", DIGITS), ("--bw-eff", DIGITS),
    ("--scheme", "gqa:groups=" + DIGITS), ("--scheme", "gqa:" + BIG + "=1"), ("--lang", BIG), (BIG, None),
])
def test_huge_inputs_are_quoted_short_without_python_internals(flag, value):
    base = {"--model": "llama-3.1-8b", "--gpu": "l4", "--context": "10"}
    extra = [flag] if value is None else []
    if value is not None:
        base[flag] = value
    r = run("estimate", *[x for kv in base.items() for x in kv], *extra)
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr[:300]
    assert len(r.stderr) < 700 and "x" * 101 not in r.stderr and "1" * 101 not in r.stderr
    for internal in ("Traceback", "invalid literal", "set_int_max_str_digits", "Exceeds the limit"):
        assert internal not in r.stderr


def test_control_characters_in_input_stay_escaped_on_one_line():
    r = run("estimate", "--model", "x\n\x1b[31mred", "--gpu", "l4", "--context", "10")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "\x1b" not in r.stderr and "\\x1b" in r.stderr


def test_internal_error_is_one_line(monkeypatch, capsys):
    def boom(args, tty):
        raise RuntimeError("secret internals")
    monkeypatch.setattr(cli, "_command", boom)
    assert main(["list", "gpus"]) == 70
    err = capsys.readouterr().err
    assert err == "error: internal error (RuntimeError); please report it with the command that caused it\n"


def test_write_error_is_one_line(monkeypatch, capsys):
    class Full:
        encoding = "utf-8"

        def isatty(self):
            return False

        def write(self, text):
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self):
            pass
    monkeypatch.setattr(sys, "stdout", Full())
    assert main(["list", "gpus"]) == 1
    assert capsys.readouterr().err == "error: cannot write the output: No space left on device\n"


def test_token_suffixes():
    assert tokens("512K") == 524_288 and tokens("1M") == 1_048_576 and tokens("8192") == 8192 and tokens("1e3") == 1000


def test_doc_without_tables_is_just_its_lines():
    assert Doc(title="t", notes=["a", "b"]).text(tty=False) == "t\na\nb\n"


def test_readme_sample_output_is_what_the_command_prints():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = text.split("```\n$ kvcost ", 1)[1].split("```", 1)[0]
    command, expected = sample.split("\n", 1)
    r = run(*shlex.split(command))
    assert r.returncode == 0 and r.stdout == expected


def test_estimate_fits_an_80_column_terminal():
    from costmodel import estimate
    from costmodel.cli_tables import estimate_doc
    from costmodel.units import fmt_both
    e = estimate("llama-3.1-8b", "rtx-4090", context=131_072)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", estimate_doc(e, "en").text(tty=True, width=80))
    table = plain.split("\n", 1)[1]  # the title line may be longer: the terminal wraps it
    assert max(len(ln) for ln in table.splitlines()) <= 80
    # weights 8,030,261,248 x 2 B = 16.06 GB + KV 131,072 x 32 layers x 8 heads x 128 x 2 x 2 B = 17.18 GB + reserve
    # 1 GiB (1.07 GB) + activations 0.74 GB = 35.05 GB against 24 GiB (25.77 GB): short by 9.3 GB = 8.66 GiB
    assert fmt_both(e.memory.total_bytes, sig=3) in table and "short by 9.30 GB (8.66 GiB)" in table


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_claims_table_labels_are_words_not_catalogue_keys(capsys, lang):
    """`kvcost claims` prints its row labels from the cli catalogue (a missing key would print as 'claims.quoted')."""
    import re

    from costmodel.cli import main

    assert main(["claims", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert not re.search(r"\b(?:cli\.)?claims\.[a-z_]+", out), re.search(r".{40}\bclaims\.[a-z_]+.{20}", out)
    assert ("Quoted" if lang == "en" else "公表値") in out
