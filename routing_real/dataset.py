"""The WordNet reverse-dictionary routing tasks: build them from WordNet 3.0, load the shipped files.

A *reverse-dictionary* task [project]: the query is a dictionary gloss (definition), the items are
frequent single-word lemmas, and an embedding model answers a gloss with its top-cosine item. The
answer is right (reward 1) iff it is a lemma of the synset the gloss defines. Two tasks, two query
distributions from the same source:

* ``noun`` — noun glosses → the 2000 most frequent single-word nouns;
* ``verb`` — verb glosses → the 1000 most frequent single-word verbs.

Construction (``build_task``; the script ``scripts/build_wordnet_dataset.py`` runs it on Debian's
``wordnet-base`` package and writes ``data/routing_real/``):

1. *Frequency* of a lemma: the sum of the SemCor tag counts of its senses (``cntlist.rev``).
2. *Items*: the ``n_items`` most frequent lemmas of the part of speech that are one lowercase word
   of ≥ 3 ASCII letters, ties broken alphabetically.
3. *Queries*: for each item, its first (most frequent) sense; one query per distinct synset. The
   gloss is the definition before the first quoted example. *Labels*: the synset's lemmas that are
   items. A query whose gloss contains one of its labels as a word is dropped (a leaked answer).
4. *Order*: topic blocks — sorted by the lexicographer file (``noun.animal``, ``noun.food``, …),
   then by synset offset: a switching sequence with long blocks, the kind an oblivious adversary
   may choose.

Shipped files (``data/routing_real/``): ``<task>_items.txt`` (one item a line) and
``<task>_queries.tsv`` (``offset  lexname  labels  gloss``, labels ``|``-separated). The *small
subset* used by the tests (``load_task(..., subset=True)``) keeps every 8th query and the items that
are labels of those queries plus the 200 most frequent items.

License: WordNet 3.0, © 2006 Princeton University; the notice is ``data/routing_real/LICENSE``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

__all__ = ["TASKS", "DATA_DIR", "Task", "build_task", "write_task", "load_task"]

#: Task name → (part of speech letter in WordNet files, sense-key digit, number of items).
TASKS: dict[str, tuple[str, str, int]] = {"noun": ("noun", "1", 2000), "verb": ("verb", "2", 1000)}
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "routing_real"
_WORD = re.compile(r"^[a-z]{3,}$")


@dataclass(frozen=True)
class Task:
    """A routing task: T queries (glosses, topics, label sets) and n items (words)."""

    name: str
    items: tuple[str, ...]
    glosses: tuple[str, ...]
    topics: tuple[str, ...]
    labels: tuple[frozenset[int], ...]        # item indices that are right answers for query t
    offsets: tuple[str, ...]

    @property
    def T(self) -> int:
        """Number of queries."""
        return len(self.glosses)


def _lemma_frequencies(wordnet_dir: Path, pos_digit: str) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for line in (wordnet_dir / "cntlist.rev").read_text(encoding="utf-8").splitlines():
        key, _sense, count = line.split()
        lemma, rest = key.split("%", 1)
        if rest.startswith(pos_digit + ":"):
            counts[lemma] += int(count)
    return counts


def _first_senses(wordnet_dir: Path, pos: str) -> dict[str, str]:
    """lemma → offset of its first (most frequent) sense, from ``index.<pos>``."""
    out = {}
    for line in (wordnet_dir / f"index.{pos}").read_text(encoding="utf-8").splitlines():
        if line.startswith(" "):
            continue                                   # license header
        f = line.split()
        p_cnt = int(f[3])
        synset_cnt = int(f[2])
        offsets = f[6 + p_cnt:6 + p_cnt + synset_cnt]
        out[f[0]] = offsets[0]
    return out


def _lexnames(wordnet_dir: Path) -> dict[int, str]:
    """Lexicographer file numbers → names (WordNet's ``lexnames``, fixed since 1.x)."""
    names = ("adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body "
             "noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location "
             "noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process "
             "noun.quantity noun.relation noun.shape noun.state noun.substance noun.time verb.body verb.change "
             "verb.cognition verb.communication verb.competition verb.consumption verb.contact verb.creation "
             "verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative verb.weather "
             "adj.ppl").split()
    return dict(enumerate(names))


def _synsets(wordnet_dir: Path, pos: str, wanted: set[str]) -> dict[str, tuple[int, list[str], str]]:
    """offset → (lexfile number, lemmas (lowercase), definition) for the wanted offsets."""
    out = {}
    for line in (wordnet_dir / f"data.{pos}").read_text(encoding="utf-8").splitlines():
        if line.startswith(" ") or line[:8] not in wanted:
            continue
        head, gloss = line.split(" | ", 1)
        f = head.split()
        w_cnt = int(f[3], 16)
        lemmas = [re.sub(r"\(.*\)$", "", f[4 + 2 * i]).lower() for i in range(w_cnt)]
        definition = gloss.split('"', 1)[0].strip().rstrip(";").strip()
        out[f[0]] = (int(f[1]), lemmas, definition)
    return out


def build_task(wordnet_dir: str | Path, name: str) -> Task:
    """Steps 1–4 of the module docstring on a WordNet 3.0 database folder (``data.noun``, …)."""
    if name not in TASKS:
        raise ValueError(f"build_task: name must be one of {sorted(TASKS)}; got {name!r}.")
    wordnet_dir = Path(wordnet_dir)
    if not (wordnet_dir / "cntlist.rev").exists():
        raise ValueError(f"build_task: wordnet_dir must hold the WordNet 3.0 database (cntlist.rev, data.*); "
                         f"{wordnet_dir} does not.")
    pos, digit, n_items = TASKS[name]
    freq = _lemma_frequencies(wordnet_dir, digit)
    first = _first_senses(wordnet_dir, pos)
    candidates = sorted((w for w in freq if _WORD.match(w) and w in first), key=lambda w: (-freq[w], w))
    items = candidates[:n_items]
    index = {w: i for i, w in enumerate(items)}
    syn = _synsets(wordnet_dir, pos, {first[w] for w in items})
    lexnames = _lexnames(wordnet_dir)
    rows = []
    for off, (lex, lemmas, definition) in syn.items():
        labels = frozenset(index[w] for w in lemmas if w in index)
        words = set(re.findall(r"[a-z]+", definition.lower()))
        if not labels or any(items[i] in words for i in labels):
            continue                                    # no item answers it, or the gloss leaks the answer
        rows.append((lexnames[lex], off, labels, definition))
    rows.sort(key=lambda r: (r[0], r[1]))
    return Task(name=name, items=tuple(items), glosses=tuple(r[3] for r in rows), topics=tuple(r[0] for r in rows),
                labels=tuple(r[2] for r in rows), offsets=tuple(r[1] for r in rows))


def write_task(task: Task, out_dir: str | Path) -> list[Path]:
    """Write ``<name>_items.txt`` and ``<name>_queries.tsv`` (the shipped format)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    items_path = out_dir / f"{task.name}_items.txt"
    items_path.write_text("".join(w + "\n" for w in task.items), encoding="utf-8")
    q_path = out_dir / f"{task.name}_queries.tsv"
    lines = ["offset\tlexname\tlabels\tgloss"]
    for off, topic, labels, gloss in zip(task.offsets, task.topics, task.labels, task.glosses):
        lab = "|".join(task.items[i] for i in sorted(labels))
        lines.append(f"{off}\t{topic}\t{lab}\t{gloss}")
    q_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [items_path, q_path]


def _subset(task: Task, every: int = 8, top_items: int = 200) -> Task:
    keep = list(range(0, task.T, every))
    used = sorted(set(range(min(top_items, len(task.items)))) | {i for t in keep for i in task.labels[t]})
    new = {old: k for k, old in enumerate(used)}
    return Task(name=task.name + "-small", items=tuple(task.items[i] for i in used),
                glosses=tuple(task.glosses[t] for t in keep), topics=tuple(task.topics[t] for t in keep),
                labels=tuple(frozenset(new[i] for i in task.labels[t]) for t in keep),
                offsets=tuple(task.offsets[t] for t in keep))


def load_task(name: str = "noun", *, subset: bool = False, data_dir: str | Path | None = None) -> Task:
    """Read a shipped task (``subset=True``: every 8th query, 200 top items plus their labels)."""
    if name not in TASKS:
        raise ValueError(f"load_task: name must be one of {sorted(TASKS)}; got {name!r}.")
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    items = tuple((folder / f"{name}_items.txt").read_text(encoding="utf-8").split())
    index = {w: i for i, w in enumerate(items)}
    offsets, topics, labels, glosses = [], [], [], []
    for line in (folder / f"{name}_queries.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        off, topic, lab, gloss = line.split("\t")
        offsets.append(off)
        topics.append(topic)
        labels.append(frozenset(index[w] for w in lab.split("|")))
        glosses.append(gloss)
    task = Task(name=name, items=items, glosses=tuple(glosses), topics=tuple(topics), labels=tuple(labels),
                offsets=tuple(offsets))
    return _subset(task) if subset else task
