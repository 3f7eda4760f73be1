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


def long_text(chars: int) -> str:
    """One text of exactly `chars` characters: the demo paragraphs over and over, each numbered so no two
    paragraphs are the same, separated by blank lines (a 300-page report is about 1,000,000 characters)."""
    paragraphs = demo_paragraphs()
    parts: list[str] = []
    total = n = 0
    while total < chars:
        part = f"Section {n + 1}. {paragraphs[n % len(paragraphs)]}"
        parts.append(part)
        total += len(part) + 2
        n += 1
    return "\n\n".join(parts)[:chars]
