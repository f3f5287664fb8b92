"""Messages that explain results: scheme applicability and training, estimate warnings, fleet reasoning, ROI
notes and sources, fit advice, assumption evidence, storage-format notes, "does it fit?" verdicts."""

M: dict[str, tuple[str, str]] = {
    # ---- why a scheme does not apply
    "why.gqa_divide": ("{g} KV heads must divide the {n} query heads",
                       "クエリヘッド数 {n} が KV ヘッド数 {g} で割り切れる必要があります"),
    "why.mla_encdec": ("MLA is defined for decoder self-attention; cross-attention over the encoder is not covered",
                       "MLA はデコーダーの自己アテンション向けに定義されており、エンコーダーへのクロスアテンションは対象外です"),
    "why.mla_rank": ("kv_lora_rank must be at least 1", "kv_lora_rank は 1 以上である必要があります"),
    "why.mla_rope_dim": ("rope_dim {rope_dim:,} exceeds the head dimension {head_dim:,}",
                         "rope_dim {rope_dim:,} がヘッド次元 {head_dim:,} を超えています"),
    "why.mla_rank_big": ("kv_lora_rank {rank:,} is wider than the full per-token K+V it compresses ({full:,})",
                         "kv_lora_rank {rank:,} が圧縮対象のトークンあたり K+V 全体（{full:,}）より大きくなっています"),
    "why.tmla_is_mla": ("the model already uses MLA", "このモデルはすでに MLA を使っています"),
    "why.tmla_encdec": ("TransMLA converts decoder-only GQA/MHA checkpoints",
                        "TransMLA で変換できるのはデコーダーのみの GQA/MHA チェックポイントです"),
    "why.tmla_mqa_dim": ("qk_mqa_dim {dim} exceeds head_dim {head_dim}", "qk_mqa_dim {dim} が head_dim {head_dim} を超えています"),
    "why.tmla_not_smaller": ("latent {new} elements/token/layer is not smaller than the original cache {orig}",
                             "潜在表現（{new} 要素/トークン/層）が元のキャッシュ（{orig}）より小さくなりません"),
    "why.tmla_equal_mha": ("the model is MHA: every query head already has its own K and V, so an equal-cache "
                           "conversion changes nothing (use the compressed conversion, transmla)",
                           "このモデルは MHA で、クエリヘッドごとにすでに専用の K と V があるため、キャッシュを変えない変換では"
                           "何も変わりません（圧縮する変換 transmla を使ってください）"),
    "why.tpa_encdec": ("TPA is defined for decoder self-attention; cross-attention is not covered",
                       "TPA はデコーダーの自己アテンション向けに定義されており、クロスアテンションは対象外です"),
    "why.slim_mla": ("slim attention needs MHA with an invertible W_K; this model uses MLA",
                     "slim attention には W_K が正則（逆行列を持つ）な MHA が必要ですが、このモデルは MLA を使っています"),
    "why.slim_gqa": ("slim attention needs MHA; with {kv_heads} KV heads the K+V cache ({kv}/token/layer) is "
                     "{ratio:.2f}x d_model ({d}), so K alone cannot replace it",
                     "slim attention には MHA が必要です。KV ヘッドが {kv_heads} 個の場合、K+V キャッシュ"
                     "（{kv}/トークン/層）は d_model（{d}）の {ratio:.2f} 倍しかなく、K だけで置き換えることはできません"),
    "why.slim_wk": ("W_K is {d}x{e} (h*d_k < d_model): not invertible, K does not determine V",
                    "W_K が {d}x{e}（h*d_k < d_model）で正則ではないため、K から V が決まりません"),
    "why.slim_rope": ("option 2 caches the layer input X, which does not support RoPE; use option 1",
                      "オプション 2 は層の入力 X をキャッシュするため RoPE に対応できません。オプション 1 を使ってください"),
    "why.recurrent_encdec": ("a recurrent state replaces causal self-attention; cross-attention over the encoder is "
                             "not covered",
                             "再帰状態が置き換えるのは因果的な自己アテンションのみで、エンコーダーへのクロスアテンションは対象外です"),
    # ---- what it takes to adopt a scheme
    "train.gqa": ("uptraining (~5% of pre-training compute) when converting from MHA",
                  "MHA から変換する場合はアップトレーニング（事前学習の計算量の約 5%）"),
    "train.mha": ("none (the standard layout)", "不要（標準の構成）"),
    "train.mqa": ("uptraining or pre-training (quality loss vs MHA)", "アップトレーニングまたは事前学習（MHA より品質が低下）"),
    "train.mla": ("pre-training (or TransMLA conversion + fine-tune)", "事前学習（または TransMLA による変換＋ファインチューニング）"),
    "train.transmla": ("post-hoc conversion (RoRoPE + PCA) + fine-tune; the compressed cache loses accuracy until "
                       "fine-tuned (LLaMA-2-7B 512+64: WikiText-2 perplexity 5.47 -> 41.6 right after conversion; "
                       "~6B tokens to recover per the paper)",
                       "学習済みモデルの事後変換（RoRoPE + PCA）＋ファインチューニング。圧縮したキャッシュはファインチューニング"
                       "するまで精度が落ちます（LLaMA-2-7B 512+64: 変換直後の WikiText-2 パープレキシティ 5.47 → 41.6。"
                       "論文では回復に約 60 億トークン）"),
    "train.transmla_equal": ("post-hoc conversion with the cache unchanged: exact at conversion (the up-projections "
                             "start as GQA's head repeat), then fine-tuned for the accuracy gain; no memory saved",
                             "キャッシュを変えない事後変換: 変換直後は元のモデルと厳密に同じ（アッププロジェクションは GQA の"
                             "ヘッド複製から始まる）で、精度向上のためにファインチューニングします。メモリは減りません"),
    "train.tpa": ("pre-training with TPA (no post-hoc conversion)", "TPA を使った事前学習（事後変換はできません）"),
    "train.slim": ("none: exact rewrite of a trained MHA checkpoint (W_KV = W_K^-1 W_V computed offline)",
                   "不要: 学習済み MHA チェックポイントの厳密な書き換え（W_KV = W_K^-1 W_V を事前に計算）"),
    "train.linear": ("pre-training (or distillation) of a recurrent model", "再帰型モデルの事前学習（または蒸留）"),
    # ---- where a scheme's headline reduction comes from (Compare notes it against another baseline)
    "headline.tpa": ("the paper's 'order of magnitude smaller cache' is against MHA (21.3x at R_K = R_V = 1, h 32, "
                     "d_h 64); against a GQA-8 model it is about 3x",
                     "論文の「キャッシュが 1 桁小さい」は MHA との比較です（R_K = R_V = 1、h 32、d_h 64 で 21.3 倍）。"
                     "GQA-8 のモデルに対しては約 3 倍です"),
    "headline.transmla": ("the paper's 93% is LLaMA-2-7B, an MHA model; on a GQA-8 model the same 576 elements save "
                          "72%, on GQA-4 44%",
                          "論文の 93% は MHA の LLaMA-2-7B での値です。GQA-8 のモデルでは同じ 576 要素でも削減は 72%、"
                          "GQA-4 では 44% です"),
    "headline.slim": ("'2x smaller' is against MHA, the only attention it applies to",
                      "「2 分の 1」は MHA との比較で、slim attention が適用できるのは MHA だけです"),
    "headline.mla": ("DeepSeek-V2's 93.3% is against DeepSeek 67B (GQA-8, BF16 cache) and adds ~6-bit KV "
                     "quantization to MLA",
                     "DeepSeek-V2 の 93.3% は DeepSeek 67B（GQA-8、BF16 のキャッシュ）との比較で、MLA に約 6 ビットの KV 量子化を"
                     "加えた値です"),
    "headline.loglinear": ("'logarithmic memory' is against softmax attention's KV cache (the paper's Transformer is "
                           "MHA); a GQA cache is already several times smaller",
                           "「対数メモリ」はソフトマックスアテンションの KV キャッシュ（論文の Transformer は MHA）との比較です。"
                           "GQA のキャッシュはすでにその数分の 1 です"),
    "note.headline": ("{scheme}: {headline}. Against your baseline {base}: cache at this context x{ratio:.3g} of "
                      "the baseline's, attention FLOPs per token x{flops:.3g}.",
                      "{scheme}: {headline}。選択した基準 {base} に対しては、このコンテキスト長でのキャッシュが基準の "
                      "{ratio:.3g} 倍、トークンあたりのアテンション FLOP が {flops:.3g} 倍です。"),
    # ---- estimate warnings
    "warn.fp32": ("{gpu} lists no fp32 rate; fp32 attention is timed at the 16-bit tensor rate (optimistic)",
                  "{gpu} には fp32 の演算性能値がないため、fp32 のアテンションは 16 ビットの Tensor コア性能で"
                  "見積もっています（楽観的な値）"),
    "warn.max_position": ("context {context:,} exceeds the model's max_position_embeddings {max_position:,}",
                          "コンテキスト長 {context:,} がモデルの max_position_embeddings {max_position:,} を超えています"),
    "warn.link_domain": ("tp={tp} exceeds the {domain}-GPU fast-link domain of {gpu}; collectives use PCIe",
                         "tp={tp} は {gpu} の高速リンクドメイン（{domain} GPU）を超えるため、集団通信は PCIe 経由になります"),
    "warn.desktop_tp": ("tp={tp}: one {gpu} machine holds {n} card(s), without NVLink; {tp} of them cannot serve as "
                        "one tensor-parallel replica (collectives would cross PCIe and the network)",
                        "tp={tp}: {gpu} のマシン 1 台に載るのは NVLink なしで {n} 枚です。{tp} 枚を 1 つのテンソル並列"
                        "レプリカとして使うことはできません（集団通信が PCIe とネットワークを越えます）"),
    "warn.replicated": ("{scheme}: the cached latent/K rows are replicated on each of the {tp} GPUs",
                        "{scheme}: キャッシュする潜在ベクトル/K の行は {tp} 枚の GPU それぞれに複製されます"),
    "warn.kv_heads": ("tp={tp} exceeds the KV heads; KV heads are replicated",
                      "tp={tp} が KV ヘッド数を超えるため、KV ヘッドは複製されます"),
    "warn.quantized": ("the checkpoint is pre-quantized ({quant}); weights are sized as {dtype}: choose the weight "
                       "dtype 'checkpoint' to size them as stored",
                       "チェックポイントは量子化済みです（{quant}）。重みは {dtype} として見積もっています。保存形式どおりに"
                       "見積もるには重みのデータ型で 'checkpoint' を選んでください"),
    "warn.fp8": ("{gpu} has no fp8 tensor path; fp8 weights run at the 16-bit rate",
                 "{gpu} には fp8 の Tensor コア演算がないため、fp8 の重みは 16 ビットの性能で計算されます"),
    "warn.levels": ("log-linear attention needs {levels} levels at {context:,} tokens; a model built for "
                    "{built_for:,} tokens has {built}",
                    "log-linear attention は {context:,} トークンで {levels} レベルを必要としますが、"
                    "{built_for:,} トークン向けに構築したモデルには {built} レベルしかありません"),
    "warn.trained": ("{scheme} requires a model trained with it: {training}",
                     "{scheme} を使うには、この方式で学習したモデルが必要です: {training}"),
    "warn.converted": ("{scheme} is a conversion of the model's own attention: {training}",
                       "{scheme} はモデル本来のアテンションを変換したものです: {training}"),
    # ---- fleet: the target and the sizing reasoning
    "dem.users": ("{users:,g} concurrent users at {context:,} tokens",
                  "同時ユーザー {users:,g} 人（{context:,} トークン）"),
    "dem.tokens_per_s": ("{rate:,g} generated tokens/s at {context:,} tokens context",
                         "生成 {rate:,g} トークン/秒（コンテキスト長 {context:,} トークン）"),
    "dem.requests": ("{rate:,g} requests/day of {prompt:,} prompt + {output:,} output tokens",
                     "1 日 {rate:,g} リクエスト（プロンプト {prompt:,} ＋ 出力 {output:,} トークン）"),
    # ---- ROI
    "roi.no_payback": ("{scheme} costs no less than the baseline {base}: no payback",
                       "{scheme} のコストは基準の {base} を下回らないため、投資は回収できません"),
    # ---- "what would make it fit"
    "adv.kv": ("KV cache {dtype}", "KV キャッシュを {dtype} に"),
    "adv.weights": ("weights {dtype}", "重みを {dtype} に"),
    "adv.tp": ("tensor parallel x{tp}", "テンソル並列 ×{tp}"),
    "adv.beyond_link": ("beyond the {domain}-GPU fast-link domain", "高速リンクドメイン（{domain} GPU）を超える"),
    "adv.tp_pcie": ("over PCIe (no NVLink): slow, two all-reduces per layer per token",
                    "PCIe 経由（NVLink なし）: 低速。トークンごと・層ごとに all-reduce が 2 回"),
    "adv.tp_refused": ("Tensor parallel beyond {n} card(s) is not proposed: one {gpu} machine holds {n} (consumer "
                       "cards have no NVLink and each needs its own PCIe slot).",
                       "テンソル並列は {n} GPU を超えては提案しません: {gpu} のマシン 1 台に載るのは {n} 枚です"
                       "（コンシューマー向けカードには NVLink がなく、1 枚ごとに PCIe スロットが 1 つ必要です）。"),
    "adv.would_need": ("does not fit — would need: {options}.", "収まりません — 必要な変更: {options}。"),
    "adv.would_need_none": ("does not fit, and no single change makes it fit.",
                            "収まりません。単一の変更で収まるものはありません。"),
    "adv.or": ("; or ", "、または "),
    "adv.context": ("context {context:,} tokens", "コンテキスト長を {context:,} トークンに"),
    "adv.batch": ("batch {batch}", "バッチを {batch} に"),
    # ---- evidence behind the default assumptions
    "asm.why.bw_efficiency": (
        "Fraction of datasheet memory bandwidth reached by decode. Streaming copies reach 85-92% (H100 PCIe 90%, "
        "onnxruntime #32382; A100 87%); tuned batch-1 decode 65-85% (gpt-fast: Llama-2-7B 69%, 70B TP2 73% on A100).",
        "デコードで得られるメモリ帯域の公称値に対する割合。ストリーミングコピーでは 85～92%（H100 PCIe 90%、"
        "onnxruntime #32382。A100 87%）、チューニング済みのバッチ 1 デコードでは 65～85%（gpt-fast: A100 で "
        "Llama-2-7B 69%、70B TP2 73%）。"),
    "asm.why.flops_efficiency": (
        "Fraction of dense peak reached by large GEMMs/attention: best-shape BF16 GEMM 80% on H100 (ml-engineering "
        "MAMF), FlashAttention-3 75%; MI300X only 51%.",
        "大きな GEMM やアテンションで得られる、密演算ピーク性能に対する割合。H100 で最適形状の BF16 GEMM が 80%"
        "（ml-engineering MAMF）、FlashAttention-3 が 75%。MI300X は 51% にとどまります。"),
    "asm.why.link_efficiency": (
        "Fraction of NVLink/PCIe speed reached by collectives: NVLink4 p2p 83% (NVIDIA/nccl #1264).",
        "集団通信で得られる NVLink/PCIe 速度の割合。NVLink4 の p2p で 83%（NVIDIA/nccl #1264）。"),
    "asm.why.allreduce_latency_s": (
        "Fixed time of one small all-reduce (two per layer per step under tensor parallelism): ~6 us on 2x H100 NVLS "
        "(NVIDIA/nccl #1259), 10-34 us ring on DGX-A100 without CUDA graphs (nccl-tests #123), 2.3-3 us best-tuned "
        "on H200/B200 (NVIDIA/nccl #1940).",
        "小さな all-reduce 1 回にかかる固定時間（テンソル並列では 1 ステップ・1 層あたり 2 回）。2x H100 の NVLS で"
        "約 6 us（NVIDIA/nccl #1259）、CUDA Graphs なしの DGX-A100 のリングで 10～34 us（nccl-tests #123）、"
        "H200/B200 で最適に調整した場合 2.3～3 us（NVIDIA/nccl #1940）。"),
    "asm.why.reserve_bytes": ("CUDA context, allocator fragmentation and workspaces, held back from the capacity.",
                              "CUDA コンテキスト、アロケーターの断片化、ワークスペースのために容量から差し引く分。"),
    "asm.why.reserve_fraction": ("Extra fraction of capacity held back (vLLM's gpu_memory_utilization=0.9 is 0.10).",
                                 "追加で確保しておく容量の割合（vLLM の gpu_memory_utilization=0.9 は 0.10 に相当）。"),
    "asm.why.prefill_chunk_tokens": ("Tokens processed at once in (chunked) prefill; sets the activation peak.",
                                     "（チャンク分割）プリフィルで一度に処理するトークン数。活性値のピークを決めます。"),
    "asm.why.activation_bytes_per_elem": ("Activation precision in bytes (bf16 = 2).",
                                          "活性値の精度（バイト数。bf16 = 2）。"),
    "asm.why.measured_bw": (
        "Use the GPU profile's own measured streaming-bandwidth fraction instead of the bandwidth efficiency above, "
        "where the profile has one (A100 80GB SXM 0.834, A100 40GB 0.871, A100 PCIe 0.893, H100 PCIe 0.904, "
        "RTX 3090 0.912; sources in each profile).",
        "GPU プロファイルに実測のストリーミング帯域比がある場合、上のメモリ帯域効率の代わりにそれを使います"
        "（A100 80GB SXM 0.834、A100 40GB 0.871、A100 PCIe 0.893、H100 PCIe 0.904、RTX 3090 0.912。出典は各プロファイル）。"),
    "asm.why.sram_fraction": (
        "Share of L2 the KV working set may use to count as on-chip resident (then its reads are served on chip and "
        "leave HBM traffic).",
        "KV ワーキングセットをオンチップ常駐とみなすために使える L2 の割合（常駐すると読み出しはチップ上で行われ、"
        "HBM の転送量から外れます）。"),
    # ---- storage-format notes
    "fmt.note.kv_fp8": ("e4m3 with per-tensor scales (vLLM kv_cache_dtype=fp8): no per-element overhead",
                        "e4m3、テンソル単位のスケール（vLLM の kv_cache_dtype=fp8）: 要素ごとの追加領域なし"),
    "fmt.note.kv_int8": ("per-tensor/per-head static scales: no per-element overhead",
                         "テンソル単位/ヘッド単位の静的スケール: 要素ごとの追加領域なし"),
    "fmt.note.kv_int4": ("one fp16 scale per 32 elements (KIVI / Q4_0-style): 4.5 bits per element",
                         "32 要素ごとに fp16 のスケール 1 つ（KIVI / Q4_0 方式）: 1 要素あたり 4.5 ビット"),
    "fmt.note.w_fp8": ("fp8 GEMMs where the GPU supports them", "GPU が対応していれば GEMM を fp8 で実行"),
    "fmt.note.w_int8": ("weight-only, per-channel scales; dequantized to bf16",
                        "重みのみの量子化、チャネル単位のスケール。bf16 に逆量子化して計算"),
    "fmt.note.w_int4": ("GPTQ/AWQ-style: fp16 scale + zero per 128 weights (4.25 bits); dequantized to bf16",
                        "GPTQ/AWQ 方式: 重み 128 個ごとに fp16 のスケールとゼロ点（4.25 ビット）。bf16 に逆量子化して計算"),
    # ---- unit words (i18n.unit): symbols such as GB, GiB, W, USD stay as they are
    "unit.fraction": ("fraction", "割合"),
    "unit.ratio": ("ratio", "比"),
    "unit.years": ("years", "年"),
    "unit.h": ("h", "時間"),
    "unit.tokens": ("tokens", "トークン"),
    "unit.GPU-h": ("GPU-h", "GPU 時間"),
    "unit.USD/GPU-h": ("USD/GPU-h", "USD/GPU 時間"),
    "unit.USD/kW-month": ("USD/kW-month", "USD/kW・月"),
    "unit.USD/server-month": ("USD/server-month", "USD/サーバー・月"),
    "unit.fraction/year": ("fraction/year", "割合/年"),
    "unit.USD/server": ("USD/server", "USD/サーバー"),
    "unit.USD/GPU-year": ("USD/GPU-year", "USD/GPU・年"),
    "unit.USD/GPU-month": ("USD/GPU-month", "USD/GPU・月"),
    "unit.USD/unit-h": ("USD/unit-h", "USD/課金単位・時間"),
    "unit.GPUs": ("GPUs", "GPU 数"),
    "unit.x": ("x", "倍"),
    "unit.groups": ("groups", "グループ"),
    "unit.params": ("params", "パラメーター"),
    "unit.levels": ("levels", "レベル"),
    "unit.elements": ("elements", "要素"),
    "unit.elements/layer": ("elements/layer", "要素/層"),
    "unit.elements/token": ("elements/token", "要素/トークン"),
    "unit.elements/token/layer": ("elements/token/layer", "要素/トークン/層"),
    "unit.B/token": ("B/token", "B/トークン"),
    "unit.B/token/layer": ("B/token/layer", "B/トークン/層"),
    "unit.FLOP/token/layer": ("FLOP/token/layer", "FLOP/トークン/層"),
    "unit.MAC/token": ("MAC/token", "MAC/トークン"),
    # ---- check_claim verdicts
    "verdict.not_applicable": ("No: {reason}", "いいえ: {reason}"),
    "verdict.error": ("Cannot check: {error}", "判定できません: {error}"),
    "verdict.fits": ("Yes: {total} of {cap} per GPU ({free} free); about {rate:,.0f} tokens/s decode",
                     "はい: GPU 1 枚あたり {cap} のうち {total} を使用（空き {free}）。デコードは約 {rate:,.0f} トークン/秒"),
    "verdict.weights": ("No: the weights alone need {weights} per GPU; it has {cap}",
                        "いいえ: 重みだけで GPU 1 枚あたり {weights} が必要ですが、容量は {cap} です"),
    "verdict.no_fit": ("No: needs {total} per GPU (KV cache {kv}); it has {cap}",
                       "いいえ: GPU 1 枚あたり {total}（うち KV キャッシュ {kv}）が必要ですが、容量は {cap} です"),
}
