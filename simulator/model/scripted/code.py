"""The scripted model's code interpreter: the Python it writes for a turn, and its reply from the output.

Only when the run has the code_interpreter tool. The model writes code, the sandbox really runs it,
and the reply is read from what the code printed; nothing here knows an answer in advance.

- "用代码计算 1234567 的平方根" (or "square root of N"): the seed's code, for any number.
- "用代码计算 2**100" (or "compute 2**100 with code"): the expression, evaluated by Python.
- "统计总销售额" (or "total sales") with a file attached: code that reads the file and sums the
  column the question names. If that raises (no such column, another encoding), the traceback is
  what the model sees next, and it corrects itself once, as the seed's 自我修正代码 describes: it
  reads df.columns and picks the numeric column whose name fits best.
- A chart of the file ("画…图", "chart", "plot"): monthly totals as a bar chart, drawn by matplotlib;
  the sandbox returns the figure as an image file.

Files reach the code at /mnt/data/<file id>, as with the real tool, which named them by id.
"""

from __future__ import annotations

import re

from simulator.model import Action, Reply, RunCode, ToolResult, Turn
from simulator.model.scripted.language import reply_language

SQUARE_ROOT = re.compile(r"(?P<number>\d+(?:\.\d+)?)\s*的\s*平方根|square\s+root\s+of\s+(?P<number_en>\d+(?:\.\d+)?)", re.IGNORECASE)
ARITHMETIC = re.compile(r"(?:用代码|用 ?python)?\s*(?:计算|算一下|calculate|compute)\s*(?P<expr>[\d\s.+\-*/()%^]*\d[\d\s.+\-*/()%^]*?)\s*(?:的值|等于多少|是多少)?(?:\s*(?:with|using|in)\s+(?:code|python))?\s*[。.?？!！]?\s*$", re.IGNORECASE)
TOTAL_SALES = re.compile(r"总销售额|销售总额|销售额(?:的)?(?:总和|合计|总计)|total\s+(?:sales|revenue|amount)|sum\s+of\s+(?:the\s+)?(?:sales|revenue|amounts?)", re.IGNORECASE)
CHART = re.compile(r"画|图|可视化|chart|plot|graph|visuali[sz]e", re.IGNORECASE)
DATA_SUFFIXES = (".csv", ".tsv", ".txt")
# Column names that mean "sales", best first: what the corrected code looks for in df.columns.
SALES_WORDS = ["销售额", "销售金额", "销售", "金额", "营业额", "收入", "sales", "revenue", "amount", "total", "price"]
# The few a model would write into its corrected code (SALES_WORDS stays with the chart, which needs the rest).
SALES_HINTS = ("销售", "金额", "sales", "amount", "revenue")
DATE_WORDS = ["日期", "时间", "月份", "date", "month", "time", "day"]
ERROR_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt)\b.*)$", re.MULTILINE)
NUMBER = re.compile(r"-?[\d,]*\d(?:\.\d+)?")


def plan_code(turn: Turn) -> Action | None:
    """A RunCode action, a Reply built from the code's output, or None when the turn needs no code."""
    if not turn.has_tool("code_interpreter"):
        return None
    text = turn.last_user_text
    ran = [r for r in turn.results if r.type == "code_interpreter"]
    english = reply_language(turn) == "en"
    data_file = pick_data_file(turn.files)
    if data_file and CHART.search(text):
        return chart(data_file, ran, english)
    if TOTAL_SALES.search(text):
        if data_file is None:  # a learner who forgot to hand the file to the tool learns how
            if english:
                return Reply("I have no file to analyse. Upload it with client.files.create(..., purpose=\"assistants\") and give its id to the code interpreter (tool_resources, or attachments on your message).")
            return Reply("我没有可以分析的文件。请先用 client.files.create(..., purpose=\"assistants\") 上传文件,再把它的 id 交给 code_interpreter(tool_resources,或消息的 attachments)。")
        return total_sales(data_file, ran, english)
    found = SQUARE_ROOT.search(text)
    if found:
        return square_root(found.group("number") or found.group("number_en"), ran, english)
    action = small_program(text, ran, english)
    if action is not None:
        return action
    found = ARITHMETIC.search(text)
    if found and re.search(r"[+\-*/%^]", found.group("expr")):
        return arithmetic(found.group("expr").strip(), ran, english)
    if CODE_INTENT.search(text):  # asked for code the script cannot write: say so, honestly
        return Reply(CANNOT_EN if english else CANNOT_ZH)
    return None


# -- small programs: Fibonacci numbers, sums, factorials, primes ----------------------------------------

CODE_INTENT = re.compile(r"用代码|写代码|写个程序|写一段|用\s*python|编程|with\s+code|using\s+code|use\s+(?:some\s+)?(?:code|python)|in\s+python|with\s+python|using\s+python|write\s+(?:some\s+|a\s+)?(?:code|program|script)|run\s+(?:some\s+)?code", re.IGNORECASE)
FIBONACCI = re.compile(r"fibonacci|斐波那契", re.IGNORECASE)
NTH = re.compile(r"第\s*(?P<zh>\d+)\s*[个项位]|(?P<en>\d+)(?:st|nd|rd|th)\b|(?:number|term)\s+(?P<after>\d+)", re.IGNORECASE)
SUM_RANGE = re.compile(
    r"(?P<a>-?\d+)\s*(?:到|至|~)\s*(?P<b>-?\d+)\s*(?:之间)?的?(?:所有)?(?:整数|自然数|数字|数)?(?:之和|的和|总和|求和|相加|累加|加起来)"
    r"|(?:求|计算)?\s*(?:从\s*)?(?P<a3>-?\d+)\s*(?:加到|累加到)\s*(?P<b3>-?\d+)"
    r"|(?:sum|add\s+up|total)\s+(?:of\s+)?(?:all\s+)?(?:the\s+)?(?:integers|numbers|whole\s+numbers)?\s*(?:from\s+)?(?P<a2>-?\d+)\s+(?:to|through|and)\s+(?P<b2>-?\d+)"
    r"|(?P<a4>\d+)\s*\+\s*(?:\d+\s*\+\s*)?(?:\.{2,}|…+)\s*\+\s*(?P<b4>\d+)",
    re.IGNORECASE,
)
SUM_LIST = re.compile(r"之和|的和|求和|总和|相加|\bsum\b|\badd\s+up\b|\btotal\s+of\b", re.IGNORECASE)
FACTORIAL = re.compile(r"(?P<zh>\d+)\s*的\s*阶乘|factorial\s+of\s+(?P<en>\d+)|(?P<before>\d+)\s*factorial", re.IGNORECASE)
PRIMES = re.compile(r"(?P<zh>\d+)\s*以内的?(?:所有)?(?:质数|素数)|(?:primes?|prime\s+numbers)\s+(?:below|under|less\s+than|up\s+to|smaller\s+than)\s+(?P<en>\d+)", re.IGNORECASE)
MAX_LISTED = 200  # Fibonacci numbers or primes a reply lists
CANNOT_EN = (
    "I am the offline simulator's scripted model, not a real one: I can write and run code for square roots, arithmetic, "
    "sums, Fibonacci numbers, factorials, primes and the course's sales file, but not for this request. Start the simulator "
    "with a real model (--model-backend; see \"Use a real model\" in the README) and the code interpreter will write code for it."
)
CANNOT_ZH = (
    "我是离线模拟器的脚本模型,不是真正的模型:我能为平方根、算式、求和、斐波那契数、阶乘、质数和课程里的销售文件编写并运行代码,"
    "但写不出这个请求的代码。用真实模型启动模拟器(--model-backend,见 README 的 \"Use a real model\"),代码解释器就能为它写代码。"
)


def small_program(text: str, ran: list[ToolResult], english: bool) -> Action | None:
    """Code for a few classic small tasks, written for the numbers in the prompt; the reply is read from what it printed."""
    if FIBONACCI.search(text) and _first_int(text):
        nth = NTH.search(text)
        if nth:
            n = int(nth.group("zh") or nth.group("en") or nth.group("after"))
            code = f"# {'The Fibonacci number F(' + str(n) + ')' if english else '第 ' + str(n) + ' 个斐波那契数 F(' + str(n) + ')'}, with F(0) = 0 and F(1) = 1\na, b = 0, 1\nfor _ in range({n}):\n    a, b = b, a + b\nprint(a)"
            return _program(code, ran, english, lambda out: f"The Fibonacci number F({n}) is {out}." if english else f"第 {n} 个斐波那契数(F(0) = 0)是 {out}。")
        n = min(_first_int(text), MAX_LISTED)
        code = f"# {'The first ' + str(n) + ' Fibonacci numbers' if english else '前 ' + str(n) + ' 个斐波那契数'}\nfib = [0, 1]\nwhile len(fib) < {n}:\n    fib.append(fib[-1] + fib[-2])\nprint(', '.join(str(x) for x in fib[:{n}]))"
        return _program(code, ran, english, lambda out: f"The first {n} Fibonacci numbers are: {out}." if english else f"前 {n} 个斐波那契数是:{out}。")
    found = SUM_RANGE.search(text)
    if found:
        a, b = (int(found.group(k)) for k in next(pair for pair in (("a", "b"), ("a2", "b2"), ("a3", "b3"), ("a4", "b4")) if found.group(pair[0]) is not None))
        if abs(b - a) <= 10**9:
            code = f"# {'Sum of the integers from ' + str(a) + ' to ' + str(b) if english else str(a) + ' 到 ' + str(b) + ' 的整数之和'}\ntotal = sum(range({a}, {b} + 1))\nprint(total)"
            return _program(code, ran, english, lambda out: f"The sum of the integers from {a} to {b} is {out}." if english else f"{a} 到 {b} 的整数之和是 {out}。")
    found = FACTORIAL.search(text)
    if found:
        n = int(found.group("zh") or found.group("en") or found.group("before"))
        if n <= 5000:
            code = f"import math\n\n# {str(n) + '!' if english else str(n) + ' 的阶乘'}\nvalue = math.factorial({n})\ntext = str(value)\nprint(text if len(text) <= 80 else f'{{text[:20]}}... ({{len(text)}} digits)')"
            return _program(code, ran, english, lambda out: f"{n}! = {out}" if english else f"{n} 的阶乘是 {out}。")
    found = PRIMES.search(text)
    if found:
        n = int(found.group("zh") or found.group("en"))
        if n <= 10**6:
            code = (
                f"# {'Primes below ' + str(n) if english else str(n) + ' 以内的质数'}: the sieve of Eratosthenes\n"
                f"n = {n}\nis_prime = [True] * (n + 1)\nis_prime[:2] = [False] * min(2, n + 1)\n"
                "for i in range(2, int(n ** 0.5) + 1):\n    if is_prime[i]:\n        is_prime[i * i :: i] = [False] * len(is_prime[i * i :: i])\n"
                "primes = [i for i, p in enumerate(is_prime) if p]\n"
                f"print(len(primes), 'primes:', ', '.join(map(str, primes[:{MAX_LISTED}])) + (' ...' if len(primes) > {MAX_LISTED} else ''))"
            )
            return _program(code, ran, english, lambda out: f"There are {out}." if english else f"{n} 以内共有 {out.replace('primes:', '个质数:')}")
    if SUM_LIST.search(text) and CODE_INTENT.search(text):
        numbers = re.findall(r"-?\d+(?:\.\d+)?", CODE_INTENT.sub(" ", text))
        if len(numbers) >= 2:
            listed = ", ".join(numbers)
            code = f"# {'Add up the numbers' if english else '把这些数加起来'}\nnumbers = [{listed}]\nprint(sum(numbers))"
            return _program(code, ran, english, lambda out: f"The sum of {listed} is {out}." if english else f"{listed} 的和是 {out}。")
    return None


def _first_int(text: str) -> int:
    found = re.search(r"\d+", text)
    return int(found.group()) if found else 0


def _program(code: str, ran: list[ToolResult], english: bool, answer) -> Action:
    if not ran:
        return RunCode(code)
    if failed(ran[-1]):
        return could_not(ran, english)
    return Reply(answer(ran[-1].output.strip()))


def pick_data_file(files: dict[str, str]) -> str | None:
    """The file id of the run's data file: the newest whose name looks like a table, else the newest."""
    if not files:
        return None
    tables = [file_id for file_id, name in files.items() if name.lower().endswith(DATA_SUFFIXES)]
    return (tables or list(files))[-1]


def failed(result: ToolResult) -> bool:
    return result.error or "Traceback (most recent call last)" in result.output or bool(ERROR_LINE.search(result.output))


def error_line(result: ToolResult) -> str:
    lines = ERROR_LINE.findall(result.output)
    return lines[-1].strip() if lines else result.output.strip().splitlines()[-1] if result.output.strip() else "unknown error"


def could_not(ran: list[ToolResult], english: bool) -> Reply:
    line = error_line(ran[-1]).rstrip(".。")  # "...was stopped." must not become "stopped.. I could not"
    if english:
        return Reply(f"I ran the code, but it failed: {line}. I could not finish this with the code interpreter.")
    return Reply(f"代码运行出错:{line}。这次没能用代码得出结果。")


# -- numbers ---------------------------------------------------------------------------------------


def square_root(number: str, ran: list[ToolResult], english: bool) -> Action:
    if not ran:
        comment = f"# Square root of {number}" if english else f"# 计算 {number} 的平方根"
        return RunCode(f"import math\n\n{comment}\nsquare_root = math.sqrt({number})\nsquare_root")
    if failed(ran[-1]):
        return could_not(ran, english)
    value = float(NUMBER.findall(ran[-1].output)[-1].replace(",", ""))
    if value.is_integer():
        return Reply(f"The square root of {number} is {int(value)}." if english else f"{number} 的平方根是 {int(value)}。")
    return Reply(f"The square root of {number} is about {value:.2f}." if english else f"{number} 的平方根是约 {value:.2f}。")


MAX_RESULT_DIGITS = 10_000  # larger results are numbers no one needs: refused, and the reply says why


def too_big(python: str) -> bool:
    """Whether evaluating the expression could give a number of more than MAX_RESULT_DIGITS digits.

    Estimated from the expression's tree without evaluating any power: a tower like 9**9**9**9 would
    keep a sandbox busy in C until it is killed, for a number nothing could print."""
    import ast
    import math

    def magnitude(node) -> float:  # an upper bound on log10(abs(value))
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return math.log10(max(abs(node.value), 1))
        if isinstance(node, ast.UnaryOp):
            return magnitude(node.operand)
        if isinstance(node, ast.BinOp):
            left, right = magnitude(node.left), magnitude(node.right)
            if isinstance(node.op, ast.Pow):
                if right > 6:
                    return math.inf
                return left * max(_value(node.right), 0.0)
            if isinstance(node.op, ast.Mult):
                return left + right
            if isinstance(node.op, ast.LShift):
                return math.inf
            return max(left, right) + 1  # +, -, /, //, %: never more than one digit more
        return math.inf

    try:
        tree = ast.parse(python, mode="eval")
        return magnitude(tree.body) + 1 > MAX_RESULT_DIGITS
    except (SyntaxError, ValueError, RecursionError, OverflowError):
        return False


def _value(node) -> float:
    """A small exponent's value, evaluated safely (its own digits are already known to be few)."""
    import ast

    try:
        value = eval(compile(ast.Expression(node), "<exponent>", "eval"), {"__builtins__": {}})  # digits <= 6: cheap
        return float(value)
    except Exception:
        return float("inf")


def arithmetic(expression: str, ran: list[ToolResult], english: bool) -> Action:
    python = expression.replace("^", "**")
    if not ran and too_big(python):
        if english:
            return Reply(f"I did not run {expression}: its result would have more than {MAX_RESULT_DIGITS:,} digits, a number no one can use or even print, and computing it would only keep the sandbox busy until its time limit. Ask for something smaller, or for its number of digits (len(str(...)) of a smaller power), instead.")
        return Reply(f"我没有运行 {expression}:它的结果会超过 {MAX_RESULT_DIGITS} 位,没有人用得上,也打印不出来,计算它只会让沙箱一直忙到时间上限。请换一个小一些的算式。")
    if not ran:
        comment = f"# Calculate {expression}" if english else f"# 计算 {expression}"
        return RunCode(f"{comment}\nresult = {python}\nresult")
    if failed(ran[-1]):
        return could_not(ran, english)
    value = ran[-1].output.strip()
    return Reply(f"{expression} = {value}" if english else f"{expression} 的计算结果是 {value}。")


# -- a data file -----------------------------------------------------------------------------------


def read_csv(file_id: str, encoding: str | None = None) -> str:
    extra = f", encoding='{encoding}'" if encoding else ""
    return f"df = pd.read_csv('/mnt/data/{file_id}'{extra})"


def total_sales(file_id: str, ran: list[ToolResult], english: bool) -> Action:
    guess = "sales" if english else "销售额"
    label = "Total sales" if english else "总销售额"
    if not ran:  # first attempt: the column the question names
        comments = ("# Read the uploaded file", "# Sum the sales column") if english else ("# 读取上传的文件", "# 计算总销售额")
        return RunCode(f"import pandas as pd\n\n{comments[0]}\n{read_csv(file_id)}\n\n{comments[1]}\ntotal_sales = df['{guess}'].sum()\nprint(f\"{label}: {{total_sales:,.2f}}\")")
    if failed(ran[-1]) and len(ran) == 1:  # second attempt: read the error, look at the columns
        return RunCode(corrected_total(file_id, ran[-1], english, label))
    if failed(ran[-1]):
        return could_not(ran, english)
    logs = ran[-1].output
    total = re.search(rf"{label}: (\S+)", logs)
    chosen = re.search(r"(?:Using column|使用的列): (.+)", logs)
    column = chosen.group(1).strip() if chosen else guess
    amount = total.group(1) if total else logs.strip().splitlines()[-1]
    if len(ran) == 1:
        return Reply(f"The total sales are {amount} (the sum of the `{column}` column)." if english else f"总销售额是 {amount}(按 `{column}` 列求和)。")
    first_error = error_line(ran[0])
    if english:
        return Reply(f"My first attempt used a `{guess}` column and failed ({first_error}). I looked at the file's columns and used `{column}` instead: the total sales are {amount}.")
    return Reply(f"第一次按 `{guess}` 列计算时出错({first_error}),于是我查看了文件的列名,改用 `{column}` 列。总销售额是 {amount}。")


def corrected_total(file_id: str, previous: ToolResult, english: bool, label: str) -> str:
    """The second attempt, as a model writes one: say what went wrong, look at the columns, sum the one that means sales."""
    encoding = "gbk" if "UnicodeDecodeError" in previous.output else None
    problem = error_line(previous)
    if english:
        notes = (f"# {problem}: there is no such column. Let's see which columns the file has.",
                 "# Sum the numeric column whose name means sales or amount (the last numeric column if none does).")
        shown, using = "Columns", "Using column"
    else:
        notes = (f"# {problem}:文件里没有这一列。先看看有哪些列。",
                 "# 在数值列里找名字表示销售额或金额的那一列求和(都不像的话,就用最后一个数值列)。")
        shown, using = "列名", "使用的列"
    return (
        "import pandas as pd\n\n"
        f"{read_csv(file_id, encoding)}\n"
        f"{notes[0]}\n"
        f"print(\"{shown}:\", list(df.columns))\n\n"
        f"{notes[1]}\n"
        "numeric = df.select_dtypes('number').columns\n"
        f"column = next((c for c in numeric if any(word in str(c).lower() for word in {SALES_HINTS!r})), numeric[-1])\n"
        f"print(\"{using}:\", column)\n\n"
        "total_sales = df[column].sum()\n"
        f"print(f\"{label}: {{total_sales:,.2f}}\")"
    )


def chart(file_id: str, ran: list[ToolResult], english: bool) -> Action:
    if not ran:
        return RunCode(chart_code(file_id, english))
    if failed(ran[-1]):
        return could_not(ran, english)
    months = re.findall(r"^(\d{4}-\d{2})\s+(-?[\d.]+)\s*$", ran[-1].output, re.MULTILINE)
    chosen = re.search(r"(?:Using column|使用的列): (.+)", ran[-1].output)
    column = chosen.group(1).strip() if chosen else "sales"
    if not months:
        return Reply("Here is the chart." if english else "图表已生成。")
    best = max(months, key=lambda m: float(m[1]))
    worst = min(months, key=lambda m: float(m[1]))
    if english:
        return Reply(f"Here is a bar chart of `{column}` by month ({months[0][0]} to {months[-1][0]}). The best month was {best[0]} ({float(best[1]):,.2f}); the weakest was {worst[0]} ({float(worst[1]):,.2f}).")
    return Reply(f"这是按月汇总的 `{column}` 柱状图({months[0][0]} 至 {months[-1][0]})。销售额最高的是 {best[0]}({float(best[1]):,.2f}),最低的是 {worst[0]}({float(worst[1]):,.2f})。")


def chart_code(file_id: str, english: bool) -> str:
    if english:
        comments = ("# Find the date column and the sales column", "# Total by month, then draw it")
        using = "Using column"
    else:
        comments = ("# 找出日期列和销售额列", "# 按月汇总,再画柱状图")
        using = "使用的列"
    return (
        "import pandas as pd\n"
        "import matplotlib.pyplot as plt\n\n"
        f"{read_csv(file_id)}\n\n"
        f"{comments[0]}\n"
        f"date_column = next(c for c in df.columns if any(k in str(c).lower() for k in {DATE_WORDS!r}))\n"
        "numeric = list(df.select_dtypes('number').columns)\n"
        f"matches = [c for k in {SALES_WORDS!r} for c in numeric if k in str(c).lower()]\n"
        "value_column = matches[0] if matches else numeric[-1]\n"
        f"print(\"{using}:\", value_column)\n\n"
        f"{comments[1]}\n"
        "monthly = df.groupby(pd.to_datetime(df[date_column]).dt.strftime('%Y-%m'))[value_column].sum()\n"
        "print(monthly.to_string())\n\n"
        "fig, ax = plt.subplots(figsize=(8, 4))\n"
        "monthly.plot(kind='bar', ax=ax, color='#4C72B0')\n"
        "ax.set_title('Monthly sales')\n"
        "ax.set_xlabel('Month')\n"
        "ax.set_ylabel('Sales')\n"
        "plt.xticks(rotation=0)\n"
        "plt.tight_layout()\n"
        "plt.show()"
    )
