"""UI and export labels in English and Japanese: ``LABELS[key] = {"en": ..., "ja": ...}``; ``t(key, lang)``.

Add keys freely (the Streamlit pages extend this table). A missing Japanese text falls back to English,
a missing key to the key itself, so a typo shows up on screen instead of crashing a page.
"""
from __future__ import annotations

LANGS = ("en", "ja")

LABELS: dict[str, dict[str, str]] = {
    # --- workbook sheets ---
    "sheet.inputs": {"en": "Inputs", "ja": "入力"},
    "sheet.model": {"en": "Model", "ja": "モデル"},
    "sheet.results": {"en": "Results", "ja": "結果"},
    "sheet.comparison": {"en": "Comparison", "ja": "比較"},
    "sheet.sources": {"en": "Sources", "ja": "出典"},
    "sheet.assumptions": {"en": "Assumptions", "ja": "前提"},
    # --- column headers ---
    "col.key": {"en": "Name", "ja": "名前"},
    "col.item": {"en": "Item", "ja": "項目"},
    "col.value": {"en": "Value", "ja": "値"},
    "col.unit": {"en": "Unit", "ja": "単位"},
    "col.source": {"en": "Source", "ja": "出典"},
    "col.scheme": {"en": "Scheme", "ja": "方式"},
    "col.note": {"en": "Note", "ja": "注記"},
    # --- ROI inputs (CostInputs fields) ---
    "gpu_hour_usd": {"en": "Cloud price per GPU-hour", "ja": "クラウド GPU 時間単価"},
    "server_price_usd": {"en": "Server purchase price", "ja": "サーバー購入価格"},
    "server_power_w": {"en": "Server power at sustained load", "ja": "サーバー消費電力（定常負荷）"},
    "depreciation_years": {"en": "Depreciation period", "ja": "減価償却期間"},
    "pue": {"en": "PUE (facility power / IT power)", "ja": "PUE（施設電力 / IT 電力）"},
    "electricity_usd_per_kwh": {"en": "Electricity price", "ja": "電力単価"},
    "hosting_usd_per_kw_month": {"en": "Hosting per kW of IT load per month", "ja": "ホスティング費（IT 負荷 kW・月あたり）"},
    "hosting_usd_per_server_month": {"en": "Hosting per server per month", "ja": "ホスティング費（サーバー・月あたり）"},
    "utilization": {"en": "Average utilization of peak capacity", "ja": "ピーク能力の平均利用率"},
    "hours_per_month": {"en": "Hours per month", "ja": "月間時間"},
    "migration_gpu_hours": {"en": "Migration GPU-hours (conversion + fine-tuning)", "ja": "移行 GPU 時間（変換＋ファインチューニング）"},
    "migration_gpu_hour_usd": {"en": "Migration price per GPU-hour", "ja": "移行時の GPU 時間単価"},
    "migration_engineering_usd": {"en": "Migration engineering cost", "ja": "移行エンジニアリング費用"},
    "bw_efficiency": {"en": "Memory bandwidth efficiency", "ja": "メモリ帯域効率"},
    # --- model / fleet facts ---
    "fact.model": {"en": "Model", "ja": "モデル"},
    "fact.gpu": {"en": "GPU", "ja": "GPU"},
    "fact.target": {"en": "Target", "ja": "目標"},
    "fact.baseline": {"en": "Baseline scheme", "ja": "基準方式"},
    "fact.gpus_per_replica": {"en": "GPUs per replica (TP)", "ja": "レプリカあたり GPU 数（TP）"},
    "fact.replicas": {"en": "Replicas", "ja": "レプリカ数"},
    "fact.gpus": {"en": "GPUs", "ja": "GPU 数"},
    "fact.servers": {"en": "Servers", "ja": "サーバー数"},
    "fact.tokens_per_s": {"en": "Peak generated tokens/s (fleet)", "ja": "ピーク生成トークン/秒（全体）"},
    "fact.batch_per_replica": {"en": "Sequences per replica", "ja": "レプリカあたり同時系列数"},
    "fact.utilization": {"en": "Utilization at target", "ja": "目標時の利用率"},
    "fact.migration_gpu_hours": {"en": "Migration GPU-hours", "ja": "移行 GPU 時間"},
    "fact.migration_engineering_usd": {"en": "Migration engineering", "ja": "移行エンジニアリング費用"},
    # --- results ---
    "res.tokens_per_month": {"en": "Tokens generated per month", "ja": "月間生成トークン数"},
    "res.cloud_usd_per_month": {"en": "Cloud cost per month", "ja": "クラウド月額費用"},
    "res.cloud_usd_per_1m_tokens": {"en": "Cloud cost per 1M tokens", "ja": "クラウド費用（100 万トークンあたり）"},
    "res.capex_usd_per_month": {"en": "On-prem depreciation per month", "ja": "オンプレ減価償却（月額）"},
    "res.energy_usd_per_month": {"en": "On-prem electricity per month", "ja": "オンプレ電力費（月額）"},
    "res.hosting_usd_per_month": {"en": "On-prem hosting per month", "ja": "オンプレホスティング費（月額）"},
    "res.onprem_usd_per_month": {"en": "On-prem cost per month", "ja": "オンプレ月額費用"},
    "res.onprem_usd_per_1m_tokens": {"en": "On-prem cost per 1M tokens", "ja": "オンプレ費用（100 万トークンあたり）"},
    "res.onprem_usd_per_gpu_hour": {"en": "On-prem cost per GPU-hour", "ja": "オンプレ GPU 時間あたり費用"},
    "res.migration_usd": {"en": "One-off migration cost", "ja": "一時的な移行費用"},
    "res.cloud_savings_usd_per_month": {"en": "Cloud savings vs baseline per month", "ja": "基準比クラウド削減額（月額）"},
    "res.onprem_savings_usd_per_month": {"en": "On-prem savings vs baseline per month", "ja": "基準比オンプレ削減額（月額）"},
    "res.cloud_payback_months": {"en": "Payback on cloud", "ja": "投資回収期間（クラウド）"},
    "res.onprem_payback_months": {"en": "Payback on-prem", "ja": "投資回収期間（オンプレ）"},
    "res.never": {"en": "no payback", "ja": "回収不可"},
    "res.baseline": {"en": "baseline", "ja": "基準"},
    # --- units ---
    "unit.usd": {"en": "USD", "ja": "米ドル"},
    "unit.usd_month": {"en": "USD/month", "ja": "米ドル/月"},
    "unit.usd_1m": {"en": "USD/1M tokens", "ja": "米ドル/100 万トークン"},
    "unit.usd_gpu_h": {"en": "USD/GPU-h", "ja": "米ドル/GPU 時間"},
    "unit.months": {"en": "months", "ja": "か月"},
    "unit.tokens": {"en": "tokens", "ja": "トークン"},
    "unit.tokens_s": {"en": "tokens/s", "ja": "トークン/秒"},
    "unit.count": {"en": "count", "ja": "個"},
    # --- sheet notes ---
    "note.inputs": {"en": "Edit the yellow cells; every result recalculates from them.",
                    "ja": "黄色のセルを編集すると、すべての結果が再計算されます。"},
    "note.model": {"en": "Fleet facts from the kvcost model (editable; results use them).",
                   "ja": "kvcost モデルによるフリート構成（編集可。結果はこの値を参照）。"},
    "note.method": {"en": "Method", "ja": "計算方法"},
    "note.fleet_why": {"en": "Fleet sizing reasoning", "ja": "フリート規模の根拠"},
    "note.user_notes": {"en": "Notes", "ja": "メモ"},
    "note.roi_method": {
        "en": ("Cloud = GPUs x hours x price per GPU-hour. On-prem = servers x price / (years x 12) + servers x kW x "
               "PUE x hours x electricity + hosting. Per 1M tokens = monthly cost / (peak tokens/s x utilization x "
               "hours x 3600) x 1,000,000. Payback = migration cost / monthly savings."),
        "ja": ("クラウド = GPU 数 × 時間 × GPU 時間単価。オンプレ = サーバー数 × 価格 / (年数 × 12) + サーバー数 × kW × "
               "PUE × 時間 × 電力単価 + ホスティング費。100 万トークンあたり = 月額費用 / (ピークトークン/秒 × 利用率 × "
               "時間 × 3600) × 1,000,000。投資回収期間 = 移行費用 / 月間削減額。"),
    },
}


def t(key: str, lang: str = "en") -> str:
    """Label for ``key`` in ``lang`` ("en" or "ja"); falls back to English, then to the key."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, got {lang!r}")
    entry = LABELS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry.get("en") or key


__all__ = ["LABELS", "LANGS", "t"]
