"""Japanese help for every command: typer takes a command's help from its docstring (English), so
in Japanese it is replaced with these. Imported only when help is shown in Japanese."""

from __future__ import annotations

COMMANDS: dict[str, str] = {
    "assess": "クイズに答えて（または回答ファイルから）、合う分野とその理由を診断します。\n\n"
    "複数人分の回答（リストや JSON Lines）は一括診断になり、1行に1件の JSON を出力します。"
    "不正な回答は件番号付きで標準エラーに出し、一括診断は履歴に保存しません。\n\n"
    "例：mlcareer assess · mlcareer assess --answers me.yaml · mlcareer assess -a cohort.jsonl",
    "history": "これまでの診断を新しい順に表示します。--compare で前回からの変化を表示します。\n\n"
    "例：mlcareer history · mlcareer history --compare · mlcareer history --json",
    "roadmap": "日付入りの学習計画：ガイドの3フェーズを、前提スキルが先に来る順に、あなたのペースで並べます。\n\n"
    "最後の診断（その日から）、回答ファイル、または --specialization [--level] [--skills]（今日から）で作ります。"
    "--start で開始日を変えられます。習得済みや mlcareer done で記録したモジュールは修了として表示します。\n\n"
    "--export で Markdown・JSON・iCalendar を標準出力か --output FILE に書き出します。\n\n"
    "例：mlcareer roadmap · mlcareer roadmap -s mlops --skills python,sql --hours 8 · mlcareer roadmap -o plan.ics",
    "done": "学習計画のモジュールを修了として記録します。進捗は id で記録するので、文面が変わっても残ります。\n\n"
    "例：mlcareer done python_basics · mlcareer done ml_basics sql_git_basics",
    "undo": "修了の記録を取り消します。\n\n例：mlcareer undo python_basics",
    "progress": "計画の進み具合：フェーズごとの進捗、修了・残りの時間、予定より進んでいるか遅れているか。\n\n"
    "遅れているときは、残りを今日から組み直した日付も表示します。\n\n"
    "例：mlcareer progress · mlcareer progress --start 2026-01-05 · mlcareer progress --json",
    "interview": "面接の練習：質問に答え、答えのポイントと比べ、自己評価します。"
    "評価はすべて記録し、FSRS（Anki の既定の出題スケジューラー）で次の出題日を決めます。"
    "答えられなかった・一部だけの質問は次の練習で、答えられた質問は忘れかけるころに再出題します。\n\n"
    "出題順は、復習どきの質問、新しい質問、その他の順。あなたのレベル（最後の診断か --level）の質問を先に出します。"
    "--specialization を指定すると、その分野の質問を先に、全分野共通の質問を後に出します。"
    "--due は復習どきの質問だけ。--list と --json は端末なしで、次の出題日付きで一覧します。\n\n"
    "例：mlcareer interview · mlcareer interview -s mlops -n 3 · mlcareer interview --due · mlcareer interview --list",
    "roles": "職種を一覧します（レベルと年収付き）。ID を付けると1つを詳しく表示します。\n\n"
    "例：mlcareer roles --level mid · mlcareer roles -s mlops · mlcareer roles ml_engineer --json",
    "specializations": "4つの専門分野：年収相場、求められるスキル、トレンド、代表的な企業。\n\n"
    "例：mlcareer specializations · mlcareer specializations computer_vision",
    "levels": "経験レベル：年数、年収、準備すること、目指す職種。\n\n"
    "例：mlcareer levels · mlcareer levels beginner · mlcareer levels senior --json",
    "skills": "スキル・ツール・手法と、学習時間の目安、前提スキル。\n\n"
    "名前は大文字・小文字を区別しません（PyTorch、pytorch、Scikit-learn、確率統計）。\n\n"
    "例：mlcareer skills -s mlops · mlcareer skills --group nlp_llm · mlcareer skills scikit-learn --json",
    "market": "AI・ML転職市場の数字：求人数、分野別の需要、年収、需要拡大の背景。\n\n"
    "例：mlcareer market · mlcareer market --json",
    "sites": "ガイドの順位による転職サイト・エージェントと、向いている人。\n\n"
    "例：mlcareer sites · mlcareer sites --level senior",
    "cases": "転職成功事例：転職前後、成功要因、かかった期間。\n\n"
    "例：mlcareer cases · mlcareer cases web_to_ml_engineer",
    "salary": "専門分野と経験年数から年収を推定し、その算出方法を示します。\n\n"
    "例：mlcareer salary -s genai_llm --years 5 · mlcareer salary -s data_scientist -y 1 --json",
    "validate": "知識ファイルをすべて確認し、問題を file:line: key.path: 期待される内容 の形で一覧します。\n\n"
    "DIR のファイルは同名の組み込みファイルを置き換えます。問題があれば終了コード 1。\n\n"
    "例：mlcareer kb validate · mlcareer kb validate ./my-data",
}
