"""Statements and explanations of the papers' published claims (ja): ``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- DeepSeek: bytes per token
    'claim.dsv3-kv-bytes-per-token': 'DeepSeek-V3 のキャッシュはトークンあたり 70,272 バイト（BF16、全 61 層）',
    'claim.dsv3-kv-bytes-per-token.why': (
        '61 層 ×（潜在ベクトル 512 ＋ RoPE キー 64）× 2 バイト。表そのものは読み取れなかったため、値は厳密な計算結果です（要約に「70KB」とあり一致）。'
    ),
    'claim.qwen2.5-72b-kv-bytes-per-token': 'Qwen-2.5-72B のキャッシュはトークンあたり 327,680 バイト（BF16）',
    'claim.qwen2.5-72b-kv-bytes-per-token.why': '80 層 × KV ヘッド 8 × 128 × 2（K、V）× 2 B。',
    'claim.llama-3.1-405b-kv-bytes-per-token': 'LLaMA-3.1-405B のキャッシュはトークンあたり 516,096 バイト（BF16）',
    'claim.llama-3.1-405b-kv-bytes-per-token.why': (
        '126 層 × KV ヘッド 8 × 128 × 2 × 2 B（ベースモデルの設定ファイルのミラーには KV ヘッドを 16 とするものがあり、その場合は 2 倍になります）。'
    ),
    'claim.dsv2-93.3-percent-6bit': (
        'DeepSeek-V2 は DeepSeek 67B に比べて KV キャッシュを 93.3% 削減する（V2 の KV は約 6 ビットに量子化、67B は BF16）'
    ),
    'claim.dsv2-93.3-percent-6bit.why': (
        '60 × 576 要素 × 6 ビット = 25,920 B に対し 95 × 2 × 8 × 128 × 2 B = 389,120 B で 93.34%。93.3% には MLA '
        'に加えて§3.2.3 の 6 ビット KV 量子化が必要です。'
    ),
    'claim.dsv2-93.3-percent-bf16': '93.3% の KV 削減は同じ精度（両方 BF16）でも成り立つ',
    'claim.dsv2-93.3-percent-bf16.why': (
        '同じ BF16 精度では MLA だけで 1 - 69,120/389,120 = 82.2%（8 ビットなら 91.1%）。見出しの数値は、MLA と約 6 ビットのKV '
        '量子化を組み合わせ、BF16 の GQA-8 を基準にしたものです。'
    ),
    'claim.dsv2-gqa-2.25-groups': 'MLA の KV キャッシュはグループ数わずか 2.25 の GQA に等しい（d_c = 4 d_h、d_R = d_h / 2）',
    'claim.dsv2-gqa-2.25-groups.why': '(512 + 64) / (2 × 128) = 2.25 グループ。',
    'claim.dsv2-table9-small-mla': '小規模 MoE（MLA）: トークンあたり KV 要素 15.6K',
    'claim.dsv2-table9-small-mla.why': '27 層 × 576 = 15,552（表は 0.1K 単位に丸めています）。',
    'claim.dsv2-table9-large-mla': '大規模 MoE（MLA）: トークンあたり KV 要素 34.6K',
    'claim.dsv2-table9-large-mla.why': '60 層 × 576 = 34,560。',
    'claim.dsv2-table9-small-mha': '小規模 MoE（MHA）: トークンあたり KV 要素 110.6K',
    'claim.dsv2-table9-small-mha.why': (
        '27 層 × 2 × 16 ヘッド × 128 = 110,592（V2-Lite の構成で MHA ヘッド次元 128）。大規模 MHA '
        'の行（860.2K）はヘッド構成が示されていないため再現していません。'
    ),
    # ---- MLA absorbed vs naive
    'claim.mla-v3-absorbed-cache': '吸収型 MLA の読み出しはキャッシュ済みトークン 1 個・1 層あたり 1,152 B（BF16）',
    'claim.mla-v3-absorbed-cache.why': '(512 + 64) × 2 バイト。',
    'claim.mla-v3-naive-cache': '素朴な MLA のキャッシュはトークン 1 個・1 層あたり 81,920 B（BF16）',
    'claim.mla-v3-naive-cache.why': '128 ヘッド ×（K 128 ＋ 64、RoPE キーを各ヘッドに複製）＋ 128 × 128 の V、× 2 B。',
    'claim.mla-v3-absorbed-flops': '吸収型 MLA の計算量はキャッシュ済みトークン 1 個・1 層あたり 278,528 FLOP',
    'claim.mla-v3-absorbed-flops.why': (
        '2 × 128 ×（2 × 512 ＋ 64）: [c; k_R] に対するスコアと潜在空間での値の計算。素朴な方式の 3.4 倍の FLOP で、読み出すバイト数は 71 分の 1 です。'
    ),
    'claim.mla-v3-naive-flops': '素朴な MLA の計算量はキャッシュ済みトークン 1 個・1 層あたり 81,920 FLOP',
    'claim.mla-v3-naive-flops.why': '2 × 128 ヘッド ×（128 ＋ 64 ＋ 128）。',
    'claim.mla-v3-latent-flops': '潜在ベクトルをキャッシュし吸収しない MLA の計算量はキャッシュ済みトークン 1 個・1 層あたり 33,636,352 FLOP',
    'claim.mla-v3-latent-flops.why': '2 × 512 × 128 × 256（毎ステップの再展開）＋ 81,920。',
    # ---- TransMLA
    'claim.transmla-86gb-gqa8': '8 ビット量子化した LLaMA-65B で 512K トークンをキャッシュするには 86 GB 超が必要（GQA-8 の構成）',
    'claim.transmla-86gb-gqa8.why': (
        '再現できるのは GQA-8 の構成の場合のみ（80 層 × KV ヘッド 8 × 128 × 2 × 1 B × 524,288）= 85.90 GB = ちょうど 80 GiB。「86 '
        '超」ではなく「約 86」です。'
    ),
    'claim.transmla-86gb-real-llama65b': '実際の LLaMA-65B（MHA、KV ヘッド 64）でも 8 ビット・512K トークンで同じ 86 GB',
    'claim.transmla-86gb-real-llama65b.why': (
        'LLaMA-65B は MHA: 2 × 80 × 8,192 × 1 B × 524,288 = 687.2 GB（640 GiB）で、引用値の 8 倍です。86 GB になるのは '
        'LLaMA-65B の 64K トークン、または Llama-2-70B 型の GQA-8 モデルの 512K トークンの場合です。'
    ),
    'claim.transmla-llama2-7b-93-percent': 'LLaMA-2-7B の KV キャッシュを 93% 圧縮（MHA の層あたり 8,192 要素 → 576 要素）',
    'claim.transmla-llama2-7b-93-percent.why': '変換ツールの既定値（kv_lora_rank 512 ＋ qk_mqa_dim 64）で 1 - 576/8,192 = 92.97%。',
    'claim.transmla-qwen2.5-72b-reduction': 'TransMLA の 576 要素のキャッシュで GQA-8 モデルの KV は 71.9% 減る',
    'claim.transmla-qwen2.5-72b-reduction.why': '1 - 576/2,048 = 71.875%。MHA の LLaMA-2-7B の場合よりはるかに小さい削減です。',
    'claim.transmla-hf-naive-larger': '変換した LLaMA-2-7B の HF モデリングコードは、トークン 1 個・1 層あたり 10,240 要素をキャッシュする',
    'claim.transmla-hf-naive-larger.why': (
        '展開済みの K（ヘッドあたり 128 ＋ 64）と V をヘッドごとに保存するため、元の 8,192 より大きくなります。576 '
        '要素のキャッシュには吸収型の実行経路（vLLM/FlashMLA）が必要です。'
    ),
    # ---- slim attention Table 1
    'claim.slim-table1': '{label}: {ctx:,} トークンでのコンテキストメモリは活性値 {quoted:,.0f} 個',
    'claim.slim-table1.why': '2 × h × d_k × 層数 × コンテキスト長。表は有効数字 2～3 桁に丸めています。',
    'claim.slim-table1.why.whisper': '自己アテンション（448）とクロスアテンション（1,500）の K と V、32 層分。',
    'claim.slim-table1.why.self': (
        '表は層ごとに 512 トークンのコンテキスト 1 つを数えています。kvcost のエンコーダー・デコーダー構成では、エンコーダーの 512 '
        'トークンに対するクロスアテンションのキャッシュも保持します（合計で 2 倍）。'
    ),
    'claim.label.gemma-7b': 'CodeGemma-7B（Gemma-7B の構成）',
    'claim.label.whisper-large-v3': 'Whisper-large-v3（エンコーダー 1500 / デコーダー 448）',
    'claim.label.whisper-tiny': 'Whisper-tiny（エンコーダー 1500 / デコーダー 448）',
    # ---- slim attention §1 (Phi-3) and Table 5 (T5)
    'claim.slim-phi3-kv-25gb-fp8': 'Phi-3-mini-128k は FP8・128K で 25 GB の KV キャッシュが必要',
    'claim.slim-phi3-kv-25gb-fp8.why': 'kvcost: 25.77 GB（= 24.0 GiB）。論文は 25 と記載（同論文の表 1 では活性値 25.8B）。',
    'claim.slim-phi3-kv-12.5gb-fp8': 'スリムアテンションでこれが 12.5 GB に減る',
    'claim.slim-phi3-kv-12.5gb-fp8.why': '25.77 GB の半分 = 12.88 GB。',
    'claim.slim-phi3-total-28.8gb': '合計メモリ 28.8 GB（FP8 パラメーター 3.8 GB ＋ KV 25 GB）',
    'claim.slim-phi3-total-28.8gb.why': 'kvcost: FP8 の重み 3.82 GB ＋ 25.77 GB = 29.59 GB（論文は両方の項を切り捨てています）。',
    'claim.slim-phi3-speedup-bs1': 'バッチサイズ 1 でトークン生成が最大 1.8 倍高速',
    'claim.slim-phi3-speedup-bs1.why': 'メモリ律速とみなした読み出しバイト数（重み＋キャッシュ）の比: 29.59 / 16.70 GB。',
    'claim.slim-phi3-speedup-bs16': 'バッチサイズ 16 で 2 倍高速: (400+3.8)/(200+3.8)',
    'claim.slim-phi3-speedup-bs16.why': '16 × 25.77 ＋ 3.82 GB 対 16 × 12.88 ＋ 3.82 GB。',
    'claim.slim-t5-11b-32x': 'T5-11B: スリムアテンションのオプション 2（X キャッシュ）で自己アテンションのキャッシュが 32 分の 1 に（2r、r = e/d = 16）',
    'claim.slim-t5-11b-32x.why': (
        'トークン 1 個・1 層あたり 2 × 16,384（K、V）対 1,024（X）。クロスアテンションのキャッシュ（不要になる）と E（系列ごとに 1 つ保持）を含めると、512 '
        'トークンの系列全体では 61 倍です。'
    ),
    # ---- slim attention Table 7 (Whisper-large)
    'claim.slim-whisper-large-cross-kv': 'Whisper-large のクロスアテンション KV キャッシュ 122.9M',
    'claim.slim-whisper-large-cross-kv.why': '2（K、V）× エンコーダー 1,500 トークン × 1,280 × 32 層。',
    'claim.slim-whisper-large-self-kv': 'Whisper-large の自己アテンション KV キャッシュ 36.7M（448 トークン）',
    'claim.slim-whisper-large-self-kv.why': '2（K、V）× 448 トークン × 1,280 × 32 層。',
    'claim.slim-whisper-large-baseline': 'Whisper-large の基準キャッシュ 159.6M',
    'claim.slim-whisper-large-baseline.why': 'クロスアテンション＋自己アテンション。',
    'claim.slim-whisper-large-option1': 'Whisper-large のオプション 1 のキャッシュ 79.8M',
    'claim.slim-whisper-large-option1.why': '自己・クロスとも K のみ。',
    'claim.slim-whisper-large-option2': 'Whisper-large のオプション 2 のキャッシュ 18.4M',
    'claim.slim-whisper-large-option2.why': (
        '自己アテンションの K のみで、クロスアテンションのキャッシュはなし。kvcost はエンコーダー出力 E（1.92M、表 7 の「E-cache」）も系列ごとに 1 '
        'つ保持しますが、表はこれをキャッシュに含めていない（オンチップと仮定）ため、ここでは差し引いています。'
    ),
    'claim.slim-whisper-large-e-cache': 'Whisper-large のエンコーダー E キャッシュ 1.9M',
    'claim.slim-whisper-large-e-cache.why': 'エンコーダー 1,500 トークン × 1,280。',
    'claim.slim-whisper-option2-savings': 'オプション 2 でキャッシュが基準の 8.7 分の 1 に',
    'claim.slim-whisper-option2-savings.why': 'E を除くと 2 (1500 + 448) / 448 = 8.70、E を含めると 7.87。',
    'claim.slim-whisper-large-params': 'Whisper-large の基準でトークンごとに読み出すパラメーター: 800.4M（d × 語彙数 + l (6 d^2 + 2 d d_ffn)）',
    'claim.slim-whisper-large-params.why': (
        'kvcost は同じ行列（自己アテンションの Q、K、V、O、クロスアテンションの Q、O、FFN、共有埋め込み。エンコーダーと、出力をキャッシュするクロスアテンションの K、V '
        'は含まない）に加え、式が省いているもの（448 × 1,280 の学習済み位置埋め込み、バイアスと正規化、語彙数 51,866（論文は 51,865））を数えて 801.7M です。'
    ),
    'claim.slim-whisper-large-bs1-option1': 'Whisper-large のオプション 1 のバッチ 1 での高速化: 1.03 倍',
    'claim.slim-whisper-large-bs1-option1.why': '読み出し量 = kvcost が読み出すパラメーター＋キャッシュ（論文の数え方）: 961.3M / 933.9M。',
    'claim.slim-whisper-large-bs1-option2': 'Whisper-large のオプション 2 のバッチ 1 での高速化: 1.04 倍',
    'claim.slim-whisper-large-bs1-option2.why': '961.3M / 924.9M（論文と同じく E はオンチップと仮定）。',
    'claim.slim-whisper-large-bs64-option1': 'Whisper-large のオプション 1 のバッチ 64 での高速化: 1.8 倍',
    'claim.slim-whisper-large-bs64-option1.why': '(159.6 + 801.7/64) / (79.8 + 854.1/64) = 1.85（表では 1.8）。',
    'claim.slim-whisper-large-bs64-option2': 'Whisper-large のオプション 2 のバッチ 64 での高速化: 5.3 倍',
    'claim.slim-whisper-large-bs64-option2.why': '(159.6 + 801.7/64) / (18.35 + 906.6/64) = 5.29（E をメモリから読まない場合）。',
    'claim.slim-whisper-large-bs64-option2-kvcost': 'バッチ 64 での 5.3 倍の高速化を、kvcost のデコード 1 ステップのバイト数で検証',
    'claim.slim-whisper-large-bs64-option2-kvcost.why': (
        'kvcost のデコードステップは 32 層のクロスアテンションそれぞれで E（系列あたり 1,500 × 1,280）を読み出します。これはオプション 1 のクロスアテンション K '
        'キャッシュと同じバイト数なので、オプション 2 の効果はオプション 1（1.83 倍）を超えません。論文は E をオンチップ SRAM に置いていますが、64 系列 × 3.8 MB（BF16）= '
        '246 MB は現行の GPU には収まりません（H100/H200 の L2 は 50 MiB で、GPU ルールではキャッシュ全体が収まる場合にのみオンチップに置きます）。E '
        'がオンチップに収まるチップでは論文の値が成り立ちます: slim-whisper-large-bs64-option2-sram（d-Matrix Corsair、5.26 倍）を参照してください。'
    ),
    # ---- TPA
    'claim.tpa-a4': '{label}: {name} アテンションの計算量はキャッシュ済みトークン 1 個あたり {quoted:,} MAC',
    'claim.tpa-a4.why': (
        'ctx_flops_coef / 2。MHA は H(d_h + d_h)、吸収型 MLA は H(2 d_c + d_R)、FlashTPA は R_Q R_K d_h + H R_Q R_K '
        '+ H R_V d_h。'
    ),
    'claim.tpa-cache-192': 'TPA（R_K = R_V = 1）のキャッシュはトークン 1 個・1 層あたり (R_K + R_V)(h + d_h) = 192 要素（h 32、d_h 64）',
    'claim.tpa-cache-192.why': '2 ×（32 ＋ 64）要素。',
    'claim.tpa-cache-ratio-21x': '…… MHA の 4,096 の 21.3 分の 1',
    'claim.tpa-cache-ratio-21x.why': '4,096 / 192（要素数の比）。',
    'claim.tpa-a4-params-mha': 'MHA（d_model 2048、H 32、d_h 64）: アテンションのパラメーター 16.8M',
    'claim.tpa-a4-params-mha.why': 'パラメーター数 = 4 d_model H d_h。',
    'claim.tpa-a4-params-gqa': 'GQA（G 4）: アテンションのパラメーター 9.4M',
    'claim.tpa-a4-params-gqa.why': 'パラメーター数 = 2 d_model d_h (H + G)。',
    'claim.tpa-a4-params-tpa': 'TPA(16,1,1): アテンションのパラメーター 7.7M',
    'claim.tpa-a4-params-tpa.why': 'パラメーター数 = d_model (R_Q + R_K + R_V)(H + d_h) + d_model H d_h。',
    'claim.tpa-a4-params-mla': "MLA（d_c 256、d_R 32、d'_c 768）: アテンションのパラメーター 9.8M",
    'claim.tpa-a4-params-mla.why': 'kvcost は表 1 の式が省いている 2 つの RMSNorm ベクトル（1,024）を加えています。',
    # ---- log-linear attention
    'claim.loglinear-15-levels-16k': '16K トークンのモデルには Fenwick レベルが 15 必要',
    'claim.loglinear-15-levels-16k.why': 'レベル数 = ceil(log2 16384) + 1。',
    'claim.loglinear-mamba2-mid-state': '対数線形 Mamba-2（隠れ次元 1536、48 ヘッド）は 15 レベルで層あたり 5,898,240 個の状態要素を確保する',
    'claim.loglinear-mamba2-mid-state.why': '15 × 48 × 128 × 64（kvcost はこれに加えて畳み込みの状態も数えます）。',
    'claim.mamba2-mid-state': 'Mamba-2（隠れ次元 1536、48 ヘッド）の状態は層あたり 393,216 要素',
    'claim.mamba2-mid-state.why': '48 ヘッド × 128 × 64。',
    # ---- "does it fit?" examples
    'ex.qwen72b-mla-rtx4070-8k': 'Qwen2.5-72B は MLA なら RTX 4070 でコンテキスト長 8K で動く',
    'ex.qwen72b-mla-int4-rtx4070-8k': '…… 重みを int4 にしても（記事の 28 → 18 GB）',
    'ex.llama3-70b-mla-int4-rtx4080-8k': 'Llama-3-70B は MLA と int4 の重みなら RTX 4080 でコンテキスト長 8K で動く',
    'ex.llama31-8b-int4-rtx4060-8k': 'Llama-3-8B を RTX 4060 で動かすには MLA が必要（ここでは MLA なし、重み int4）',
    'ex.llama65b-int8-512k-h100': 'LLaMA-65B は 8 ビットの KV キャッシュなら H100-80GB 1 枚で 512K トークンを保持できる（重みも 8 ビット）',
    'ex.dsv3-fp8-128k-8xh200': 'DeepSeek-V3 は FP8 なら H200 × 8 にコンテキスト長 128K で収まる',
    'ex.llama3-70b-bf16-1xh100': 'Llama-3-70B は BF16 で H100-80GB 1 枚にコンテキスト長 8K で収まる',
    'ex.llama3-70b-bf16-2xh100': 'Llama-3-70B は BF16 で H100-80GB 2 枚（テンソル並列）にコンテキスト長 8K で収まる',
    'ex.llama31-8b-128k-rtx4090': 'Llama-3.1-8B はコンテキスト長 128K でも、重み int4・KV キャッシュ int8 なら RTX 4090 に収まる',
    'ex.mistral7b-32k-rtx4070': 'Mistral-7B（4K のスライディングウィンドウ）は重み int4 なら RTX 4070 でコンテキスト長 32K を扱える',
    'ex.phi3-128k-fp8-rtx4090-mha': 'Phi-3-mini-128k は FP8 の KV キャッシュならコンテキスト長 128K で RTX 4090 に収まる',
    'ex.phi3-128k-fp8-rtx4090-slim': '…… スリムアテンションを使えば収まる',
    'ex.llama2-7b-64x4k-a100': 'A100-80GB 1 枚で Llama-2-7B の 4K トークンの系列 64 本を同時に処理できる',
    'ex.llama2-7b-transmla-64x4k-a100': '…… TransMLA で変換すれば処理できる',
    'claim.slim-whisper-e-cache-bs64-bytes': 'Slim のオプション 2 はエンコーダー出力 E をオンチップに置きます: Whisper-large 64 系列で 246 MB（BF16）',
    'claim.slim-whisper-e-cache-bs64-bytes.why': '64 × 1,500 × 1,280 × 2 B = 245,760,000 B（234 MiB）。チップ 1 個のオンチップ SRAM に収まるのは Cerebras WSE-3（44 GB）、d-Matrix Corsair カード（2 GB）、SambaNova SN40L ソケット（520 MB）です。Trainium2（SBUF 224 MiB: 96%）、Groq LPU（230 MB: 94%）、TPU v5e/v6e（VMEM 128 MiB）、Gaudi 3（96 MiB）、H100/H200（L2 50 MiB）には収まりません（kvcost.sram.onchip_fits）。',
    'claim.slim-whisper-large-bs64-option2-sram': 'E がオンチップに収まる d-Matrix Corsair（SRAM 2 GB）では、バッチ 64 のオプション 2 は 5.3 倍高速です（E をオンチップに固定し、重みとキャッシュはメモリから読み出す場合）',
    'claim.slim-whisper-large-bs64-option2-sram.why': '論文の前提を実際のメモリ階層で計算しました（ルール encoder-on-chip）。E（245.8 MB）は 2 GB の SRAM に置かれ、ステップごとの 32 回の読み出し（7.86 GB）は 7.86 GB ÷（150 TB/s × 0.8）= 66 µs です。重みとキャッシュは LPDDR5X（400 GB/s × 0.8）から読み出します: MHA 22.04 GB = 68.9 ms、オプション 2 は 4.17 GB = 13.0 ms。68.9 ÷ 13.09 = 5.26 倍です（メモリ時間のみ。バッチ 64 のデコードはメモリ律速で、d-Matrix は 16 ビットの演算性能を公表していません）。',
    'claim.slim-whisper-large-bs64-option2-sram-greedy': '同じカードで kvcost の貪欲配置を使うと、バッチ 64 のオプション 2 は 5.3 倍以上高速です',
    'claim.slim-whisper-large-bs64-option2-sram-greedy.why': '貪欲ルールは保存バイトあたりの読み出し回数の多い順に 2 GB の SRAM を埋めます: まず E（32 回）、次にキャッシュ（MHA: 20.4 GB 中 2.0 GB、オプション 2: 2.35 GB 中 1.75 GB）、その後に重みです。LPDDR の転送量は MHA 20.04 GB = 62.6 ms、オプション 2 は 2.41 GB = 7.53 ms（SRAM から +0.08 ms）で 8.23 倍です。論文がメモリから読むキャッシュの一部も SRAM に入るため、論文より大きくなります。',
    'claim.slim-whisper-large-bs64-option2-wafer': 'すべてがオンチップに収まる Cerebras WSE-3（SRAM 44 GB）では、バッチ 64 のオプション 2 は 5.3 倍高速です',
    'claim.slim-whisper-large-bs64-option2-wafer.why': '重みと両方のキャッシュがウェハーの 44 GB の SRAM に収まるため、すべてのバイトを同じ 21 PB/s で読み出し、オプション 2 はバイト数しか減らしません。32 層で読み直す E（7.86 GB）はオプション 1 のクロスアテンション K キャッシュと同じコストです: 22.04 GB ÷ 12.03 GB = 1.83 倍で、GPU と同じです。論文の 5.3 倍は、E が避けられる低速なメモリがあって初めて成り立ちます。',
    'claim.groq-llama2-70b-chips': 'Groq LPU で Llama-2-70B を動かすには 500 チップ以上が必要です',
    'claim.groq-llama2-70b-chips.why': 'Groq のチップは SRAM 230 MB のみで DRAM を持ちません。FP16 の重み（137.9 GB）、4K トークンの KV キャッシュ（1.34 GB）、アクティベーション（0.74 GB）、1 GiB のランタイム予約領域には、1 本のパイプラインで 614 チップが必要です（kvcost の配置）。Groq の発表: 「500 個を超える GroqChip にスケール」。',
    'claim.groq-llama2-70b-tokens': 'Groq は Llama-2-70B をユーザーあたり毎秒 300 トークンで提供しています（コンテキスト長 4K）',
    'claim.groq-llama2-70b-tokens.why': 'トークンごとに 614 段のパイプラインが重みとキャッシュ 138 GB を 80 TB/s × 0.8 で読み（2.17 ms）、613 か所の段間でアクティベーションを受け渡します（52 µs）。毎秒 450 トークンで、公表値 300 を上回る上限値（ideal エンジン）です。ホップごとの遅延とスケジューリングは公表されていないためモデル化していません。',
}
