"""The published measurements (``validation/published/*.csv``) as typed rows, and each row as a serving case.

``load_rows()`` parses every CSV row (schema: ``SCHEMA``; a bad row raises). ``case_of(row)`` maps a row onto
``costmodel.serving`` inputs, or gives the reason it cannot be predicted (no engine profile, no hardware profile,
no model config, unknown lengths, a workload the serving model does not cover...). ``predict(row, result)``
turns a ``ServingResult`` into the row's metric in the row's unit.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from costmodel.dtypes import FormatError, kv_format, weight_format
from costmodel.engines import load_engines
from costmodel.hardware import load_profiles
from costmodel.hfconfig import ConfigError, parse_config_text
from costmodel.presets import load_presets
from costmodel.quant import CHECKPOINT
from costmodel.serving import ServingResult
from costmodel.spec import ModelSpec

HERE = Path(__file__).resolve().parent
CSV_FILES = ("trtllm_perf_overview.csv", "serving.csv", "llamacpp_bench.csv")
SCHEMA = ("source_group", "source", "source_date", "engine", "engine_version", "gpu", "n_gpus", "model",
          "weight_dtype", "kv_dtype", "tp", "pp", "ep", "workload", "batch", "concurrency", "isl", "osl", "metric",
          "value", "unit", "notes")
METRIC_CLASS = {  # metric -> error class (the error band keys): throughput, ttft, tpot, e2e
    "output_tok_s": "throughput", "output_tok_s_per_gpu": "throughput", "total_tok_s": "throughput",
    "request_per_s": "throughput", "ttft_s": "ttft", "pp_tok_s": "ttft", "tpot_s": "tpot", "itl_s": "tpot",
    "tg_tok_s": "tpot", "e2e_latency_s": "e2e",
}
WORKLOAD = {"static": "static", "concurrency": "concurrency", "max_load": "max_load", "llama_bench": "single"}


@dataclass(frozen=True)
class Row:
    file: str
    line: int  # 1-based line in the file (header = 1)
    source_group: str
    source: str
    source_date: str
    engine: str
    engine_version: str
    gpu: str
    n_gpus: int
    model: str
    weight_dtype: str
    kv_dtype: str
    tp: int
    pp: int
    ep: int
    workload: str
    batch: int | None
    concurrency: int | None
    isl: int | None
    osl: int | None
    metric: str
    value: float
    unit: str
    notes: str

    @property
    def key(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def metric_class(self) -> str:
        return METRIC_CLASS.get(self.metric, "other")


def _int(text: str) -> int | None:
    return int(float(text)) if text.strip() else None


def parse_row(file: str, line: int, rec: dict[str, str]) -> Row:
    """One CSV record -> Row; ValueError when a required field is missing or not a number."""
    if tuple(rec) != SCHEMA:
        raise ValueError(f"{file}:{line}: columns differ from the schema")
    for k in ("source_group", "source", "source_date", "engine", "gpu", "model", "metric", "unit"):
        if not rec[k].strip():
            raise ValueError(f"{file}:{line}: empty {k}")
    value = float(rec["value"])
    if not value > 0:
        raise ValueError(f"{file}:{line}: value must be positive")
    return Row(file, line, rec["source_group"], rec["source"], rec["source_date"], rec["engine"],
               rec["engine_version"], rec["gpu"], int(rec["n_gpus"]), rec["model"], rec["weight_dtype"],
               rec["kv_dtype"], int(rec["tp"]), int(rec["pp"]), int(rec["ep"]), rec["workload"], _int(rec["batch"]),
               _int(rec["concurrency"]), _int(rec["isl"]), _int(rec["osl"]), rec["metric"], value, rec["unit"],
               rec["notes"])


@lru_cache(maxsize=1)
def load_rows() -> tuple[Row, ...]:
    out: list[Row] = []
    for name in CSV_FILES:
        with (HERE / name).open(newline="", encoding="utf-8") as f:
            for i, rec in enumerate(csv.DictReader(f), start=2):
                out.append(parse_row(name, i, rec))
    return tuple(out)


@lru_cache(maxsize=None)
def model_spec(model: str) -> ModelSpec | None:
    """The preset, or the parsed ``configs/<model>.json``; None when there is no config (ConfigError when kvcost
    refuses it)."""
    presets = load_presets()
    if model in presets:
        return presets[model]
    path = HERE / "configs" / f"{model}.json"
    return parse_config_text(path.read_text(encoding="utf-8"), name=model) if path.is_file() else None


@dataclass(frozen=True)
class Case:
    """``costmodel.serving.plan`` inputs for one row, plus how many replicas the row's GPUs form."""

    engine: str
    gpu: str
    model: str
    weight_dtype: str
    kv_dtype: str
    tp: int
    pp: int
    workload: str
    isl: int
    osl: int
    asked: int | None  # batch / concurrency / requests per replica
    replicas: int

    def plan_kwargs(self) -> dict:
        key = {"static": "batch", "concurrency": "concurrency", "max_load": "requests"}.get(self.workload)
        kw = dict(engine=self.engine, isl=self.isl, osl=self.osl, workload=self.workload, kv_dtype=self.kv_dtype,
                  weight_dtype=self.weight_dtype, tp=self.tp, pp=self.pp)
        if key and self.asked is not None:
            kw[key] = self.asked
        return kw


def _kv_dtype(row: Row, wname: str) -> str:
    """The KV dtype as stated; when blank, the engine's default for that checkpoint (TensorRT-LLM quantized
    checkpoints carry fp8 KV; vLLM/SGLang 'auto' keep the model dtype; llama.cpp f16)."""
    kv = row.kv_dtype.strip().lower()
    if kv:
        return kv
    if row.engine == "trtllm" and wname in ("fp8", "nvfp4", "mxfp4"):
        return "fp8"
    return "fp16" if wname in ("fp16",) or row.engine == "llamacpp" else "bf16"


def case_of(row: Row) -> Case | str:
    """The serving case of ``row``, or the reason it is not predicted."""
    if row.engine not in load_engines() or row.engine == "ideal":
        return f"no engine profile for {row.engine}"
    if row.gpu not in load_profiles():
        return "no hardware profile for this GPU"
    if row.metric not in METRIC_CLASS:
        return f"metric {row.metric} not predicted"
    if row.workload not in WORKLOAD:
        return f"workload {row.workload} not modelled"
    if "SUSPECT" in row.notes:
        return "flagged SUSPECT by the collector"
    adp = re.search(r"\badp (\d+)", row.notes)
    if (adp and int(adp.group(1)) > 1) or "dp-attention" in row.notes:
        return "attention data parallelism not modelled"
    try:
        spec = model_spec(row.model)
    except ConfigError:
        return "config.json refused by kvcost (layer kinds it does not size)"
    if spec is None:
        return "no config.json for this model"
    wname = row.weight_dtype.strip().lower()
    try:
        wname = weight_format(wname).name
        kv = kv_format(_kv_dtype(row, wname)).name
    except FormatError:
        return f"weight or KV dtype {row.weight_dtype}/{row.kv_dtype} not modelled"
    q = spec.quantization
    if q is not None and q.supported and abs(q.bits - weight_format(wname).bits) < 0.5:
        wname = CHECKPOINT  # the measured checkpoint is the quantized one: size it as stored (e.g. MXFP4 experts)
    workload = WORKLOAD[row.workload]
    isl, osl = row.isl or 0, row.osl or 0
    if workload != "single" and (isl < 1 or osl < 1):
        return "prompt or output length not stated"
    if workload == "single" and isl + osl < 1:
        return "no test length"
    tp, pp = max(1, row.tp), max(1, row.pp)
    if row.engine == "llamacpp" and row.n_gpus > 1:
        pp = row.n_gpus  # llama.cpp's default layer split over the GPUs
    replicas = max(1, row.n_gpus // (tp * pp))
    asked = {"static": row.batch or row.concurrency, "concurrency": row.concurrency,
             "max_load": row.concurrency or row.batch, "single": None}[workload]
    if workload in ("static", "concurrency") and asked is None:
        return "batch or concurrency not stated"
    if asked is not None:
        asked = max(1, -(-asked // replicas))
    return Case(row.engine, row.gpu, row.model, wname, kv, tp, pp, workload, isl, osl, asked, replicas)


def predict(row: Row, case: Case, res: ServingResult) -> float:
    """The row's metric from a serving result (in the row's unit)."""
    tps = res.output_tokens_per_s * case.replicas
    m = row.metric
    if m == "output_tok_s":
        return tps
    if m == "output_tok_s_per_gpu":
        return tps / (case.replicas * res.gpus)
    if m == "total_tok_s":
        return tps * (case.isl + case.osl) / max(case.osl, 1)
    if m == "request_per_s":
        return tps / max(case.osl, 1)
    if m == "ttft_s":
        return res.ttft_s
    if m in ("tpot_s", "itl_s"):
        return res.tpot_s
    if m == "e2e_latency_s":
        return res.e2e_s
    if m == "pp_tok_s":
        return case.isl / res.ttft_s
    if m == "tg_tok_s":
        return 1.0 / res.tpot_s
    raise ValueError(m)


__all__ = ["CSV_FILES", "Case", "METRIC_CLASS", "Row", "SCHEMA", "case_of", "load_rows", "model_spec", "parse_row",
           "predict"]
