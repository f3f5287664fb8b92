"""Reasoning, warnings, notes and evidence texts (ja): ``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- why a scheme does not apply
    'why.gqa_divide': 'クエリヘッド数 {n} が KV ヘッド数 {g} で割り切れる必要があります',
    'why.mla_encdec': 'MLA はデコーダーの自己アテンション向けに定義されており、エンコーダーへのクロスアテンションは対象外です',
    'why.mla_rank': 'kv_lora_rank は 1 以上である必要があります',
    'why.mla_rope_dim': 'rope_dim {rope_dim:,} がヘッド次元 {head_dim:,} を超えています',
    'why.mla_rank_big': 'kv_lora_rank {rank:,} が圧縮対象のトークンあたり K+V 全体（{full:,}）より大きくなっています',
    'why.tmla_is_mla': 'このモデルはすでに MLA を使っています',
    'why.tmla_encdec': 'TransMLA で変換できるのはデコーダーのみの GQA/MHA チェックポイントです',
    'why.tmla_mqa_dim': 'qk_mqa_dim {dim} が head_dim {head_dim} を超えています',
    'why.tmla_not_smaller': '潜在表現（{new} 要素/トークン/層）が元のキャッシュ（{orig}）より小さくなりません',
    'why.tmla_equal_mha': 'このモデルは MHA で、クエリヘッドごとにすでに専用の K と V があるため、キャッシュを変えない変換では何も変わりません（圧縮する変換 transmla を使ってください）',
    'why.tpa_encdec': 'TPA はデコーダーの自己アテンション向けに定義されており、クロスアテンションは対象外です',
    'why.slim_mla': 'スリムアテンションには W_K が正則（逆行列を持つ）な MHA が必要ですが、このモデルは MLA を使っています',
    'why.slim_gqa': (
        'スリムアテンションには MHA が必要です。KV ヘッドが {kv_heads} 個の場合、K+V キャッシュ（{kv}/トークン/層）は d_model（{d}）の '
        '{ratio:.2f} 倍しかなく、K だけで置き換えることはできません'
    ),
    'why.slim_wk': 'W_K が {d}x{e}（h*d_k < d_model）で正則ではないため、K から V が決まりません',
    'why.slim_rope': 'オプション 2 は層の入力 X をキャッシュするため RoPE に対応できません。オプション 1 を使ってください',
    'why.recurrent_encdec': '再帰状態が置き換えるのは因果的な自己アテンションのみで、エンコーダーへのクロスアテンションは対象外です',
    # ---- what it takes to adopt a scheme
    'train.gqa': 'MHA から変換する場合はアップトレーニング（事前学習の計算量の約 5%）',
    'train.mha': '不要（標準の構成）',
    'train.mqa': 'アップトレーニングまたは事前学習（MHA より品質が低下）',
    'train.mla': '事前学習（または TransMLA による変換＋ファインチューニング）',
    'train.transmla': (
        '学習済みモデルの事後変換（RoRoPE + PCA）＋ファインチューニング。圧縮したキャッシュはファインチューニングするまで精度が落ちます（LLaMA-2-7B 512+64: 変換直後の '
        'WikiText-2 パープレキシティ 5.47 → 41.6。論文では回復に約 60 億トークン）'
    ),
    'train.transmla_equal': (
        'キャッシュを変えない事後変換: 変換直後は元のモデルと厳密に同じ（アッププロジェクションは GQA のヘッド複製から始まる）で、精度向上のためにファインチューニングします。メモリは減りません'
    ),
    'train.tpa': 'TPA を使った事前学習（事後変換はできません）',
    'train.slim': '不要: 学習済み MHA チェックポイントの厳密な書き換え（W_KV = W_K^-1 W_V を事前に計算）',
    'train.linear': '再帰型モデルの事前学習（または蒸留）',
    # ---- where a scheme's headline reduction comes from (Compare notes it against another baseline)
    'headline.tpa': '論文の「キャッシュが 1 桁小さい」は MHA との比較です（R_K = R_V = 1、h 32、d_h 64 で 21.3 倍）。GQA-8 のモデルに対しては約 3 倍です',
    'headline.transmla': '論文の 93% は MHA の LLaMA-2-7B での値です。GQA-8 のモデルでは同じ 576 要素でも削減は 72%、GQA-4 では 44% です',
    'headline.slim': '「2 分の 1」は MHA との比較で、slim attention が適用できるのは MHA だけです',
    'headline.mla': 'DeepSeek-V2 の 93.3% は DeepSeek 67B（GQA-8、BF16 のキャッシュ）との比較で、MLA に約 6 ビットの KV 量子化を加えた値です',
    'headline.loglinear': '「対数メモリ」はソフトマックスアテンションの KV キャッシュ（論文の Transformer は MHA）との比較です。GQA のキャッシュはすでにその数分の 1 です',
    'note.headline': (
        '{scheme}: {headline}。選択した基準 {base} に対しては、このコンテキスト長でのキャッシュが基準の {ratio:.3g} 倍、トークンあたりのアテンション FLOP が '
        '{flops:.3g} 倍です。'
    ),
    # ---- estimate warnings
    'warn.fp32': '{gpu} には fp32 の演算性能値がないため、fp32 のアテンションは 16 ビットの Tensor コア性能で見積もっています（楽観的な値）',
    'warn.defaulted': 'config.json に指定がないため、config クラスの既定値 {fields} を transformers と同じく使っています。このモデルの値か確認してください',
    'warn.max_position': 'コンテキスト長 {context:,} がモデルの max_position_embeddings {max_position:,} を超えています',
    'warn.link_domain': 'tp={tp} は {gpu} の高速リンクドメイン（{domain} GPU）を超えるため、集団通信は PCIe 経由になります',
    'warn.desktop_tp': (
        'tp={tp}: {gpu} のマシン 1 台に載るのは NVLink なしで {n} 枚です。{tp} 枚を 1 つのテンソル並列レプリカとして使うことはできません（集団通信が PCIe '
        'とネットワークを越えます）'
    ),
    'warn.replicated': '{scheme}: キャッシュする潜在ベクトル/K の行は {tp} 枚の GPU それぞれに複製されます',
    'warn.kv_heads': 'tp={tp} が KV ヘッド数を超えるため、KV ヘッドは複製されます',
    'warn.quantized': "チェックポイントは量子化済みです（{quant}）。重みは {dtype} として見積もっています。保存形式どおりに見積もるには重みのデータ型で 'checkpoint' を選んでください",
    'warn.fp8': '{gpu} には fp8 の Tensor コア演算がないため、fp8 の重みは 16 ビットの性能で計算されます',
    'warn.levels': (
        '対数線形アテンションは {context:,} トークンで {levels} レベルを必要としますが、{built_for:,} トークン向けに構築したモデルには '
        '{built} レベルしかありません'
    ),
    'warn.trained': '{scheme} を使うには、この方式で学習したモデルが必要です: {training}',
    'warn.converted': '{scheme} はモデル本来のアテンションを変換したものです: {training}',
    # ---- fleet: the target and the sizing reasoning
    'dem.users': '同時ユーザー {users} 人（{context:,} トークン）',
    'dem.tokens_per_s': '生成 {rate} トークン/秒（コンテキスト長 {context:,} トークン）',
    'dem.requests': '1 日 {rate} リクエスト（プロンプト {prompt:,} ＋ 出力 {output:,} トークン）',
    # ---- ROI
    'roi.no_payback': '{scheme} のコストは基準の {base} を下回らないため、投資は回収できません',
    # ---- "what would make it fit"
    'adv.kv': 'KV キャッシュを {dtype} に',
    'adv.weights': '重みを {dtype} に',
    'adv.tp': 'テンソル並列 ×{tp}',
    'adv.beyond_link': '高速リンクドメイン（{domain} GPU）を超える',
    'adv.tp_pcie': 'PCIe 経由（NVLink なし）: 低速。トークンごと・層ごとに all-reduce が 2 回',
    'adv.tp_refused': (
        'テンソル並列は {n} GPU を超えては提案しません: {gpu} のマシン 1 台に載るのは {n} 枚です（コンシューマー向けカードには NVLink がなく、1 枚ごとに PCIe '
        'スロットが 1 つ必要です）。'
    ),
    'adv.would_need': '収まりません — 必要な変更: {options}。',
    'adv.would_need_none': '収まりません。単一の変更で収まるものはありません。',
    'adv.or': '、または ',
    'adv.context': 'コンテキスト長を {context:,} トークンに',
    'adv.batch': 'バッチを {batch} に',
    # ---- evidence behind the default assumptions
    'asm.why.bw_efficiency': (
        'デコードで得られるメモリ帯域の公称値に対する割合。ストリーミングコピーでは 85～92%（H100 PCIe 90%、onnxruntime #32382。A100 '
        '87%）、チューニング済みのバッチ 1 デコードでは 65～85%（gpt-fast: A100 で Llama-2-7B 69%、70B TP2 73%）。'
    ),
    'asm.why.flops_efficiency': (
        '大きな GEMM やアテンションで得られる、密演算ピーク性能に対する割合。H100 で最適形状の BF16 GEMM が 80%（ml-engineering '
        'MAMF）、FlashAttention-3 が 75%。MI300X は 51% にとどまります。'
    ),
    'asm.why.link_efficiency': '集団通信で得られる NVLink/PCIe 速度の割合。NVLink4 の p2p で 83%（NVIDIA/nccl #1264）。',
    'asm.why.allreduce_latency_s': (
        '小さな all-reduce 1 回にかかる固定時間（テンソル並列では 1 ステップ・1 層あたり 2 回）。H100 2 枚の NVLS で約 6 µs（NVIDIA/nccl '
        '#1259）、CUDA Graphs なしの DGX-A100 のリングで 10～34 µs（nccl-tests #123）、H200/B200 で最適に調整した場合 2.3～3 '
        'µs（NVIDIA/nccl #1940）。'
    ),
    'asm.why.reserve_bytes': 'CUDA コンテキスト、アロケーターの断片化、ワークスペースのために容量から差し引く分。',
    'asm.why.reserve_fraction': '追加で確保しておく容量の割合（vLLM の gpu_memory_utilization=0.9 は 0.10 に相当）。',
    'asm.why.prefill_chunk_tokens': '（チャンク分割）プリフィルで一度に処理するトークン数。活性値のピークを決めます。',
    'asm.why.activation_bytes_per_elem': '活性値の精度（バイト数。bf16 = 2）。',
    'asm.why.measured_bw': (
        'GPU プロファイルに実測のストリーミング帯域比がある場合、上のメモリ帯域効率の代わりにそれを使います（A100 80GB SXM 0.834、A100 40GB 0.871、A100 PCIe '
        '0.893、H100 PCIe 0.904、RTX 3090 0.912。出典は各プロファイル）。'
    ),
    'asm.why.sram_fraction': 'KV ワーキングセットをオンチップ常駐とみなすために使える L2 の割合（常駐すると読み出しはチップ上で行われ、HBM の転送量から外れます）。',
    # ---- storage-format notes
    'fmt.note.kv_fp8': 'e4m3、テンソル単位のスケール（vLLM の kv_cache_dtype=fp8）: 要素ごとの追加領域なし',
    'fmt.note.kv_int8': 'テンソル単位/ヘッド単位の静的スケール: 要素ごとの追加領域なし',
    'fmt.note.kv_int4': '32 要素ごとに fp16 のスケール 1 つ（KIVI / Q4_0 方式）: 1 要素あたり 4.5 ビット',
    'fmt.note.w_fp8': 'GPU が対応していれば GEMM を fp8 で実行',
    'fmt.note.w_int8': '重みのみの量子化、チャネル単位のスケール。bf16 に逆量子化して計算',
    'fmt.note.w_int4': 'GPTQ/AWQ 方式: 重み 128 個ごとに fp16 のスケールとゼロ点（4.25 ビット）。bf16 に逆量子化して計算',
    # ---- unit words (i18n.unit): symbols such as GB, GiB, W, USD stay as they are
    'unit.fraction': '割合',
    'unit.ratio': '比',
    'unit.years': '年',
    'unit.h': '時間',
    'unit.tokens': 'トークン',
    'unit.GPU-h': 'GPU 時間',
    'unit.USD/GPU-h': 'USD/GPU 時間',
    'unit.USD/kW-month': 'USD/kW・月',
    'unit.USD/server-month': 'USD/サーバー・月',
    'unit.fraction/year': '割合/年',
    'unit.USD/server': 'USD/サーバー',
    'unit.USD/GPU-year': 'USD/GPU・年',
    'unit.USD/GPU-month': 'USD/GPU・月',
    'unit.USD/unit-h': 'USD/課金単位・時間',
    'unit.GPUs': 'GPU 数',
    'unit.x': '倍',
    'unit.groups': 'グループ',
    'unit.params': 'パラメーター',
    'unit.levels': 'レベル',
    'unit.elements': '要素',
    'unit.elements/layer': '要素/層',
    'unit.elements/token': '要素/トークン',
    'unit.elements/token/layer': '要素/トークン/層',
    'unit.B/token': 'B/トークン',
    'unit.B/token/layer': 'B/トークン/層',
    'unit.FLOP/token/layer': 'FLOP/トークン/層',
    'unit.MAC/token': 'MAC/トークン',
    # ---- check_claim verdicts
    'verdict.not_applicable': 'いいえ: {reason}',
    'verdict.error': '判定できません: {error}',
    'verdict.fits': 'はい: GPU 1 枚あたり {cap} のうち {total} を使用（空き {free}）。デコードは約 {rate:,.0f} トークン/秒',
    'verdict.weights': 'いいえ: 重みだけで GPU 1 枚あたり {weights} が必要ですが、容量は {cap} です',
    'verdict.no_fit': 'いいえ: GPU 1 枚あたり {total}（うち KV キャッシュ {kv}）が必要ですが、容量は {cap} です',
    'warn.sram_bw': '{gpu}: {tier} の帯域幅が公表されていないため、そこからの読み出し時間は計算しません（kvcost は推測しません）。重みとキャッシュは {main} から読み出すものとします',
    'warn.multichip': '{gpu} にはチップ外メモリがありません: 1 レプリカは {chips:,} チップ（パイプライン {stages:,} 段 × テンソル並列 {tp}）にまたがります。メモリの値はレプリカ全体のもので、段間の受け渡しにステップごと {hop}かかります',
    'warn.engine_accel': '{engine} の時間パラメータは GPU で測定したもので、{gpu} のものではありません。速度は GPU 向けエンジンの値です（ルーフラインの上限には ideal エンジンを使ってください）',
    'warn.engine_tiers': '{engine} の時間パラメータはすべてをメインメモリの帯域で読み出します。複数階層の配置は ideal エンジンにのみ適用されます',
    'warn.no_rate': '{gpu} は 16 ビットの密な演算性能を公表していません（公表値: {have}。プロファイルの注記（英語）: {why}）。時間はメモリとリンクのみで計算しているため、速度は表示しません',
    # ---- 方式の導入に必要なこと（表のセル用の短い表現）
    'effort.none': '不要',
    'effort.exact': '不要（厳密な書き換え）',
    'effort.native': '不要（本来の方式）',
    'effort.uptrain': 'アップトレーニング',
    'effort.convert': '変換＋ファインチューニング',
    'effort.pretrain': '事前学習',
    # ---- 比較: パラメーターが増える方式
    'note.params_added': (
        '{scheme} は {base} よりパラメーターが {delta} 多くなります（モデル全体の {share:.1%}）。アテンション部分は '
        '{layers} 層合計で {attn} パラメーターで、{base} の射影の {base_attn} より大きいためです。増えた重みはメモリに'
        '含まれ、デコードの各ステップで読み出されます。'
    ),
    # ---- 収めるための選択肢: GPU を増やす
    'adv.gpus_to_fit': (
        '{gpu} を {gpus} 枚使えば収まります（{dep}: サーバー内でテンソル並列、サーバー間でパイプライン段、'
        'サーバー {servers} 台）。「必要 GPU 台数と ROI」ページがレプリカを配置するのと同じ方法です。'
    ),
    'adv.gpus_to_fit_none': '{gpu} {gpus} 枚のレプリカ 1 つでも収まりません。',
}
