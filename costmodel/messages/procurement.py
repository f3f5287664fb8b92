"""Messages of the fleet optimizer, the TCO and the price provenance (procurement), English and Japanese."""

M: dict[str, tuple[str, str]] = {
    # ---- inputs
    "pr.engine": ("engine {engine!r} is not available; known: {known} (engine-calibrated speeds are not built yet)",
                  "エンジン {engine!r} は使えません。使えるもの: {known}（エンジン較正済みの速度はまだありません）"),
    "pr.basis": ("cost basis must be 'cloud' or 'onprem', got {value!r}",
                 "コスト基準には 'cloud' か 'onprem' を指定してください（指定値: {value!r}）"),
    "pr.no_gpu": ("choose at least one GPU type", "GPU の種類を 1 つ以上選んでください"),
    "pr.demand_args": ("give one target: --users N --context C, --tokens-per-s R, or --requests-per-day Q --isl I --osl O",
                       "目標を 1 つ指定してください: --users N --context C、--tokens-per-s R、"
                       "または --requests-per-day Q --isl I --osl O"),
    # ---- prices and their sources
    "hw.price_absent": ("{field}: give a sourced figure or name it under [absent] with the reason, not both",
                        "{field}: 出典付きの値を書くか、[absent] に理由とともに記載してください（両方は不可）"),
    "pr.profile_source": ("{gpu}: {source} (source dated {as_of}, precision {precision}; confidence {confidence})",
                          "{gpu}: {source}（出典の日付 {as_of}、精度 {precision}、確度 {confidence}）"),
    "pr.derived_price": ("derived: {n} GPUs x GPU price x (1 + {share:g} host share); GPU price: {gpu_src}",
                         "推定値: GPU {n} 基 × GPU 価格 × (1 + ホスト分 {share:g})。GPU 価格: {gpu_src}"),
    "pr.absent": ("no price: enter one ({why})", "価格なし: 値を入力してください（{why}）"),
    "pr.derived_power": ("derived: {n} x {tdp:,.0f} W GPU TDP + {host:,.0f} W host (no measured or nameplate server power)",
                         "推定値: GPU TDP {tdp:,.0f} W × {n} ＋ ホスト {host:,.0f} W（サーバー電力の実測値・定格値なし）"),
    "pr.derived_idle": ("derived: {fraction:.0%} of the load power (no published idle power for this server)",
                        "推定値: 負荷時電力の {fraction:.0%}（このサーバーのアイドル電力は公表されていません）"),
    "pr.nameplate_is_load": ("no nameplate rating found: the load power is used for the contracted kW",
                             "定格電力が見つからないため、契約 kW には負荷時電力を使います"),
    "pr.cloud_source": ("{label}: {source}, {url} (source dated {as_of}, precision {precision}; confidence {confidence})",
                        "{label}: {source}、{url}（出典の日付 {as_of}、精度 {precision}、確度 {confidence}）"),
    "pr.cloud_unit": ("billed per {unit}", "{unit} 単位の課金"),
    "tco.no_cloud_price": ("{gpu}: no cloud price: enter one", "{gpu}: クラウド価格なし: 値を入力してください"),
    "tco.no_server_price": ("{gpu}: no server price: enter one", "{gpu}: サーバー価格なし: 値を入力してください"),
    "tco.idle_above_load": ("idle power {idle:,.0f} W exceeds the load power {load:,.0f} W",
                            "アイドル電力 {idle:,.0f} W が負荷時電力 {load:,.0f} W を上回っています"),
    # ---- optimizer reasoning
    "pr.gpu_no_price": ("{gpu} left out: {reason}", "{gpu} は対象外: {reason}"),
    "pr.no_fit": ("{gpu} {dep}: one sequence of {context:,} tokens needs {total} per GPU > {cap}",
                  "{gpu} {dep}: {context:,} トークンの系列 1 本で GPU あたり {total} が必要です（容量 {cap}）"),
    "pr.slo_unmet": ("{n:,} sized plans miss the latency limits (TTFT / TPOT)",
                     "規模を算出した {n:,} 案がレイテンシ上限（TTFT / TPOT）を満たしません"),
    "pr.too_big": ("no deployment of the model fits on {gpus}", "{gpus} にはこのモデルのどの配置も収まりません"),
    "pr.searched": ("{n:,} feasible plans searched on {gpus} (TP within the fast-link domain, PP across servers, "
                    "EP for MoE, DP attention where TP would replicate the cache, batch caps)",
                    "{gpus} で実行可能な {n:,} 案を探索しました（高速リンク内の TP、サーバー間の PP、MoE の EP、"
                    "TP でキャッシュが複製される場合の DP アテンション、バッチ上限）"),
    "pr.slo_dropped": ("{n:,} plans dropped for missing the latency limits",
                       "{n:,} 案はレイテンシ上限を満たさないため除外しました"),
    "pr.chosen": ("cheapest: {dep} on {gpu}, {replicas:,} replica(s) = {gpus:,} GPUs in {servers:,} server(s), "
                  "{batch:,} sequences per replica; ${usd:,.0f}/month, ${per_1m:,.3f} per 1M tokens served, "
                  "utilization {util:.0%}, TPOT {tpot_ms:.1f} ms",
                  "最安: {gpu} で {dep}、{replicas:,} レプリカ = GPU {gpus:,} 基（サーバー {servers:,} 台）、"
                  "レプリカあたり {batch:,} 系列。月額 ${usd:,.0f}、処理トークン 100 万あたり ${per_1m:,.3f}、"
                  "利用率 {util:.0%}、TPOT {tpot_ms:.1f} ms"),
    "pr.runner_up": ("runner-up: {dep} on {gpu} ({gpus:,} GPUs), ${usd:,.0f}/month (+{more:.0%})",
                     "次点: {gpu} で {dep}（GPU {gpus:,} 基）、月額 ${usd:,.0f}（+{more:.0%}）"),
    "pr.fit_hint": ("{scheme} does not fit {gpu} at TP={tp}: weights alone are {weights} per GPU against {cap}; "
                    "the smallest TP that fits is {fit_tp} ({fit_tp} GPUs)",
                    "{scheme} は {gpu} の TP={tp} では収まりません。重みだけで GPU あたり {weights}（容量 {cap}）です。"
                    "収まる最小の TP は {fit_tp}（GPU {fit_tp} 基）です"),
    "pr.fit_hint_kv": ("{scheme} does not fit {gpu} at TP={tp} for this context and batch; the smallest TP that fits "
                       "is {fit_tp} ({fit_tp} GPUs)",
                       "{scheme} は {gpu} の TP={tp} ではこのコンテキスト長とバッチで収まりません。"
                       "収まる最小の TP は {fit_tp}（GPU {fit_tp} 基）です"),
    "pr.fit_none": ("{scheme} does not fit {gpu} at TP={tp} (weights {weights} per GPU against {cap}), nor at any TP "
                    "up to {domain} within the fast-link domain: use the Fleet page (pipeline stages across servers) "
                    "or a larger GPU",
                    "{scheme} は {gpu} の TP={tp} では収まらず（GPU あたり重み {weights}、容量 {cap}）、高速リンク内の"
                    "TP {domain} までのどれでも収まりません。フリートのページ（サーバー間のパイプライン並列）か、"
                    "より大きな GPU を使ってください"),
}

# Where each TCO default comes from (research/prices/tco_defaults.md; source keys as in its SOURCES.md).
_SRC = {
    "hours_per_month": ("730 h = 8,760 h / 12.", "730 時間 = 8,760 時間 / 12。"),
    "life_years": ("5 years: Japan's statutory life of servers (Ministerial Ordinance on Useful Life of Depreciable "
                   "Assets, Appended Table 1, e-Gov, 2024-11-23); US hyperscalers depreciate servers over 5-6 years (10-K filings 2022-2025).",
                   "5 年: サーバーの法定耐用年数（減価償却資産の耐用年数等に関する省令 別表第一、e-Gov、2024-11-23）。"
                   "米国のハイパースケーラーは 5〜6 年で償却（10-K、2022〜2025 年）。"),
    "residual_fraction": ("0: conservative, straight-line to zero; the only residual-value figures found (H100 30% "
                          "after 36 months) are from undated SEO pages (gpuleaseindex).",
                          "0: 保守的に残存価額ゼロまで定額償却。見つかった残存価値の数値（H100 で 36 か月後 30%）は"
                          "日付のない SEO ページ（gpuleaseindex）のみです。"),
    "wacc": ("7.5%: the middle of Damodaran's US cost of capital by sector, January 2026 (Air Transport 6.72%, "
             "Business & Consumer Services 7.23%, Advertising 7.81%); use your company's rate.",
             "7.5%: Damodaran の米国業種別資本コスト（2026 年 1 月: 航空 6.72%、ビジネス・消費者サービス 7.23%、"
             "広告 7.81%）の中間。自社の値を使ってください。"),
    "pue": ("1.54: Uptime Institute Global Data Center Survey 2025 weighted average (hyperscale best ~1.09; "
            "Japan JISA FY2018 average 1.83).",
            "1.54: Uptime Institute グローバルデータセンター調査 2025 の加重平均（ハイパースケール最良値 約 1.09、"
            "日本 JISA 2018 年度平均 1.83）。"),
    "electricity_usd_per_kwh": ("$0.09/kWh: within EIA industrial prices of data-center states, April 2025 "
                                "(OH 7.90, PA 8.59, IN 9.01, IL 9.81 c/kWh; EIA Electric Power Monthly 5.6.A, "
                                "2025-06-25). Japan: JPY 27.55/kWh industrial average FY2022 (ANRE).",
                                "$0.09/kWh: EIA のデータセンター立地州の産業用単価（2025 年 4 月: OH 7.90、PA 8.59、"
                                "IN 9.01、IL 9.81 セント/kWh。EIA Electric Power Monthly 5.6.A、2025-06-25）の範囲内。"
                                "日本: 産業用平均 27.55 円/kWh（2022 年度、資源エネルギー庁）。"),
    "colocation_usd_per_kw_month": ("$195/kW-month: CBRE North America data-center wholesale rate, H2 2025 "
                                    "($184.06 in H2 2024); Tokyo about $200.",
                                    "$195/kW・月: CBRE 北米データセンター卸売賃料（2025 年下期。2024 年下期 $184.06）。"
                                    "東京は約 $200。"),
    "network_usd_per_gpu": ("$1,900 per GPU of replicas spanning servers: InfiniBand NDR switches and cables for a "
                            "512-GPU one-tier fabric ~$1,883/GPU (tech-talk-cto spreadsheet, FS.com prices, Aug "
                            "2024, estimate); 0 inside one server.",
                            "サーバーをまたぐレプリカの GPU 1 基あたり $1,900: 512 GPU・1 段の InfiniBand NDR の"
                            "スイッチとケーブルで GPU あたり約 $1,883（tech-talk-cto スプレッドシート、FS.com 価格、"
                            "2024 年 8 月、推定）。1 台のサーバー内では 0。"),
    "storage_usd_per_server": ("not published: no per-server storage figure was found (SemiAnalysis, Apr 2026, "
                               "names storage as a TCO line without a number); enter your own.",
                               "未公表: サーバーあたりのストレージ費用は見つかりませんでした（SemiAnalysis 2026 年 4 月は"
                               "TCO の項目として挙げるのみ）。自社の値を入力してください。"),
    "software_usd_per_gpu_year": ("$0 with an open-source stack (vLLM, SGLang); NVIDIA AI Enterprise lists $4,500 "
                                  "per GPU per year (NVIDIA earnings call, 2023-11-21; bundled 5 years with H100 "
                                  "PCIe/NVL).",
                                  "オープンソース構成（vLLM、SGLang）なら $0。NVIDIA AI Enterprise は GPU 1 基あたり"
                                  "年 $4,500（NVIDIA 決算説明会 2023-11-21。H100 PCIe/NVL には 5 年分が付属）。"),
    "support_fraction_per_year": ("not published: no hardware support percentage was found; enter your contract's.",
                                  "未公表: ハードウェア保守の比率は見つかりませんでした。契約の値を入力してください。"),
    "staff_usd_per_gpu_month": ("not published: no staff cost per GPU was found; enter your own.",
                                "未公表: GPU あたりの人件費は見つかりませんでした。自社の値を入力してください。"),
    "spares_fraction": ("not published: SemiAnalysis describes hot-spare pools without a percentage; enter your own.",
                        "未公表: SemiAnalysis はホットスペアを定性的に述べるのみです。自社の値を入力してください。"),
    "idle_power_fraction": ("15%: NVIDIA Domain Power Service, GB200 compute tray idle 1,000 W vs 6,667 W max (no "
                            "idle figure is published for HGX H100/H200/B200 nodes); used only where a profile "
                            "lacks an idle figure.",
                            "15%: NVIDIA Domain Power Service の GB200 コンピュートトレイ（アイドル 1,000 W / 最大 "
                            "6,667 W）。HGX H100/H200/B200 のアイドル電力は公表されていないため、プロファイルに"
                            "アイドル値がない場合だけ使います。"),
    "migration_gpu_hours": ("GPU-hours to convert and fine-tune to a non-baseline scheme (TransMLA: ~6B tokens); "
                            "default 0.", "基準以外の方式への変換とファインチューニングの GPU 時間（TransMLA: 約 60 億"
                                          "トークン）。既定値 0。"),
    "migration_gpu_hour_usd": ("$/GPU-hour of the migration run; 0 = the chosen cloud price per GPU-hour.",
                               "移行作業の GPU 時間単価。0 = 選んだクラウドの GPU 時間単価。"),
    "migration_engineering_usd": ("one-off engineering cost of a migration; default 0.",
                                  "移行の一時的なエンジニアリング費用。既定値 0。"),
}
M.update({f"tco.src.{k}": v for k, v in _SRC.items()})
