"""Synthetic corpora for benchmarks and crash tests, made from the demo articles' own paragraphs."""

from __future__ import annotations

from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "data" / "articles"


def demo_paragraphs() -> list[str]:
    paragraphs: list[str] = []
    for path in sorted(DEMO.glob("*.txt")):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 20]
    return paragraphs


def variant_texts(count: int, paragraphs_each: int = 2) -> list[str]:
    """`count` distinct article texts, each a dispatch line and a few consecutive demo paragraphs."""
    paragraphs = demo_paragraphs()
    return [
        f"Dispatch {n}\n\n" + "\n\n".join(paragraphs[(n + k) % len(paragraphs)] for k in range(paragraphs_each)) + "\n"
        for n in range(count)
    ]


def write_variants(directory: Path, count: int, paragraphs_each: int = 2) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for n, text in enumerate(variant_texts(count, paragraphs_each)):
        (directory / f"{n:04d}.txt").write_text(text, encoding="utf-8")
