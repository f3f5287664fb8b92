"""Fleet optimizer, TCO and workbook messages (en): ``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- inputs
    'pr.engine': 'engine {engine!r} is not available; known: {known}',
    'pr.basis': "cost basis must be 'cloud' or 'onprem', got {value!r}",
    'pr.no_gpu': 'choose at least one GPU type',
    'pr.set_form': '--set takes NAME=VALUE (a cost input such as pue=1.3, or GPU.FIELD=VALUE), got {item}',
    'pr.set_name': '--set: {name} is not a cost input (any of: {inputs}) nor GPU.FIELD with FIELD one of {fields}',
    'pr.set_gpu': '--set {name}: {gpu} is not among --gpu ({gpus})',
    'pr.demand_args': (
        'give one target: --users N --context C, --tokens-per-s R, or --requests-per-day Q --isl I --osl O'
    ),
    # ---- prices and their sources
    'hw.price_absent': '{field}: give a sourced figure or name it under [absent] with the reason, not both',
    'pr.profile_source': '{gpu}: {source} (source dated {as_of}, precision {precision}; confidence {confidence})',
    'pr.derived_price': 'derived: {n} GPUs x GPU price x (1 + {share:g} host share); GPU price: {gpu_src}',
    'pr.absent': 'no price: enter one ({why})',
    'pr.derived_power': (
        'derived: {n} x {tdp:,.0f} W GPU TDP + {host:,.0f} W host (no measured or nameplate server power)'
    ),
    'pr.derived_idle': 'derived: {fraction:.0%} of the load power (no published idle power for this server)',
    'pr.nameplate_is_load': 'no nameplate rating found: the load power is used for the contracted kW',
    'pr.cloud_source': (
        '{label}: {source}, {url} (source dated {as_of}, precision {precision}; confidence {confidence})'
    ),
    'pr.cloud_unit': 'billed per {unit}',
    'tco.no_cloud_price': '{gpu}: no cloud price: enter one',
    'tco.no_server_price': '{gpu}: no server price: enter one',
    'tco.idle_above_load': 'idle power {idle:,.0f} W exceeds the load power {load:,.0f} W',
    # ---- optimizer reasoning
    'pr.gpu_no_price': '{gpu} left out: {reason}',
    'pr.no_fit': '{gpu} {dep}: one sequence of {context:,} tokens needs {total} per GPU > {cap}',
    'pr.slo_unmet': '{n:,} sized plans miss the latency limits (TTFT / TPOT)',
    'pr.too_big': 'no deployment of the model fits on {gpus}',
    'pr.searched': (
        '{n:,} feasible plans searched on {gpus} (TP within the fast-link domain, PP across servers, EP for '
        'MoE, DP attention where TP would replicate the cache, batch caps)'
    ),
    'pr.slo_dropped': '{n:,} plans dropped for missing the latency limits',
    'pr.chosen': (
        'cheapest: {dep} on {gpu}, {replicas:,} replica(s) = {gpus:,} GPUs in {servers:,} server(s), '
        '{batch:,} sequences per replica; {cost}/month, {cost_1m} per 1M tokens served, '
        'utilization {util:.0%}, TPOT {tpot_ms:.1f} ms'
    ),
    'pr.runner_up': 'runner-up: {dep} on {gpu} ({gpus:,} GPUs), {cost}/month (+{more:.0%})',
    'pr.fit_hint': (
        '{scheme} does not fit {gpu} at TP={tp}: weights alone are {weights} per GPU against {cap}; the '
        'smallest TP that fits is {fit_tp} ({fit_tp} GPUs)'
    ),
    'pr.fit_hint_kv': (
        '{scheme} does not fit {gpu} at TP={tp} for this context and batch; the smallest TP that fits is '
        '{fit_tp} ({fit_tp} GPUs)'
    ),
    'pr.fit_none': (
        '{scheme} does not fit {gpu} at TP={tp} (weights {weights} per GPU against {cap}), nor at any TP up '
        'to {domain} within the fast-link domain: use the Fleet page (pipeline stages across servers) or a '
        'larger GPU'
    ),
    # ---- added programmatically in the old module (e.g. sources of defaults)
    'tco.src.hours_per_month': '730 h = 8,760 h / 12.',
    'tco.src.life_years': (
        "5 years: Japan's statutory life of servers (Ministerial Ordinance on Useful Life of Depreciable "
        'Assets, Appended Table 1, e-Gov, 2024-11-23); US hyperscalers depreciate servers over 5-6 years '
        '(10-K filings 2022-2025).'
    ),
    'tco.src.residual_fraction': (
        '0: conservative, straight-line to zero; the only residual-value figures found (H100 30% after 36 '
        'months) are from undated SEO pages (gpuleaseindex).'
    ),
    'tco.src.wacc': (
        "7.5%: the middle of Damodaran's US cost of capital by sector, January 2026 (Air Transport 6.72%, "
        "Business & Consumer Services 7.23%, Advertising 7.81%); use your company's rate."
    ),
    'tco.src.pue': (
        '1.54: Uptime Institute Global Data Center Survey 2025 weighted average (hyperscale best ~1.09; '
        'Japan JISA FY2018 average 1.83).'
    ),
    'tco.src.electricity_usd_per_kwh': (
        '$0.09/kWh: within EIA industrial prices of data-center states, April 2025 (OH 7.90, PA 8.59, IN '
        '9.01, IL 9.81 c/kWh; EIA Electric Power Monthly 5.6.A, 2025-06-25). Japan: JPY 27.55/kWh '
        'industrial average FY2022 (ANRE).'
    ),
    'tco.src.colocation_usd_per_kw_month': (
        '$195/kW-month: CBRE North America data-center wholesale rate, H2 2025 ($184.06 in H2 2024); Tokyo '
        'about $200.'
    ),
    'tco.src.network_usd_per_gpu': (
        '$1,900 per GPU of replicas spanning servers: InfiniBand NDR switches and cables for a 512-GPU '
        'one-tier fabric ~$1,883/GPU (tech-talk-cto spreadsheet, FS.com prices, Aug 2024, estimate); 0 '
        'inside one server.'
    ),
    'tco.src.storage_usd_per_server': (
        'not published: no per-server storage figure was found (SemiAnalysis, Apr 2026, names storage as a '
        'TCO line without a number); enter your own.'
    ),
    'tco.src.software_usd_per_gpu_year': (
        '$0 with an open-source stack (vLLM, SGLang); NVIDIA AI Enterprise lists $4,500 per GPU per year '
        '(NVIDIA earnings call, 2023-11-21; bundled 5 years with H100 PCIe/NVL).'
    ),
    'tco.src.support_fraction_per_year': (
        "not published: no hardware support percentage was found; enter your contract's."
    ),
    'tco.src.staff_usd_per_gpu_month': 'not published: no staff cost per GPU was found; enter your own.',
    'tco.src.spares_fraction': (
        'not published: SemiAnalysis describes hot-spare pools without a percentage; enter your own.'
    ),
    'tco.src.idle_power_fraction': (
        '15%: NVIDIA Domain Power Service, GB200 compute tray idle 1,000 W vs 6,667 W max (no idle figure '
        'is published for HGX H100/H200/B200 nodes); used only where a profile lacks an idle figure.'
    ),
    'tco.src.migration_gpu_hours': (
        'GPU-hours to convert and fine-tune to a non-baseline scheme (TransMLA: ~6B tokens); default 0.'
    ),
    'tco.src.migration_gpu_hour_usd': '$/GPU-hour of the migration run; 0 = the chosen cloud price per GPU-hour.',
    'tco.src.migration_engineering_usd': 'one-off engineering cost of a migration; default 0.',
    'pr.no_power_figure': 'no power figure: enter one ({why})',
    'pr.no_power': 'no published server power or TDP: enter the server power under load',
    # ---- currency, exchange rate and regional defaults (issue 18)
    'fx.bad_rate': 'the exchange rate must be a number of yen per US dollar between 1 and 10,000, got {value!r}',
    'fx.bad_currency': 'currency must be one of {known}, got {value!r}',
    'fx.src.boj': (
        'JPY 157 per USD: Bank of Japan, reporting rate (Hokoku Shorei rate) for March 2026, Minister of Finance '
        'notice published 2026-02-20 from the January 2026 market average (read via a press summary, '
        'news.3rd-in.co.jp); Federal Reserve G.5: June 2024 average 157.86. Enter the rate of your meeting.'
    ),
    'src.entered': 'entered by the user',
    'fx.src.user': 'entered by the user on {as_of}',
    'region.us': 'United States',
    'region.jp': 'Japan',
    'region.unknown': 'region must be one of {known}, got {value!r}',
    'tco.src.jp.electricity_usd_per_kwh': (
        'JPY 27.55/kWh: industrial (high and extra-high voltage) average price FY2022, ANRE data via '
        'ITOCHU ENEX (2024-12; FY2023 onward not found); a yen input (the exchange rate does not change it).'
    ),
    'tco.src.jp.pue': (
        '1.83: JISA data-centre survey, FY2018 average (FY2016 1.89, FY2017 1.88; published 2020-02-27; no '
        'newer Japan-wide average found); the Energy Conservation Act benchmark targets 1.4 or less by FY2030.'
    ),
    'tco.src.jp.colocation_usd_per_kw_month': (
        'US$200/kW-month: Tokyo wholesale colocation, CBRE via Hong Kong Business (undated, ~2023-24; low '
        'confidence).'
    ),
    'tco.src.jp.life_years': (
        "5 years: statutory useful life of servers (Ministerial Ordinance on Useful Life of Depreciable "
        "Assets, Appended Table 1, office and communication equipment, computers, 'other'; e-Gov, "
        '2024-11-23). Personal computers other than servers: 4 years.'
    ),
    'fx.rate_label': 'Exchange rate (JPY per USD)',
    'fx.rate_line': 'Exchange rate: {rate:,.2f} JPY per USD ({as_of}; {source})',
    'region.line': 'Cost defaults: {region}',
}
