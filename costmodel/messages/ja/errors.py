"""User-facing error messages (ja): ``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- generic number checks (fleet, roi)
    'num.params': '{ja}{en:.0}',  # a parameter count in each language's notation (numfmt.params_msg; :.0 prints nothing)
    'num.not_number': '{name} には数値を指定してください（指定値: {value!r}）',
    'num.not_whole': '{name} には整数を指定してください（指定値: {value!r}）',
    'num.not_positive': '{name} には正の有限な数値を指定してください（指定値: {value}）',
    'num.not_finite': '{name} には有限の数値を指定してください（指定値: {value}）',
    'num.at_least': '{name} は {lo:g} 以上にしてください（指定値: {value:g}）',
    'num.between': '{name} は {lo:g} 以上 {hi:g} 以下にしてください（指定値: {value:g}）',
    'num.slo_name': 'SLO（ユーザーあたりトークン/秒）',
    # ---- token counts (units.parse_tokens)
    'tok.not_count': '{text!r} はトークン数として読めません。131072、128K、1M、1e6 のように指定してください',
    'tok.not_whole': 'トークン数が整数ではありません: {text!r}',
    'tok.too_large': 'トークン数が大きすぎます: {text!r}',
    # ---- config.json (hfconfig)
    'cfg.too_big': 'config.json のサイズが {size:,} バイトあり、上限の {limit:,} バイトを超えています',
    'cfg.bad_json': 'config.json が正しい JSON ではありません: {detail}',
    'cfg.not_object': 'config.json は JSON オブジェクトである必要があります',
    'cfg.too_deep': 'config.json の入れ子が {limit} 階層を超えています',
    'cfg.not_int': '{key} には整数を指定してください（指定値: {value}）',
    'cfg.not_positive': '{key} には正の整数を指定してください（指定値: {value}）',
    'cfg.below': '{key} は {lo:,} 以上にしてください（指定値: {value}）',
    'cfg.too_large': '{key} は {hi:,} 以下にしてください（指定値: {value}）',
    'cfg.long_number': 'config.json に {digits:,} 桁の数値があります。読み取れるのは {limit:,} 桁までです',
    'cfg.missing': 'config に {keys} のいずれもありません',
    'cfg.invalid_at': '{where} の値が不正です: {detail}',
    'cfg.invalid': '設定が不正です: {detail}',
    'cfg.wrong_type': 'config に型の誤ったフィールドがあります（{detail}）',
    'cfg.layer_types': 'layer_types の要素数 {n} が層数 {layers} と一致しません',
    'cfg.head_dim': 'hidden_size {d} が num_attention_heads {h} で割り切れません。head_dim を指定してください',
    'cfg.not_divisible': '{a} {x} が {b} {y} で割り切れません',
    'cfg.not_str': '{key} には文字列を指定してください（指定値: {value}）',
    'cfg.unknown_type': (
        'model_type {model_type} は transformers {version} にも kvcost '
        'の個別対応（chatglm、RefinedWeb、kimi_k2）にもありません。モデルの値を手入力してください'
    ),
    'cfg.hybrid': 'model_type {model_type} はアテンションと再帰（Mamba・線形）層の混成です。kvcost はまだこの種のモデルを見積もれません',
    'cfg.library': 'transformers がこの {model_type} の config を受け付けませんでした: {detail}',
    'cfg.layer_kind': 'layer_types に kvcost が見積もれない層の種類があります: {kind}',
    'cfg.read_library': 'transformers {version} で読み込み（{model_type}）',
    'cfg.read_hand': '{model_type}: リモートコード形式。kvcost の個別対応で読み込み',
    'cfg.read_alias': 'model_type {model_type} を transformers の {target} として読み込み',
    'cfg.read_generic': 'model_type なし: フィールド名で読み込み',
    # ---- pydantic validation details (English = pydantic's own text)
    'pyd.value_error': '{error}',
    'pyd.ge': '{limit} 以上である必要があります',
    'pyd.le': '{limit} 以下である必要があります',
    'pyd.gt': '{limit} より大きい必要があります',
    'pyd.lt': '{limit} 未満である必要があります',
    'pyd.min_length': '{limit} 文字以上である必要があります',
    'pyd.max_length': '{limit} 文字以下である必要があります',
    'pyd.other': '入力値の検証エラー（{detail}）',
    # ---- model spec consistency (spec.ModelSpec)
    'spec.kv_heads': 'num_attention_heads（{h}）は num_key_value_heads（{kv}）の倍数である必要があります',
    'spec.sliding_count': 'スライディングウィンドウ層とチャンク化層の数が層数を超えています',
    'spec.sliding_size': 'スライディングウィンドウ層には sliding_window のサイズが必要です',
    'spec.chunk_size': 'チャンク化アテンション層には attention_chunk_size が必要です',
    'spec.moe_count': 'MoE 層の数が層数を超えています',
    'spec.moe_fields': 'MoE 層には n_routed_experts、experts_per_token、moe_d_ff が必要です',
    'spec.moe_topk': 'experts_per_token がルーティング対象のエキスパート数を超えています',
    'spec.mla_rope': 'MLA では 0 < qk_rope_head_dim < head_dim（qk_nope + qk_rope）である必要があります',
    'spec.encoder': 'エンコーダー・デコーダーモデルにはエンコーダーの層数と系列長が必要です',
    # ---- presets
    'preset.no_file': '設定ファイルが見つかりません: {path}',
    'preset.unknown': '不明なモデル {key!r} です。プリセット（近いもの: {presets}。一覧: kvcost list models）、hf:org/name、config.json のパスのいずれかを指定してください',
    # ---- Hugging Face Hub (hub)
    'hub.bad_id': 'Hugging Face のモデル ID ではありません: {value}。hf:org/name または hf:org/name@revision と書いてください',
    'hub.offline': (
        '{repo} の config.json はローカルキャッシュになく、Hub はオフラインです（HF_HUB_OFFLINE が設定されています）。オンラインで一度取得するか '
        'HF_HUB_OFFLINE を解除してください'
    ),
    'hub.unreachable': '{repo} の config.json を取得するために {endpoint} へ接続できず、ローカルキャッシュにもありません',
    'hub.no_repo': '{repo}: Hub にそのモデルがないか、非公開です（HF_TOKEN を設定してください）',
    'hub.gated': '{repo} はアクセス制限付きです。Hub でライセンスに同意し、HF_TOKEN を設定してください',
    'hub.no_revision': '{repo} にリビジョン {revision} はありません',
    'hub.no_config': '{repo} に config.json がありません',
    'hub.failed': '{repo} の config.json を取得できません: {detail}',
    # ---- workload inputs (estimate, sweep, fleet)
    'in.not_int': '{name} には整数を指定してください（指定値: {value!r}）',
    'in.range': '{name} は {lo:,} から {hi:,} の範囲で指定してください（指定値: {value:,}）',
    'in.state_dtype': 'state dtype は {choices} のいずれかを指定してください',
    'in.grid': '{name} には 1..{hi:,} の整数を 1 つ以上含むリストを指定してください',
    'in.demand': 'demand は fleet.users()、fleet.tokens_per_s()、fleet.requests_per_day() のいずれかで作成してください',
    'in.headroom': 'headroom は 1 以上にしてください（1.2 = 20% の余裕）。指定値: {value:g}',
    # ---- storage formats
    'fmt.bits': 'bits は 1..64 の範囲で指定してください（指定値: {bits}）',
    'fmt.unknown_kv': "不明な KV データ型 {name!r} です。{choices} から選ぶか、'6bit' のように指定してください",
    'q.unsupported': 'チェックポイントの量子化方式 {method} はサイズを見積もれません。重みのデータ型を選んでください',
    'fmt.unknown_weight': '不明な重みデータ型 {name!r} です。{choices} から選んでください',
    # ---- hardware profiles
    'hw.needs_16bit': 'flops_per_s には bf16 または fp16 の値が必要です（未公表の場合は flops_per_s.bf16 を [absent] に記載してください）',
    'hw.no_rate': '{gpu}: {dtype} の FLOP/s 値がありません',
    'hw.bad_toml': '{origin}: TOML として正しくありません（{detail}）',
    'hw.invalid': '{origin}: {where} の値が不正です: {detail}',
    'hw.id_mismatch': '{file}: id {id!r} はファイル名と一致する必要があります',
    'hw.unknown': '不明な GPU {key!r} です。近いプロファイル: {known}（一覧: kvcost list gpus）',
    # ---- schemes
    'sch.bad_option': '{scheme}: option には {options} のいずれかを指定してください（指定値: {value!r}）',
    'sch.not_applicable': '{scheme} は {model} に適用できません: {reason}',
    'sch.unknown_param': '{scheme}: 不明なパラメーター {name!r} です（使用できるパラメーター: {names}）',
    'sch.no_params': '{scheme}: 不明なパラメーター {name!r} です（この方式にはパラメーターがありません）',
    'sch.param_int': '{scheme}: {name} には整数を指定してください（指定値: {value!r}）',
    'sch.unknown': '不明な方式 {key!r} です。{choices} から選んでください',
    'sch.bad_args': '{scheme}: 引数が不正です（{detail}）',
    'sch.int_range': '{scheme}: {name} には {lo}..{hi} の整数を指定してください（指定値: {value!r}）',
    'tp.heads': 'テンソル並列 {tp} ではアテンションヘッド {n} 個を均等に分けられません（vLLM はヘッド数 % tp == 0 が必要です）',
    'tp.kv_split': 'テンソル並列 {tp} では KV ヘッド {n} 個を均等に分けられません（tp < KV ヘッド数のとき、vLLM は KV ヘッド数 % tp == 0 が必要です）',
    'tp.kv_replicate': 'テンソル並列 {tp} は KV ヘッド数 {n} の倍数ではありません（vLLM が KV ヘッドを複製できるのは tp % KV ヘッド数 == 0 のときだけです）',
    'sch.no_groups': '{scheme} には groups を指定できません（gqa:groups=N を使ってください）',
    'sch.tmla_equal_ranks': (
        'transmla:equal はモデル自身の K/V の幅をそのまま潜在表現にするため、kv_lora_rank と qk_mqa_dim は指定できません（圧縮するには '
        'transmla:kv_lora_rank=...,qk_mqa_dim=... を使ってください）'
    ),
    'sch.slim_order': 'slim: order には optimized か unoptimized を指定してください（指定値: {value!r}）',
    # ---- ROI and assumptions
    'roi.no_schemes': '費用を計算する方式がありません',
    'roi.baseline_range': '基準のインデックス {index} が範囲 0..{last} の外です',
    'roi.unknown_metric': '不明な指標 {metric!r} です',
    'asm.range': '{name} は {lo:g}～{hi:g} {unit} の範囲で指定してください（指定値: {value}）',
    'asm.not_switch': '{name} には true か false を指定してください（指定値: {value}）',
    'hw.tdp_absent': 'tdp_w: 出典付きの値を記載するか、未公表として [absent] に理由を記載してください',
    'hw.memory_pair': 'memory_bytes と mem_bw_bytes_per_s は両方とも記載してください（または両方ともメインメモリ階層から取ります）',
    'hw.no_memory': 'memory_tiers がないプロファイルには memory_bytes が必要です',
    'hw.tier_twice': 'memory_tiers: 階層名は一度ずつにしてください（指定: {names}）',
    'hw.main_bw': 'memory_tiers: メインメモリ階層 {tier!r} には帯域幅が必要です',
    'hw.tier_disagrees': 'memory_tiers: {tier} は {tier_value:g} ですが、個別フィールドは {flat:g} です。一致させてください',
    'hw.no_main': '{gpu}: メインメモリ階層（hbm, gddr, lpddr, dram, sram）がありません',
    'hw.rate_unpublished': '{gpu} は {dtype} の密な演算性能も 16 ビットの演算性能も公表していません（公表値: {have}）。kvcost は推測しないため、ここでは速度を出せません',
    'pl.rule': '不明な配置ルール {rule!r} です。{choices} のいずれかを指定してください',
    'pl.no_sram': '{gpu}: 使えるオンチップメモリがありません（sram_fraction が 0 です）',
}
