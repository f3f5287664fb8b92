"""Texts of the command line (tables, verdicts, notes, CLI errors) (ja): ``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- list gpus / models / schemes
    'cli.col.profile': 'GPU プロファイル',
    'cli.col.name': '名前',
    'cli.col.memory': 'メモリ',
    'cli.col.visible': 'ドライバーが示す容量',
    'cli.col.bandwidth': 'メモリ帯域幅',
    'cli.col.bf16': 'BF16 演算性能（密）',
    'cli.col.preset': 'モデルのプリセット',
    'cli.col.attention': 'アテンション',
    'cli.col.layers': '層数',
    'cli.col.params': 'パラメーター数',
    'cli.col.max_position': '最大位置 [トークン]',
    'cli.col.scheme': '方式',
    'cli.col.options': 'オプション（先頭が既定値）',
    'cli.col.scheme_params': 'パラメーター（既定値）',
    'cli.col.exact': '厳密',
    'cli.col.training': '必要な学習',
    'cli.col.field': 'config.json のフィールド',
    'cli.col.min': '最小',
    'cli.col.max': '最大',
    'cli.col.id': 'エンジン',
    'cli.col.versions': '計測されたバージョン',
    'cli.col.err_tput': '誤差: スループット',
    'cli.col.err_ttft': '誤差: TTFT',
    'cli.col.err_tpot': '誤差: TPOT',
    'cli.engines_note': (
        '誤差: 各公開ソースをフィットから除外して予測したときの |予測値 / 実測値 - 1| の中央値（validation/published、python -m validation '
        '--published）。ideal はルーフラインで、実測の誤差幅を持たない上限値です。'
    ),
    'cli.row.ttft': '最初のトークンまでの時間（TTFT）',
    'cli.from_model': 'モデルの値',
    'cli.yes': 'はい',
    'cli.no': 'いいえ',
    # ---- estimate
    'cli.title': (
        '{model}、{gpu} ×{tp}: {scheme}。コンテキスト長 {context} × バッチ {batch}。KV {kv_dtype}、重み {weight_dtype}。メモリは '
        'GPU 1 枚あたり'
    ),
    'cli.col.quantity': '項目',
    'cli.col.value': '値',
    'cli.row.weights': '重み',
    'cli.row.kv': 'KV キャッシュ（バッチ全体）',
    'cli.row.activations': 'アクティベーション',
    'cli.row.reserve': 'ランタイム予約領域',
    'cli.row.total': 'GPU 1 枚あたりの合計',
    'cli.row.capacity': 'GPU 容量（ドライバーが示す値）',
    'cli.row.verdict': '判定',
    'cli.row.kv_token': 'トークンあたり KV（全層・1 シーケンス）',
    'cli.row.fixed': 'シーケンスあたり固定状態',
    'cli.row.max_context': 'バッチ {batch} での最大コンテキスト長 [トークン]',
    'cli.row.max_batch': 'このコンテキスト長での最大バッチ',
    'cli.row.prefill': 'プリフィル（{n} トークン）',
    'cli.row.decode': 'デコード（バッチ全体）',
    'cli.row.speed': '速度',
    'cli.no_speed': 'なし: 収まらない構成の速度は示しません',
    'cli.row.attention': 'GPU 1 枚あたりのアテンション FLOPs',
    'cli.attention_value': '{token} GFLOP/トークン、{step} GFLOP/ステップ',
    'cli.quantization': 'チェックポイントの量子化: {quant}',
    'cli.decode_value': '1 ステップ {step} = {rate} トークン/秒（{bound}）',
    'cli.prefill_value': '所要時間 {time}（{bound}）',
    'cli.bound.memory': 'メモリ律速',
    'cli.bound.compute': '演算律速',
    'cli.onchip': '{bound}、KV はオンチップ',
    'cli.fits': '収まります（空き {free}）',
    'cli.no_fit': '収まりません: {short} 不足',
    'cli.unbounded': 'メモリによる制限なし',
    'cli.short_by': '{short} 不足',
    'cli.infinite': '∞ = メモリによる制限なし（状態のサイズが一定）',
    # ---- compare
    'cli.cmp_title': (
        '{model}、{gpu} ×{tp}。コンテキスト長 {context} × バッチ {batch}。KV {kv_dtype}、重み {weight_dtype}。メモリは GPU 1 '
        '枚あたり'
    ),
    'cli.col.kv_token': 'トークンあたり KV',
    'cli.col.kv_gpu': 'KV キャッシュ',
    'cli.col.total': '合計',
    'cli.col.fit': '判定',
    'cli.col.max_ctx': '最大コンテキスト長 [トークン]',
    'cli.col.max_batch': '最大バッチ',
    'cli.col.decode': 'デコード [トークン/秒]',
    'cli.col.speedup': '速度比',
    'cli.col.attn_flops': 'アテンション [GFLOP/トークン]',
    'cli.ratios_note': (
        '比は {base} に対する値です（--baseline で変更）: 速度比 = デコード速度（トークン/秒）、アテンション = トークンあたりのアテンション '
        'FLOPs（コンテキストに依存する部分、GPU 1 枚あたり。MAC = FLOPs/2）'
    ),
    'cli.advice_for': '{schemes} の場合: {advice}',
    'cli.note': '注: {note}',
    'cli.col.prefill': 'プリフィル',
    'cli.warning': '警告: {warning}',
    'cli.warning_for': '警告（{schemes}）: {warning}',
    'cli.not_applicable': '適用できません: {scheme}: {reason}',
    # ---- errors raised by the command line itself
    'cli.error': 'エラー: {error}',
    'cli.not_int': '整数として読めません: {value!r}',
    'cli.not_number': '数値として読めません: {value!r}',
    'cli.cannot_read': '{path} を読み込めません: {reason}',
    'cli.cannot_read_input': '入力を読み込めません: {reason}',
    'cli.cannot_write': '出力を書き込めません: {reason}',
    'cli.internal': '内部エラー（{kind}）です。実行したコマンドを添えて報告してください',
    # ---- claims table (claims subcommand; the pages show the same verdict words)
    'claims.verdict.ok': '一致',
    'claims.verdict.differs': '相違',
    'claims.verdict.cited': '引用（コストモデルでは検証不可）',
    'claims.cli_summary': '検証可能な主張 {n} 件のうち {ok} 件が許容誤差内で成り立ちます。精度の数値 {cited} 件はコストモデルでは検証できないため引用のみです。',
}
