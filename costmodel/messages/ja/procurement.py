"""Fleet optimizer, TCO and workbook messages (ja): ``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- inputs
    'pr.engine': 'エンジン {engine!r} は利用できません。使用可能: {known}',
    'pr.basis': "コスト基準には 'cloud' か 'onprem' を指定してください（指定値: {value!r}）",
    'pr.no_gpu': 'GPU の種類を 1 つ以上選んでください',
    'pr.set_form': '--set には 名前=値（pue=1.3 のようなコスト入力、または GPU.項目=値）を指定してください（指定値: {item}）',
    'pr.set_name': '--set: {name} はコスト入力（{inputs}）でも GPU.項目（項目は {fields} のいずれか）でもありません',
    'pr.set_gpu': '--set {name}: {gpu} は --gpu（{gpus}）に含まれていません',
    'pr.demand_args': (
        '目標を 1 つ指定してください: --users N --context C、--tokens-per-s R、または --requests-per-day Q --isl I --osl O'
    ),
    # ---- prices and their sources
    'hw.price_absent': '{field}: 出典付きの値を書くか、[absent] に理由とともに記載してください（両方は不可）',
    'pr.profile_source': '{gpu}: {source}（出典の日付 {as_of}、精度 {precision}、確度 {confidence}）',
    'pr.derived_price': '推定値: GPU {n} 枚 × GPU 価格 × (1 + ホスト分 {share:g})。GPU 価格: {gpu_src}',
    'pr.absent': '価格なし: 値を入力してください（{why}）',
    'pr.derived_power': '推定値: GPU TDP {tdp:,.0f} W × {n} ＋ ホスト {host:,.0f} W（サーバー電力の実測値・定格値なし）',
    'pr.derived_idle': '推定値: 負荷時電力の {fraction:.0%}（このサーバーのアイドル電力は公表されていません）',
    'pr.nameplate_is_load': '定格電力が見つからないため、契約 kW には負荷時電力を使います',
    'pr.cloud_source': '{label}: {source}、{url}（出典の日付 {as_of}、精度 {precision}、確度 {confidence}）',
    'pr.cloud_unit': '{unit} 単位の課金',
    'tco.no_cloud_price': '{gpu}: クラウド価格なし: 値を入力してください',
    'tco.no_server_price': '{gpu}: サーバー価格なし: 値を入力してください',
    'tco.idle_above_load': 'アイドル電力 {idle:,.0f} W が負荷時電力 {load:,.0f} W を上回っています',
    # ---- optimizer reasoning
    'pr.gpu_no_price': '{gpu} は対象外: {reason}',
    'pr.no_fit': '{gpu} {dep}: {context:,} トークンの系列 1 本で GPU あたり {total} が必要です（容量 {cap}）',
    'pr.slo_unmet': '規模を算出した {n:,} 案がレイテンシ上限（TTFT / TPOT）を満たしません',
    'pr.too_big': '{gpus} にはこのモデルのどの配置も収まりません',
    'pr.searched': '{gpus} で実行可能な {n:,} 案を探索しました（高速リンク内の TP、サーバー間の PP、MoE の EP、TP でキャッシュが複製される場合の DP アテンション、バッチ上限）',
    'pr.slo_dropped': '{n:,} 案はレイテンシ上限を満たさないため除外しました',
    'pr.chosen': (
        '最安: {gpu} で {dep}、{replicas:,} レプリカ = GPU {gpus:,} 枚（サーバー {servers:,} 台）、レプリカあたり {batch:,} 系列。月額 '
        '{cost}、処理トークン 100 万あたり {cost_1m}、負荷率 {util:.0%}、TPOT {tpot_ms:.1f} ms'
    ),
    'pr.runner_up': '次点: {gpu} で {dep}（GPU {gpus:,} 枚）、月額 {cost}（+{more:.0%}）',
    'pr.fit_hint': (
        '{scheme} は {gpu} の TP={tp} では収まりません。重みだけで GPU あたり {weights}（容量 {cap}）です。収まる最小の TP は {fit_tp}（GPU '
        '{fit_tp} 枚）です'
    ),
    'pr.fit_hint_kv': '{scheme} は {gpu} の TP={tp} ではこのコンテキスト長とバッチで収まりません。収まる最小の TP は {fit_tp}（GPU {fit_tp} 枚）です',
    'pr.fit_none': (
        '{scheme} は {gpu} の TP={tp} では収まらず（GPU あたり重み {weights}、容量 {cap}）、高速リンク内のTP {domain} '
        'までのどれでも収まりません。「必要 GPU 台数と ROI」のページ（サーバー間のパイプライン並列）か、より大きな GPU を使ってください'
    ),
    # ---- added programmatically in the old module (e.g. sources of defaults)
    'tco.src.hours_per_month': '730 時間 = 8,760 時間 / 12。',
    'tco.src.life_years': (
        '5 年: サーバーの法定耐用年数（減価償却資産の耐用年数等に関する省令 別表第一、e-Gov、2024-11-23）。米国のハイパースケーラーは 5〜6 年で償却（10-K、2022〜2025 '
        '年）。'
    ),
    'tco.src.residual_fraction': (
        '0: 保守的に残存価額ゼロまで定額償却。見つかった残存価値の数値（H100 で 36 か月後 30%）は日付のない SEO ページ（gpuleaseindex）のみです。'
    ),
    'tco.src.wacc': '7.5%: Damodaran の米国業種別資本コスト（2026 年 1 月: 航空 6.72%、ビジネス・消費者サービス 7.23%、広告 7.81%）の中間。自社の値を使ってください。',
    'tco.src.pue': '1.54: Uptime Institute グローバルデータセンター調査 2025 の加重平均（ハイパースケール最良値 約 1.09、日本 JISA 2018 年度平均 1.83）。',
    'tco.src.electricity_usd_per_kwh': (
        '$0.09/kWh: EIA のデータセンター立地州の産業用単価（2025 年 4 月: OH 7.90、PA 8.59、IN 9.01、IL 9.81 セント/kWh。EIA Electric '
        'Power Monthly 5.6.A、2025-06-25）の範囲内。日本: 産業用平均 27.55 円/kWh（2022 年度、資源エネルギー庁）。'
    ),
    'tco.src.colocation_usd_per_kw_month': '$195/kW・月: CBRE 北米データセンター卸売賃料（2025 年下期。2024 年下期 $184.06）。東京は約 $200。',
    'tco.src.network_usd_per_gpu': (
        'サーバーをまたぐレプリカの GPU 1 枚あたり $1,900: 512 GPU・1 段の InfiniBand NDR のスイッチとケーブルで GPU あたり約 '
        '$1,883（tech-talk-cto スプレッドシート、FS.com 価格、2024 年 8 月、推定）。1 台のサーバー内では 0。'
    ),
    'tco.src.storage_usd_per_server': (
        '未公表: サーバーあたりのストレージ費用は見つかりませんでした（SemiAnalysis 2026 年 4 月はTCO の項目として挙げるのみ）。自社の値を入力してください。'
    ),
    'tco.src.software_usd_per_gpu_year': (
        'オープンソース構成（vLLM、SGLang）なら $0。NVIDIA AI Enterprise は GPU 1 枚あたり年 $4,500（NVIDIA 決算説明会 2023-11-21。H100 '
        'PCIe/NVL には 5 年分が付属）。'
    ),
    'tco.src.support_fraction_per_year': '未公表: ハードウェア保守の比率は見つかりませんでした。契約の値を入力してください。',
    'tco.src.staff_usd_per_gpu_month': '未公表: GPU あたりの人件費は見つかりませんでした。自社の値を入力してください。',
    'tco.src.spares_fraction': '未公表: SemiAnalysis はホットスペアを定性的に述べるのみです。自社の値を入力してください。',
    'tco.src.idle_power_fraction': (
        '15%: NVIDIA Domain Power Service の GB200 コンピュートトレイ（アイドル 1,000 W / 最大 6,667 W）。HGX H100/H200/B200 '
        'のアイドル電力は公表されていないため、プロファイルにアイドル値がない場合だけ使います。'
    ),
    'tco.src.migration_gpu_hours': '基準以外の方式への変換とファインチューニングの GPU 時間（TransMLA: 約 60 億トークン）。既定値 0。',
    'tco.src.migration_gpu_hour_usd': '移行作業の GPU 時間単価。0 = 選んだクラウドの GPU 時間単価。',
    'tco.src.migration_engineering_usd': '移行の一時的なエンジニアリング費用。既定値 0。',
    'pr.no_power_figure': '電力値なし: 値を入力してください（{why}）',
    'pr.no_power': 'サーバー電力も TDP も公表されていません。負荷時のサーバー電力を入力してください',
    # ---- currency, exchange rate and regional defaults (issue 18)
    'fx.bad_rate': '為替レートは 1 ドルあたり 1〜10,000 円の数値で指定してください（指定値: {value!r}）',
    'fx.bad_currency': '通貨は {known} のいずれかを指定してください（指定値: {value!r}）',
    'fx.src.boj': (
        '1 ドル = 157 円: 日本銀行「報告省令レート（令和 8 年 3 月分）」（財務大臣公示、2026-02-20 公表、2026 年 1 月の市場実勢の平均。'
        '報道による要約 news.3rd-in.co.jp で確認）。米連邦準備制度 G.5: 2024 年 6 月平均 157.86。会議時点のレートを入力してください。'
    ),
    'src.entered': 'ユーザーが入力した値',
    'fx.src.user': '利用者が入力（{as_of}）',
    'region.us': '米国',
    'region.jp': '日本',
    'region.unknown': '地域は {known} のいずれかを指定してください（指定値: {value!r}）',
    'tco.src.jp.electricity_usd_per_kwh': (
        '27.55 円/kWh: 産業用（高圧・特別高圧）の平均単価、2022 年度（資源エネルギー庁のデータ、伊藤忠エネクス 2024 年 12 月。2023 年度以降は未確認）。'
        '円建ての入力のため、為替レートを変えても変わりません。'
    ),
    'tco.src.jp.pue': (
        '1.83: JISA（情報サービス産業協会）データセンター調査の 2018 年度平均（2016 年度 1.89、2017 年度 1.88。2020-02-27 公表。'
        'より新しい全国平均は見つかりませんでした）。省エネ法のベンチマーク目標は 2030 年度に 1.4 以下。'
    ),
    'tco.src.jp.colocation_usd_per_kw_month': (
        '200 ドル/kW・月: 東京のホールセール・コロケーション賃料（CBRE、Hong Kong Business 経由。日付なし、2023〜24 年頃。確度低）。'
    ),
    'tco.src.jp.life_years': (
        '5 年: サーバーの法定耐用年数（減価償却資産の耐用年数等に関する省令 別表第一「器具及び備品」2 事務機器及び通信機器 電子計算機「その他のもの」。'
        'e-Gov、2024-11-23）。サーバー用を除くパーソナルコンピュータは 4 年。'
    ),
    'fx.rate_label': '為替レート（1 ドルあたり円）',
    'fx.rate_line': '為替レート: 1 ドル = {rate:,.2f} 円（{as_of}、{source}）',
    'region.line': 'コストの既定値: {region}',
}
