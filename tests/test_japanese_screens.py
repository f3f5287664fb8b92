"""Issue 18: no English on Japanese screens. Every Japanese page (AppTest) and the Japanese yen workbook are walked;
any visible ASCII-only word must be a unit, a number, a model, GPU, scheme or software name, an identifier the
page defines (a config field, a paper's symbol, a claim or check id), or a source's own words quoted as such
(hardware notes, citations, config provenance: removed first, see ``jawalk.source_strings``)."""

from __future__ import annotations

import io
import re
import sys
from functools import lru_cache
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
import pytest
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from jawalk import ascii_words, page_texts, source_strings  # noqa: E402

from costmodel import fleet, load_presets, load_profiles  # noqa: E402
from costmodel.claims import evaluate_claims  # noqa: E402
from costmodel.engines import engine_ids, get_engine  # noqa: E402
from costmodel.export import fleet_workbook  # noqa: E402
from costmodel.regions import JP  # noqa: E402
from costmodel.schemes import SCHEMES  # noqa: E402
from costmodel.gguf import NAMES as GGUF_NAMES  # noqa: E402
from costmodel.hosts import load_hosts  # noqa: E402
from costmodel.placement import RULES  # noqa: E402
from ui.labels import md  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGES = ["ui/fit.py", "ui/compare.py", "ui/roofline.py", "ui/validation.py", "ui/claims.py", "ui/fleet.py"]

UNITS = set("""B KB MB GB TB PB KiB MiB GiB TiB B/s KB/s GB/s TB/s FLOP FLOPs GFLOP TFLOP PFLOP FLOP/s GFLOP/s TFLOP/s
PFLOP/s FLOP/B MAC MACs TOPS W kW kWh MW s ms µs ns h min d K M x kW/s""".split())
TERMS = set("""GPU GPUs CPU TP PP EP DP TTFT TPOT KV L1 L2 SM SMs SRAM HBM HBM3 HBM3e PCIe NVLink NVLink4 NVLS NVL
SXM SXM4 SXM5 TDP PUE WACC TCO IT ROI NPV MoE GGUF JSON ID URL CSV xlsx csv config.json VRAM GEMM CUDA p2p DGX HGX
RAM DRAM LPDDR DDR GDDR TMEM PSUM LPU ngl ctk ctv fa SBUF VMEM LPDDR5 LPDDR5X DDR5 GDDR6 GDDR7 HBM3E f16
llama-quantize
InfiniBand NDR fp32 fp16 bf16 fp8 fp4 int8 int4 tf32 FP32 FP16 BF16 FP8 FP4 INT8 INT4 TF32 Q4 Q8_0 RoPE FFN RMSNorm
Transformer FlashMLA FlashTPA FlashAttention-3 Fenwick E-cache K/V HF PC AI API Python PyTorch all-reduce cond ceil
log2 kvcost costmodel English Language Hugging Face vLLM SGLang TensorRT-LLM llama.cpp onnxruntime gpt-fast nccl
NVIDIA/nccl nccl-tests ml-engineering MAMF fla transformers Laptop XL DeepSeek RoRoPE PCA Graphs float32 float16
bfloat16
Whisper-large Whisper-tiny GQA MHA MLA V2 V3""".split())
SOURCES = set("""EIA CBRE Uptime Institute JISA ANRE Damodaran SemiAnalysis NVIDIA AI Enterprise Domain Power Service
GB200
tech-talk-cto FS.com gpuleaseindex e-Gov 10-K G.5 news.3rd-in.co.jp Electric Monthly 5.6.A OH PA IN IL SEO
ITOCHU ENEX Hong Kong Business""".split())
# paper symbols and config identifiers the pages write as they are (Messages README: identifiers stay)
SYMBOLS = set("""d d_c d_R d_h d_k d_v d_model d_ffn d'_c n_kv n_h n_g k_R R_K R_V R_Q W_K W_V W_KV W_UK W_UV
H G L K V Q O
E X Y Z N R c r e x h l ctx_flops_coef expand_v e/d 2d 2r y gpu_memory_utilization attn_v ffn_down attn_k
kvcost.sram.onchip_fits""".split())
# a product, model or data-set name: capitalised, hyphenated, with a digit (CodeLlama-7B, A100-80GB, WikiText-2,
# FlashAttention-3, GQA-8), or a deployment label (TP2, TP8)
NAME = re.compile(r"^(?:[A-Z][A-Za-z0-9.]*(?:-[A-Za-z0-9.]+)+|TP\d+|PP\d+)$")


@lru_cache(maxsize=1)
def allowed() -> frozenset[str]:
    words: set[str] = set(UNITS | TERMS | SOURCES | SYMBOLS)
    for spec in load_presets().values():
        words |= set(ascii_words(spec.name))
    words |= set(load_presets())
    for p in load_profiles().values():
        words |= set(ascii_words(p.name)) | {p.id, p.vendor, p.arch}
    for cls in SCHEMES.values():
        words |= set(ascii_words(cls.label)) | {cls.key}
        words |= {f for f in getattr(cls, "__dataclass_fields__", {}) if f != "option"}
    words |= {n.upper() for n in GGUF_NAMES} | set(GGUF_NAMES) | set(RULES)  # GGUF types, placement rules (ids)
    for h in load_hosts().values():  # host CPU names (AMD Ryzen 9 7950X, ...)
        words |= set(ascii_words(h.name)) | {h.id}
    for e in engine_ids():
        words |= {e, *ascii_words(get_engine(e).name)}
    words |= {r.id for r in evaluate_claims()}
    try:  # identifiers of the validation records the Validation page lists (ids, tiny test models, metrics)
        from validation.published import load_report
        from validation.results import list_results, load_result

        for run in list_results():
            res = load_result(run["path"])
            for sec in ("equivalence", "cache_bytes", "params", "claims"):
                for row in res.get(sec) or []:
                    words |= {*ascii_words(str(row.get("id", ""))), str(row.get("model", "")),
                              str(row.get("scheme", ""))}
            for pt in (res.get("timing") or {}).get("points") or []:
                words |= set(ascii_words(str(pt.get("scheme", ""))))
        for pt in (load_report() or {}).get("points", []):
            words |= {*ascii_words(pt["source_group"]), pt["gpu"], pt["model"], *ascii_words(pt["metric"])}
    except (ImportError, OSError, ValueError):
        pass
    return frozenset(words)


@lru_cache(maxsize=1)
def verbatim() -> list[str]:
    """Source text quoted verbatim (and its Markdown-escaped form), longest first."""
    out = source_strings()
    try:
        from validation.results import list_results

        from validation.results import load_result

        for r in list_results():  # a run's file name, the machine and software it ran on, as recorded
            out += [r["name"], str(r["device"]), str(r["date"])]
            out += [str(v) for v in load_result(r["path"]).get("meta", {}).values() if isinstance(v, str)]
    except (ImportError, OSError, ValueError):
        pass
    return sorted({*out, *(md(s) for s in out)}, key=len, reverse=True)


CODE = re.compile(r"`[^`]*`")
PATH = re.compile(r"[\w./-]+\.(?:md|json|py|csv|xlsx|toml)\b|https?://\S+")
SCI = re.compile(r"\b\d+(?:\.\d+)?e\+\d+\b", re.I)  # 1.00663e+08: a Japanese reader expects 100,663,296


def offenders(texts) -> dict[str, str]:
    """ASCII-only words not allowed -> the text they were seen in."""
    ok, found = allowed(), {}
    for where, text in texts:
        for s in verbatim():
            if s and s in text:
                text = text.replace(s, " ")
        text = PATH.sub(" ", CODE.sub(" ", text))
        for w in SCI.findall(text):
            found.setdefault(w, f"{where}: {text[:120]}")
        text = SCI.sub(" ", text)
        for w in (part for word in ascii_words(text) for part in word.split("/") if part):
            if w in ok or w.rstrip(".") in ok or (NAME.match(w) and any(ch.isdigit() for ch in w)):
                continue
            if w[0].isdigit():
                continue  # a number, possibly with its unit (128K, 80GB, 70B, 2x)
            found.setdefault(w, f"{where}: {text[:120]}")
    return found


def _page(page: str, query: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params.update({"lang": "ja", **query})
    return at.switch_page(page).run()


STATES = [(page, {}) for page in PAGES] + [
    ("ui/fleet.py", {"region": "jp", "cur": "jpy"}),  # the meeting: Japan's defaults, yen
    ("ui/compare.py", {"model": "deepseek-v2-lite"}),  # an MLA model: every scheme option named
    ("ui/fit.py", {"model": "t5-11b", "scheme": "slim:2"}),  # encoder-decoder, slim option 2
]


@pytest.mark.parametrize("page,query", STATES,
                         ids=[f"{p[3:-3]}-{'-'.join(q.values()) or 'default'}" for p, q in STATES])
def test_japanese_page_shows_no_english(page, query):
    at = _page(page, query)
    assert not at.exception, [e.message for e in at.exception]
    bad = offenders(page_texts(at))
    assert not bad, "\n".join(f"{w!r} in {where}" for w, where in sorted(bad.items()))


def _workbook() -> openpyxl.Workbook:
    from costmodel.currency import REFERENCE_FX

    r = fleet.optimize("llama-3.1-8b", "h100-sxm-80gb", fleet.users(100, 8192), ["gqa", "mla"],
                       inputs=JP.inputs(REFERENCE_FX), pp=1)
    data = fleet_workbook(r, lang="ja", money=JP.money("jpy", REFERENCE_FX), region="jp")
    return openpyxl.load_workbook(io.BytesIO(data), data_only=True)


def test_japanese_yen_workbook_shows_no_english():
    wb = _workbook()
    texts = []
    for ws in wb.worksheets:
        texts.append(("sheet", ws.title))
        hidden = {k for k, d in ws.column_dimensions.items() if d.hidden}
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and get_column_letter(c.column or 1) not in hidden:
                    texts.append((f"{ws.title}!{c.coordinate}", c.value))
    bad = offenders(texts)
    assert not bad, "\n".join(f"{w!r} in {where}" for w, where in sorted(bad.items()))


def test_the_check_finds_english():
    """The walker and the allow-list do find an English word (the check is not vacuous)."""
    bad = offenders([("caption", "GQA (8 KV heads)、パラメーター数 8.03 B、約 6 us、1.00663e+08")])
    assert set(bad) == {"heads", "us", "1.00663e+08"}
