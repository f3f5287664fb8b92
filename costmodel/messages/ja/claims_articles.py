"""Statements and explanations of the source articles' claims (ja): ``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- assumptions the computed figures make
    'claim.asm': '{model}、重み {weights}、KV キャッシュ BF16、{ctx:,} トークン、バッチ {batch}{extra}',
    'claim.asm.mla': '。MLA は kvcost がこの構成に当てはめた形（d_c = 4 d_h = 512、d_R = 64、吸収型）',
    'claim.asm.scheme_mha': '。MHA（KV ヘッド 64）',
    'claim.asm.scheme_gqa': '。GQA-8（モデル本来の構成）',
    'claim.asm.scheme_mqa': '。MQA（KV ヘッド 1）',
    'claim.asm.scheme_mla': '。MLA（d_c 512 ＋ d_R 64 の構成）',
    'claim.asm.loglinear': '。対数線形 Mamba-2（fla の既定値、16K で 15 レベル、状態は fp32）と KV キャッシュの比較',
    'claim.asm.shape': (
        '{model} の構成（128 次元のクエリヘッド 64 個）。キャッシュ済みトークン 1 個・1 層あたりの値で、形式・コンテキスト長・バッチによりません。MLA は d_c 512、d_R '
        '64、吸収型'
    ),
    'claim.asm.100b': 'パラメーター 1000 億の密モデル: KV キャッシュを除いた int4 の重み（1 個 4.25 ビット）だけ',
    'claim.asm.tpa': '{model}、TPA は R_Q 6、R_K = R_V = 2（論文の事前学習の設定）。トークン 1 個・1 層あたりの要素数',
    'claim.asm.qwen7b': 'Qwen2.5-7B（28 層、クエリヘッド 28、KV ヘッド 4 × 128、パラメーター 76.2 億）。パラメーター数は形式・コンテキスト長・バッチに依存しません',
    'claim.asm.tmla_speedup': (
        'LLaMA-2-7B、重みと KV は BF16、8,192 トークン、H100 SXM 80GB 1 枚、各方式とも収まる最大のバッチ（kvcost の理想的なルーフライン）'
    ),
    # ---- the MLA article (consumer GPUs)
    'claim.mla-art-70b-saving': 'MLA で 70B モデルの VRAM 使用量が 40 GB から 28 GB に減る（12 GB の削減）',
    'claim.mla-art-70b-saving.why': (
        'kvcost: MLA なしで 42.72 GB、ありで 42.06 GB。削減は 0.66 GB です。MLA で KV キャッシュは 2.68 GB から 0.75 GB '
        'に減りますが（-1.93 GB）、アテンションの重み（クエリヘッドごとの 64 次元の RoPE 部分と潜在射影）が 23.9 億パラメーター増え、int4 で +1.27 GB です。記事の '
        '40 GB はこのモデルの 4 ビット版（4K で 40.6 GB）に当たります。28 GB にするには重みを約 12 GB 減らす、つまり約 3 ビットにする必要があり、それは量子化の効果で '
        'MLA の効果ではありません。'
    ),
    'claim.mla-art-70b-rtx4080': '…… そのため 70B モデルが RTX 4080（16 GB）で動く',
    'claim.mla-art-70b-rtx4080.why': (
        'MLA ありで 42.06 GB（int4 の重みだけで 38.75 GB）が必要ですが、このカードで使えるのは 17.17 GB（16 '
        'GiB）です。テンソル並列も役に立ちません。コンシューマー向けカードには NVLink がなく、kvcost はデスクトップ 1 台に 1 枚とモデル化しています。'
    ),
    'claim.mla-art-qwen72b-saving': 'MLA で Qwen-72B の VRAM 使用量が 28 GB から 18 GB に減る（10 GB の削減）',
    'claim.mla-art-qwen72b-saving.why': (
        'kvcost: MLA なしで 43.89 GB、ありで 43.23 GB。削減は 0.66 GB です（KV 2.68 → 0.75 GB、重み +1.27 GB）。28 GB も 18 GB '
        'も 4 ビットの Qwen2.5-72B に合いません。18 GB は重み 1 個あたり約 2 ビットに相当します。'
    ),
    'claim.mla-art-qwen72b-rtx4070': '…… そして Qwen-72B が RTX 4070（12 GB）で動く',
    'claim.mla-art-qwen72b-rtx4070.why': 'MLA ありで 43.23 GB が必要ですが、このカードで使えるのは 12.88 GB です。RTX 4070 1 枚に収める単一の変更はありません。',
    'claim.mla-art-3090ti-speedup': 'MLA で RTX 3090 Ti のトークン生成速度が 12.8 から 15.6 トークン/秒に上がる（+22%）',
    'claim.mla-art-3090ti-speedup.why': (
        '記事はモデル名を示していません。Llama-3.1-8B（int4、8K、バッチ 1）では kvcost の計算で 159 → 183 トークン/秒、1.15 '
        '倍です。デコードはメモリ律速で、MLA により 1 ステップの読み出しが 5.06 GB から 4.40 GB に減ります（重み 4.3 GB に対して KV が 1.07 → 0.30 '
        'GB）。重みが BF16 なら向上は 2% で、コンテキスト長とバッチが大きいほど増え、短いプロンプトではほぼなくなります。'
    ),
    'claim.mla-art-3090ti': 'RTX 3090 Ti で 70B モデルは {scheme} なら {quoted:.0f} GB を使う',
    'claim.mla-art-3090ti-mha.why': (
        'MHA: int4 の重み 42.47 GB ＋ 8K での KV 21.47 GB、合計 66.50 GB。40 GB とも、カードの 25.76 GB とも大きく離れています。'
    ),
    'claim.mla-art-3090ti-gqa.why': 'GQA-8: 重み 37.48 GB ＋ KV 2.68 GB で 42.72 GB。25.76 GB には収まりません。',
    'claim.mla-art-3090ti-mqa.why': (
        'MQA: 重み 36.86 GB ＋ KV 0.34 GB で 39.74 GB と 4 方式で最小です。MQA のキャッシュはトークン 1 個・1 層あたり 256 要素、MLA は 576 '
        '要素です。'
    ),
    'claim.mla-art-3090ti-mla.why': (
        'MLA: 重み 38.75 GB ＋ KV 0.75 GB で 42.06 GB。MQA（39.74 GB）より大きく、GQA とほぼ同じです。MLA が最小になる40/36/32/28 '
        'という順序はありえません。'
    ),
    'claim.mla-art-mla-below-mqa': 'MLA は MQA より少ないメモリで済む（28 GB 対 32 GB）',
    'claim.mla-art-mla-below-mqa.why': (
        'トークン 1 個・1 層あたり MLA は d_c + d_R = 512 + 64 = 576 要素、MQA は 2 d_h = 256 要素をキャッシュするため、MLA のキャッシュは MQA '
        'の 2.25 倍です（DeepSeek-V2 の表 1: MLA はグループ数 2.25 の GQA に相当）。'
    ),
    'claim.mla-art-attn-flops-vs-mqa': '吸収型 MLA のアテンション計算量は MQA より 25% 多いだけ',
    'claim.mla-art-attn-flops-vs-mqa.why': (
        'キャッシュ済みトークン 1 個・1 層あたり、MLA は 2 × 64 ヘッド ×（2 × 512 ＋ 64）= 139,264 FLOP、MQA（GQA、MHA も同じ。K/V '
        'を共有しても計算量は変わりません）は 2 × 64 ×（128 ＋ 128）= 32,768 FLOP です。4.25 倍、つまり +325% で、+25% ではありません。吸収型 MLA は '
        'GQA-8 よりキャッシュの読み出しが 3.6 分の 1 になる代わりに、アテンションの FLOP が 4.25 倍になります。'
    ),
    'claim.mla-art-4070-beats-3090ti': 'MLA を使うと RTX 4070 が RTX 3090 Ti を 15% 上回る',
    'claim.mla-art-4070-beats-3090ti.why': (
        'デコードはメモリ律速で、504 GB/s 対 1,008 GB/s のため、RTX 4070 のトークン生成は半分の速さです（MLA 付き Llama-3.1-8B int4 で 92 対 183 '
        'トークン/秒）。MLA は両方のカードで同じようにバイト数を減らすので、順位は逆転しません。'
    ),
    'claim.mla-art-llama3-8b-rtx4060': 'Llama-3-8B は MLA を入れて初めて RTX 4060（8 GB）で動く',
    'claim.mla-art-llama3-8b-rtx4060.why': (
        'MLA なしでも、int4・8K の Llama-3-8B（Llama-3.1-8B の構成）に必要なのは 7.15 GB で、カードの 8.59 GB に収まり、すでに動きます。BF16 では '
        '18.9 GB が必要で、MLA（18.6 GB）でも収まりません。決め手は重みの形式で、MLA ではありません。'
    ),
    'claim.mla-art-72b-rtx4060': 'MLA を使えば 72B モデルが RTX 4060 で動く',
    'claim.mla-art-72b-rtx4060.why': 'MLA 付きの Qwen2.5-72B には 43.23 GB（int4 の重み 39.9 GB）が必要ですが、このカードで使えるのは 8.59 GB です。',
    'claim.mla-art-100b-rtx4080': 'MLA を使えば 100B モデルが RTX 4080 で動く',
    'claim.mla-art-100b-rtx4080.why': (
        '100B の int4 の重みだけでデータ 50 GB ＋ グループごとのスケール 3.1 GB = 53.1 GB となり、カードの 17.17 GB の 3 倍です。MLA が変えるのは KV '
        'キャッシュだけです。'
    ),
    'claim.mla-art-72b-gguf-rtx4050': 'MLA を使えば 72B の GGUF モデルが RTX 4050 Laptop GPU で動く',
    'claim.mla-art-72b-gguf-rtx4050.why': (
        'Qwen2.5-72B の GGUF Q4_K_M ファイルは 47.41 GB です（llama-quantize は半分の層で attn_v と ffn_down を 6〜8 '
        'ビットに保ちます）。全層を GPU に置くと（-ngl 99。llama.cpp は 0.70 GB のトークン埋め込みをシステム RAM に置きます）、'
        '重み 46.71 GB ＋ 8K の f16 KV 2.68 GB ＋ 計算バッファ 0.09 GB ＋ 予備 1.07 GB ＝ 50.56 GB が必要ですが、6 GB の'
        'ノート PC 向け GPU で使えるのは 6.44 GB です。MLA は KV キャッシュを縮める一方でアテンションの重みを増やすため、'
        'MLA を使っても約 48 GB を下回りません。オフロードすると 80 層のうち 8 層が収まります（次の行）。'
    ),
    'claim.mla-art-gguf8-40pct': 'GGUF の 8 ビットの重みでさらに 40% のメモリを節約できる',
    'claim.mla-art-gguf8-40pct.why': (
        '重みの量子化としては成り立ちます。8K の Llama-3.1-8B は BF16 の重みで 18.95 GB、GGUF Q8_0 ファイル（重み 8.53 '
        'GB。1 重みあたり 8.5 ビット、32 個で 34 バイト）で 11.42 GB となり、-39.7% です（重みだけなら -47%）。これは '
        'MLA とは無関係で、MLA が変えるのは KV キャッシュ（ここでは 1.07 GB）です。'
    ),
    # ---- TransMLA both ways
    'claim.transmla-equal-params': 'TransMLA のキャッシュを変えない変換で増えるパラメーターはわずか 1.3%（KV キャッシュは不変）',
    'claim.transmla-equal-params.why': (
        'キャッシュを変えない変換（v1）: キャッシュする潜在表現は元の K と V（2 n_kv d_h）のままで、アッププロジェクション W_UK、W_UV（n_kv d_h → n_h '
        'd_h、それぞれ 512 → 3,584）を加えます。28 層 × 2 × 512 × 3,584 = 102,760,448 で、76.2 億の 1.35% です。1.3% は '
        'Qwen2.5-7B（GQA-4）の値です。LLaMA-2-7B のような MHA のモデルでは、各ヘッドにすでに専用の K と V '
        'があるためキャッシュを変えない変換では何も変わらず、kvcost はこの変換を提案しません。'
    ),
    'claim.transmla-equal-cache': '…… そして KV キャッシュは変わらない（削減 0%）',
    'claim.transmla-equal-cache.why': (
        'トークン 1 個・1 層あたり変換前も後も 512 ＋ 512 要素です。得られるのはファインチューニング後の精度で、メモリではありません（吸収型デコードのアテンション FLOP は GQA の '
        'n_kv = 4 倍になります）。'
    ),
    'claim.transmla-compressed-params': '圧縮する TransMLA 変換（512 ＋ 64）でもパラメーターの増加は 1.3% だけ',
    'claim.transmla-compressed-params.why': (
        'kvcost: Qwen2.5-7B で +3.12%。各クエリヘッドに 64 次元の RoPE 部分が加わり（1 層あたり 28 × 64 × 3,584 = '
        '6.4M）、潜在表現の経路（3,584 × 576 ＋ 512 × 28 × 256 = 5.7M）が K と V（3.7M）を置き換えるため、1 層あたり +8.5M です。1.3% '
        'はメモリを減らさない変換の値で、圧縮する変換はここでキャッシュを 44% 減らし、ファインチューニングするまで精度が落ちます。'
    ),
    'claim.transmla-10.6x-speedup': 'LLaMA-2-7B の KV キャッシュを 93% 圧縮すると、コンテキスト長 8K で 10.6 倍高速になる',
    'claim.transmla-10.6x-speedup.why': (
        'バッチの効果です。8K で H100 1 枚に載るのは MHA で 16 系列、変換後は 236 系列で、kvcost の理想的なメモリ律速のルーフラインではトークン/秒が 523 → 7,592 '
        'の 14.5 倍です。実測の 10.6 倍（vLLM）はこの上限を下回っており、妥当です。'
    ),
    'claim.transmla-math-accuracy': 'TransMLA（キャッシュを変えない変換＋ファインチューニング）で数学の正答率が 81.96 から 87.25 に上がる',
    'claim.transmla-math-accuracy.why': (
        '精度の数値はコストモデルでは検証できません（出典とともに引用しています）。これはキャッシュを変えない変換をファインチューニングした後の値（キャッシュ不変、パラメーター +1.3%）で、93% '
        '圧縮する変換の値ではありません。'
    ),
    'claim.transmla-conversion-perplexity': (
        'LLaMA-2-7B の圧縮変換（512 ＋ 64）: ファインチューニング前の WikiText-2 パープレキシティは 5.47 → 41.61'
    ),
    'claim.transmla-conversion-perplexity.why': (
        '精度の数値はコストモデルでは検証できません（出典とともに引用しています）。圧縮する変換はファインチューニングするまで精度が落ちます（Qwen2.5-7B: 6.85 → 8.41）。'
    ),
    'claim.transmla-6b-tokens': '60 億トークンのファインチューニングだけで同等の性能に回復する',
    'claim.transmla-6b-tokens.why': (
        '精度の数値はコストモデルでは検証できません（出典とともに引用しています）。ファインチューニング（GPU 時間）は「必要 GPU 台数と ROI」ページの移行費用として見積もってください。'
    ),
    # ---- TPA, log-linear attention, Gated DeltaNet
    'claim.tpa-10x-vs-mha': 'TPA のキャッシュは約 10 分の 1（MHA の LLaMA-2-7B との比較）',
    'claim.tpa-10x-vs-mha.why': '8,192 / ((2 ＋ 2) ×（32 ＋ 128））= 12.8 倍。MHA との比較では主張どおり 1 桁です（論文の R = 1 の構成では 21.3 倍）。',
    'claim.tpa-10x-vs-gqa8': '…… GQA-8 のモデル（Llama-3.1-8B）でも約 10 分の 1',
    'claim.tpa-10x-vs-gqa8.why': '2,048 / 640 = 3.2 倍。見出しの比率は MHA との比較で、GQA-8 のモデルのキャッシュはすでに MHA の 4 分の 1 です。',
    'claim.tpa-quality-medium': 'TPA（3.53 億）のゼロショット・ベンチマーク平均は 51.41、MHA は 50.11',
    'claim.tpa-quality-medium.why': (
        '精度の数値はコストモデルでは検証できません（出典とともに引用しています）。どちらのモデルもゼロから事前学習したものです（TPA は既存モデルの変換では得られません）。'
    ),
    'claim.loglinear-below-mha-16k': '対数線形アテンションの状態はソフトマックスアテンションの KV キャッシュよりはるかに小さい',
    'claim.loglinear-below-mha-16k.why': 'Llama-3.1-8B の構成・16K で、fp32 のレベル状態 2.02 GB に対し MHA のキャッシュは 8.59 GB、0.23 倍です。',
    'claim.loglinear-below-gqa8-16k': '…… GQA-8 の KV キャッシュよりも小さい',
    'claim.loglinear-below-gqa8-16k.why': (
        '差はわずかです。16K で 2.02 GB 対 2.15 GB（0.94 倍）です。Mamba-2 と同じ大きさの層の fp32 レベル状態 15 個は、BF16 で 16K トークン分の '
        'GQA-8 キャッシュとほぼ同じ大きさだからです。差はコンテキスト長とともに開き（128K で 2.42 GB 対 17.2 GB）、Mamba-2 はどの長さでも 0.14 GB、Gated '
        'DeltaNet は 0.21 GB です。'
    ),
    'claim.loglinear-15x-mamba2-16k': '16K で対数線形 Mamba-2 は Mamba-2 の 1 つに対して 15 個の状態を持つ',
    'claim.loglinear-15x-mamba2-16k.why': '同じ 48 × 128 × 64 の状態が L = ceil(log2 16,384) + 1 = 15 レベルあります。',
    'claim.gdn-mid-state': 'Gated DeltaNet（隠れ次元 1536、192 次元のヘッド 6 個）の状態は層あたり 442,368 要素',
    'claim.gdn-mid-state.why': '6 ヘッド × d_k 192 × d_v 384（expand_v 2）。これに 3 つの短い畳み込みの状態が加わります。',
    # ---- units of the cited rows
    'unit.chips': 'チップ',
    'unit.layers': '層',
    'unit.tokens/s': 'トークン/秒',
    'unit.score': 'スコア',
    'unit.perplexity': 'パープレキシティ',
    # ---- the MLA article with llama.cpp formats and partial offload (issue #19)
    'claim.asm.gguf': (
        '。llama.cpp で全層を GPU に置き（-ngl 99）、トークン埋め込みはシステム RAM に置く。KV キャッシュは f16（BF16 と同じ'
        'バイト数）。アテンションはモデル本来の GQA-8（MLA ではアテンションの重みが増えるため、これは下限）'
    ),
    'claim.asm.offload': (
        '。llama.cpp の部分オフロード: f16 の KV キャッシュ込みで GPU に収まる最大の層数（マイクロバッチ 512 トークン）、'
        '残りはシステム RAM 上で Ryzen 9 7950X が処理（DDR5-5200、読み出し 49.9 GB/s）。アテンションはモデル本来のもの'
    ),
    'claim.mla-art-72b-gguf-rtx4050-offload': '…つまり 72B の GGUF モデルの 80 層すべてが RTX 4050 に収まる',
    'claim.mla-art-72b-gguf-rtx4050-offload.why': (
        'llama.cpp の -ngl 8 では 80 層のうち 8 層が GPU に収まります（重み 4.94 GB ＋ KV 0.27 GB。バッファと予備を'
        '含めて 6.44 GB 中 6.37 GB）。重みと KV の 44.9 GB はシステム RAM に残ります。1 トークンに GPU で 31 ms、CPU で '
        '885 ms かかり、約 1.1 トークン/秒です。動きはしますが、システム RAM からの実行です。'
    ),
    'claim.mla-art-70b-rtx4080-offload': '…つまり 70B モデルの 80 層すべてが RTX 4080 に収まる（GGUF、llama.cpp）',
    'claim.mla-art-70b-rtx4080-offload.why': (
        'GGUF Q4_K_M ファイル（42.51 GB）では、16 GB のカードに 80 層のうち 28 層が収まります（重み 14.49 GB ＋ KV '
        '0.94 GB）。29.8 GB はシステム RAM に残ります。1 トークンに GPU で 26 ms、CPU で 584 ms かかり、約 1.6 トークン/秒'
        'です。'
    ),
    'claim.mla-art-3090ti-70b-gguf-offload': (
        '…つまり 70B モデルが 80 層すべてを GPU に置いて RTX 3090 Ti（24 GB）で動く（GGUF、llama.cpp）'
    ),
    'claim.mla-art-3090ti-70b-gguf-offload.why': (
        'GGUF Q4_K_M ファイル（42.51 GB）では、24 GB のカードに 80 層のうち 45 層が収まります（重み 23.07 GB ＋ KV '
        '1.51 GB）。20.6 GB はシステム RAM に残ります。1 トークンに GPU で 33 ms、CPU で 401 ms かかり、約 2.3 トークン/秒'
        'です。速度を決めるのは GPU ではなく、ホストのメモリ帯域です。'
    ),
}
