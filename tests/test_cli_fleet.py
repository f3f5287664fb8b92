"""`python -m costmodel fleet`: the CLI/JSON contract of issues #9 and #17, errors as one line."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import openpyxl
import pytest

from costmodel.cli import main
from test_fleet import PLAN_JSON_KEYS


def _run(args, capsys):
    code = main(["fleet", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_contract(capsys):
    code, out, err = _run(
        [
            "--model",
            "llama-3-70b",
            "--gpu",
            "h100-sxm-80gb,h200-sxm-141gb",
            "--users",
            "100",
            "--context",
            "32K",
            "--scheme",
            "native",
            "mla",
            "--tpot-ms",
            "60",
            "--json",
        ],
        capsys,
    )
    assert code == 0, err
    plans = json.loads(out)["plans"]
    assert [p["scheme"].split(" ")[0] for p in plans] == ["GQA", "MLA"]
    for p in plans:
        assert PLAN_JSON_KEYS <= set(p), PLAN_JSON_KEYS - set(p)
        assert p["gpu"] in ("h100-sxm-80gb", "h200-sxm-141gb") and p["tpot_s"] <= 0.060
        # $/1M = cost per month / demanded tokens per month
        assert p["usd_per_1m_tokens"] == pytest.approx(
            p["cost_per_month_usd"] / (p["demand_tokens_per_s"] * 3600 * 730) * 1e6
        )
        for q in p["pareto"]:
            assert q["cost_per_month_usd"] >= p["cost_per_month_usd"] and q["tpot_s"] < p["tpot_s"]


def test_requests_cloud_committed_and_files(tmp_path, capsys):
    x, c = tmp_path / "plan.xlsx", tmp_path / "plan.csv"
    code, out, err = _run(
        [
            "--model",
            "llama-3.1-8b",
            "--gpu",
            "h100-sxm-80gb",
            "--requests-per-day",
            "1e6",
            "--isl",
            "2K",
            "--osl",
            "512",
            "--ttft-s",
            "2",
            "--cost",
            "cloud",
            "--cloud-tier",
            "committed-3y",
            "--json",
            "--xlsx",
            str(x),
            "--csv",
            str(c),
            "--lang",
            "ja",
        ],
        capsys,
    )
    assert code == 0, err
    p = json.loads(out)["plans"][0]
    # 3-year committed use: GCP a3-highgpu-1g $4.858 or a3-*-8g per instance-hour; billed per instance
    assert p["cost_breakdown"]["cloud"] > 0 and p["cost_breakdown"]["capex"] == 0
    wb = openpyxl.load_workbook(x)
    assert wb.sheetnames[0] == "概要"
    assert "方式" in c.read_text(encoding="utf-8-sig").splitlines()[0]


def test_text_output_and_engine(capsys):
    code, out, _ = _run(["--model", "llama-3.1-8b", "--gpu", "rtx-4090", "--tokens-per-s", "500"], capsys)
    assert code == 0 and "cheapest:" in out
    code, _, err = _run(
        ["--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb", "--users", "5", "--context", "4K", "--engine", "nope"],
        capsys,
    )
    assert code == 2 and err.count("\n") == 1 and "not available" in err
    # a calibrated engine profile is a speed source too (engine_profiles/vllm.toml)
    code, out, _ = _run(
        ["--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb", "--users", "5", "--context", "4K", "--engine", "vllm"],
        capsys,
    )
    assert code == 0 and "engine vllm" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb"],  # no target
        ["--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb", "--users", "5"],  # users without context
        ["--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb", "--users", "5", "--context", "4K", "--tokens-per-s", "9"],
        ["--model", "llama-3.1-8b", "--gpu", "nope", "--users", "5", "--context", "4K"],
        ["--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb", "--requests-per-day", "5", "--isl", "10"],
        ["--model", "llama-3.1-8b", "--gpu", "l40s", "--users", "5", "--context", "4K", "--xlsx", "/tmp/x.xlsx"],
    ],
)
def test_errors_are_one_line(args, capsys):
    code, _, err = _run(args, capsys)
    assert code == 2 and err.startswith("error:") and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    "target,text",
    [
        (["--users", "1e308", "--context", "32K"], "users must be at least 0.001 and at most 1e+12, got 1e+308"),
        (["--users", "1e-300", "--context", "32K"], "users must be at least 0.001 and at most 1e+12, got 1e-300"),
        (["--tokens-per-s", "1e308", "--context", "32K"], "tokens/s must be at least 0.001 and at most 1e+15"),
        (["--requests-per-day", "1e308", "--isl", "2K", "--osl", "512"], "requests/day must be at least 0.001"),
        (["--users", "100", "--context", "32K", "--headroom", "1e308"], "headroom must be at least 1 and at most 100"),
    ],
)
def test_demand_beyond_any_fleet_is_refused(target, text, capsys):
    """A demand of 1e308 users overflowed (an internal error) and 1e308 tokens/s printed NaN and Infinity into the
    JSON; the targets have the Fleet page's ranges now (costmodel.fleet.demand)."""
    code, out, err = _run(["--model", "llama-3-70b", "--gpu", "h100-sxm-80gb", *target, "--json"], capsys)
    assert code == 2 and not out and err.startswith(f"error: {text}") and err.count("\n") == 1


@pytest.mark.parametrize("baseline", ["7", "-1"])
def test_baseline_out_of_range_is_refused_without_a_workbook_too(baseline, capsys):
    """Two schemes with a plan: --baseline 7 or -1 indexes none; it was checked only when --xlsx was given."""
    code, out, err = _run(["--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb", "--users", "5", "--context", "4K",
                           "--scheme", "native", "mla", "--baseline", baseline], capsys)
    assert code == 2 and not out and err == f"error: baseline index {baseline} out of range 0..1\n"


def test_a_gpu_without_published_power_is_left_out_and_the_rest_planned(capsys):
    """Google publishes no TPU v6e power: that GPU is left out with the reason (as one without a price is) and the
    H100 is still planned; the whole run stopped with that error before."""
    code, out, err = _run(["--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb,tpu-v6e", "--users", "5", "--context",
                           "4K"], capsys)
    assert code == 0 and not err
    assert ("Google Cloud TPU v6e (Trillium) left out: no published server power or TDP: enter the server power "
            "under load") in out
    assert "cheapest: TP" in out and "on NVIDIA H100 SXM5 80GB" in out


def _plan(args, capsys) -> dict:
    code, out, err = _run(["--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb", "--users", "5", "--context", "4K",
                           *args, "--json"], capsys)
    assert code == 0, err
    return json.loads(out)["plans"][0]


def test_set_enters_cost_inputs_and_a_gpus_price(capsys):
    """--set is the CLI's way to enter what the Fleet page's editor takes. By hand: one 8-GPU server at a quoted
    $317,000, 4 years, 10% residual: capex = 317,000 x (1 - 0.1) / 48 = 5,943.75 $/month; the power line is
    proportional to the PUE (2.6 against 1.3: twice)."""
    p = _plan(["--set", "h100-sxm-80gb.server_price_usd=317000", "--set", "residual_fraction=0.1",
               "--set", "life_years=4", "--set", "pue=1.3"], capsys)
    assert p["servers"] == 1 and p["cost_breakdown"]["capex"] == pytest.approx(317_000 * 0.9 / 48, rel=1e-12)
    twice = _plan(["--set", "h100-sxm-80gb.server_price_usd=317000", "--set", "residual_fraction=0.1",
                   "--set", "life_years=4", "--set", "pue=2.6"], capsys)
    assert twice["cost_breakdown"]["power"] == pytest.approx(2 * p["cost_breakdown"]["power"], rel=1e-12)


def test_entered_figures_are_sourced_to_the_user(tmp_path, capsys):
    """A figure entered with --set is the user's, not the default's source (the JSON's region sources, the
    workbook's Inputs and Sources sheets); the figures left at their defaults keep their sources."""
    out = tmp_path / "plan.xlsx"
    code, text, err = _run(["--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb", "--users", "5", "--context", "4K",
                            "--set", "pue=1.3", "--set", "h100-sxm-80gb.server_price_usd=317000", "--json",
                            "--xlsx", str(out)], capsys)
    assert code == 0, err
    sources = json.loads(text)["region"]["sources"]
    assert sources["pue"] == "entered by the user" and "Damodaran" in sources["wacc"]
    book = openpyxl.load_workbook(out)
    inputs = {r[0]: r for r in book["Inputs"].iter_rows(values_only=True) if r and r[0]}
    assert inputs["pue"][2] == 1.3 and inputs["pue"][4] == "entered by the user"
    assert inputs["wacc"][4] != "entered by the user"
    sources = dict(r[:2] for r in book["Sources"].iter_rows(values_only=True) if r and r[0])
    assert sources["Server purchase price"] == "entered by the user"
    assert sources["Server power under load"] != "entered by the user"  # the profile's, as before


def test_set_enters_the_power_a_profile_lacks(capsys):
    """TPU v6e has no published power; entered with --set, it is planned (its server price too)."""
    code, out, _ = _run(["--model", "llama-3.1-8b", "--gpu", "tpu-v6e", "--users", "5", "--context", "4K",
                         "--set", "tpu-v6e.server_load_w=9000", "--set", "tpu-v6e.server_price_usd=250000"], capsys)
    assert code == 0 and "cheapest: TP" in out and "left out" not in out


@pytest.mark.parametrize("item,text", [
    ("pue", "--set takes NAME=VALUE"),
    ("pue=9", "pue must be at least 1 and at most 5, got 9"),
    ("foo=1", "--set: 'foo' is not a cost input (any of: hours_per_month, "),
    ("h200-sxm-141gb.server_price_usd=1", "h200-sxm-141gb is not among --gpu (h100-sxm-80gb)"),
    ("h100-sxm-80gb.server_price_usd=abc", "h100-sxm-80gb.server_price_usd must be a number, got 'abc'"),
    ("h100-sxm-80gb.server_price_usd=1e308", "must be at least 0 and at most 1e+12, got 1e+308"),
    ("nope-gpu.server_price_usd=1", "unknown GPU 'nope-gpu'"),
])
def test_set_mistakes_are_one_line(item, text, capsys):
    code, out, err = _run(["--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb", "--users", "5", "--context", "4K",
                           "--set", item], capsys)
    assert code == 2 and not out and err.startswith("error: ") and text in err and err.count("\n") == 1


def test_demand_at_its_limits_gives_valid_json(capsys):
    """The largest targets still give finite plans: strict JSON (no NaN or Infinity) with whole GPU counts. A lower
    bound by hand for 1e12 users at 32K on Llama-3-70B: each holds 32,768 x 327,680 B (80 layers x 8 KV heads x 128
    x 2 x 2 B) = 10.7 GB of cache, and an H100 has 85.52 GB, so at least 1e12 x 10.7 / 85.52 = 1.26e11 GPUs."""
    def refuse(name):
        raise AssertionError(f"{name} in the JSON")

    for target, least in ((["--users", "1e12", "--context", "32K"], 1e12 * 32_768 * 327_680 / 85.52e9),
                          (["--tokens-per-s", "1e15", "--context", "1M"], 1)):
        code, out, _ = _run(["--model", "llama-3-70b", "--gpu", "h100-sxm-80gb", *target, "--json"], capsys)
        assert code == 0
        plans = json.loads(out, parse_constant=refuse)["plans"]
        assert plans and all(isinstance(p["gpus"], int) and p["gpus"] >= least for p in plans)


def test_module_entry_point():
    r = subprocess.run(
        [sys.executable, "-m", "costmodel", "fleet", "--help"], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0 and "--requests-per-day" in r.stdout and "--tpot-ms" in r.stdout


def test_yen_region_and_japanese_workbook(tmp_path, capsys):
    """Issue 18: fleet --currency jpy --jpy-per-usd R --region jp --lang ja --xlsx f.xlsx, JSON 'currency'."""
    x = tmp_path / "f.xlsx"
    args = ["--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb", "--users", "100", "--context", "8K",
            "--scheme", "gqa", "mla", "--region", "jp", "--currency", "jpy", "--jpy-per-usd", "150"]
    code, out, err = _run([*args, "--json", "--lang", "ja", "--xlsx", str(x)], capsys)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["currency"]["code"] == "JPY" and doc["currency"]["jpy_per_usd"] == 150.0
    assert doc["currency"]["jpy_inputs"] == {"electricity_usd_per_kwh": 27.55}  # ANRE FY2022, in yen
    assert doc["region"]["id"] == "jp" and doc["region"]["inputs"]["pue"] == 1.83  # JISA FY2018
    # the model computes in dollars: ¥27.55 at 150 yen per dollar
    assert doc["region"]["inputs"]["electricity_usd_per_kwh"] == pytest.approx(27.55 / 150, rel=1e-12)
    for p in doc["plans"]:
        assert p["currency"] == "JPY" and p["jpy_per_usd"] == 150.0
        assert p["cost_per_month"] == pytest.approx(p["cost_per_month_usd"] * 150, rel=1e-12)
        assert p["cost_per_1m_tokens"] == pytest.approx(p["usd_per_1m_tokens"] * 150, rel=1e-12)
        assert all(q["currency"] == "JPY" for q in p["pareto"])
    wb = openpyxl.load_workbook(x)
    assert wb.sheetnames[0] == "概要"
    ((sheet, coord),) = wb.defined_names["jpy_per_usd"].destinations
    assert wb[sheet][coord.replace("$", "")].value == 150.0
    # text: yen amounts without decimals, GPUs counted in 枚, the rate and the regional set named
    code, out, _ = _run([*args, "--lang", "ja"], capsys)
    assert code == 0 and "コストの既定値: 日本" in out and "1 ドル = 150.00 円" in out
    assert "円、処理トークン 100 万あたり" in out and " 枚（サーバー " in out and "$" not in out
    # default: US dollars, US default set
    code, out, _ = _run(args[:10] + ["--json"], capsys)
    doc = json.loads(out)
    assert doc["currency"]["code"] == "USD" and doc["region"]["id"] == "us"
    assert doc["plans"][0]["cost_per_month"] == doc["plans"][0]["cost_per_month_usd"]
    code, _, err = _run([*args, "--jpy-per-usd", "0"], capsys)
    assert code == 2 and err.count("\n") == 1 and "exchange rate" in err


@pytest.mark.parametrize("lang,said", [("en", "cannot write"), ("ja", "に書き込めません")])
def test_an_output_file_that_cannot_be_written_is_one_translated_line(tmp_path, monkeypatch, capsys, lang, said):
    """The workbook's folder does not exist: exit 2, one line in the chosen language naming the file, no errno."""
    monkeypatch.chdir(tmp_path)  # a short path: messages quote at most ~80 characters of any input
    path = pathlib.Path("missing") / "plan.xlsx"
    code, _, err = _run(["--model", "llama-3.1-8b", "--gpu", "h100-sxm-80gb", "--users", "5", "--context", "4K",
                         "--xlsx", str(path), "--lang", lang], capsys)
    assert code == 2 and err.count("\n") == 1 and said in err and "plan.xlsx" in err and "[Errno" not in err
