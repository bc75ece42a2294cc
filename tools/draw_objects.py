"""Draw images/assistants_objects.png (and .zh-CN.png): how the Assistants API objects relate (lesson 00).

    .venv/bin/python -m tools.draw_objects

The same picture is a Mermaid diagram in the lesson; this PNG is for viewers that do not render Mermaid. The
Chinese edition's labels need a CJK font (Debian: fonts-noto-cjk, which `make browser` installs).
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

IMAGES = Path(__file__).resolve().parents[1] / "notebooks" / "images"

BOXES = {  # name: (x, y, what it holds)
    "Assistant": (1.5, 4.2, "model, instructions, tools"),
    "Thread": (6.5, 4.2, "a conversation, kept server-side"),
    "Message": (6.5, 1.4, "role + content (text, images)"),
    "Run": (1.5, 1.4, "one answer: assistant + thread"),
    "Run step": (1.5, -1.2, "message creation or tool calls"),
    "File": (11.6, 1.4, "uploaded bytes"),
}
# The Chinese edition's words: (name shown, what it holds) for each box, and each arrow's label (the glossary's terms).
CHINESE_BOXES = {
    "Assistant": ("助手 Assistant", "模型、指令、工具"),
    "Thread": ("线程 Thread", "一段对话，保存在服务端"),
    "Message": ("消息 Message", "角色 + 内容（文本、图片）"),
    "Run": ("运行 Run", "一次回答：助手 + 线程"),
    "Run step": ("运行步骤 Run step", "创建消息或调用工具"),
    "File": ("文件 File", "上传的字节"),
}
CHINESE_ARROWS = {"holds many": "包含多条", "uses": "使用", "reads": "读取", "writes": "写入", "made of": "由它组成", "attachments": "附件"}
ARROWS = [  # (from, to, label)
    ("Thread", "Message", "holds many"),
    ("Run", "Assistant", "uses"),
    ("Run", "Thread", "reads"),
    ("Run", "Message", "writes"),
    ("Run", "Run step", "made of"),
    ("Message", "File", "attachments"),
]
W, H = 3.4, 1.3
PAD = 0.14  # the rounded border sits this far outside W x H


def edge(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float]:
    """Where the line from a box's centre (x0, y0) towards (x1, y1) leaves that box."""
    dx, dy = x1 - x0, y1 - y0
    scale = min((W / 2 + PAD) / abs(dx) if dx else float("inf"), (H / 2 + PAD) / abs(dy) if dy else float("inf"))
    return x0 + dx * scale, y0 + dy * scale


def draw(language: str) -> Path:
    chinese = language == "zh-CN"
    if chinese:
        plt.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "Noto Serif CJK SC", *plt.rcParams["font.sans-serif"]]
    fig, ax = plt.subplots(figsize=(11, 5.2), dpi=120)
    for name, (x, y, note) in BOXES.items():
        shown, note = CHINESE_BOXES[name] if chinese else (name, note)
        ax.add_patch(FancyBboxPatch((x - W / 2, y - H / 2), W, H, boxstyle="round,pad=0.08", facecolor="#eef4fb", edgecolor="#3b6ea5", linewidth=1.4))
        ax.text(x, y + 0.2, shown, ha="center", va="center", fontsize=12 if chinese else 13, weight="bold", color="#1d3557")
        ax.text(x, y - 0.28, note, ha="center", va="center", fontsize=9, color="#333333")
    for start, end, label in ARROWS:
        label = CHINESE_ARROWS[label] if chinese else label
        (x0, y0, _), (x1, y1, _) = BOXES[start], BOXES[end]
        start_xy, end_xy = edge(x0, y0, x1, y1), edge(x1, y1, x0, y0)
        ax.add_patch(FancyArrowPatch(start_xy, end_xy, arrowstyle="-|>", mutation_scale=16, color="#555555", linewidth=1.2, shrinkA=0, shrinkB=0))
        middle = ((start_xy[0] + end_xy[0]) / 2, (start_xy[1] + end_xy[1]) / 2)
        ax.text(*middle, label, ha="center", va="center", fontsize=9, color="#7a3b00", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
    ax.set_xlim(-0.6, 13.6)
    ax.set_ylim(-2.2, 5.2)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    out = IMAGES / ("assistants_objects.zh-CN.png" if chinese else "assistants_objects.png")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, metadata={"Software": None})  # no version stamp, so re-drawing changes nothing
    plt.close(fig)
    return out


def main() -> None:
    for language in ("en", "zh-CN"):
        print(f"wrote {draw(language).name}")


if __name__ == "__main__":
    main()
