"""jieba's dictionary in a memory-mapped trie instead of a dict.

jieba keeps its dictionary as a dict of every word and every prefix of a
word (about 500,000 strings): some 70 MB in each process that cuts words,
which is most of a web worker's memory. Here the same words and frequencies
live in a marisa-trie and an array, built once per dictionary into files beside jieba's
own cache and memory-mapped by every process after that: a few MB, the same
pages shared by all workers, and no dictionary to parse at start-up.

jieba reads its dictionary through ``Tokenizer.FREQ`` with ``in``, ``[]`` and
``get`` (a prefix of a word is "in" with frequency 0) and writes to it from
``add_word``; :class:`TrieFrequencies` answers the same, so jieba's own code
cuts words unchanged, and words added later go to a small dict in front.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import mmap
import os
import tempfile
import time
from array import array
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import marisa_trie

if TYPE_CHECKING:
    import jieba

logger = logging.getLogger(__name__)


class TrieFrequencies:
    """The part of a dict that jieba's ``Tokenizer`` uses, over a trie of the
    words and an array of their frequencies (indexed by the trie's key ids),
    with the words added since in front."""

    def __init__(self, trie: marisa_trie.Trie, frequencies: Sequence[int]) -> None:
        self._trie = trie
        self._frequencies = frequencies
        self._added: dict[str, int] = {}

    def __contains__(self, key: str) -> bool:
        return key in self._added or self._is_prefix(key)

    def __getitem__(self, key: str) -> int:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: str, default: Any = None) -> Any:
        # jieba calls this for every candidate word of every cut: no detours.
        if self._added and key in self._added:
            return self._added[key]
        key_id = self._trie.get(key)
        if key_id is not None:
            return self._frequencies[key_id]
        return 0 if self._is_prefix(key) else default

    def _is_prefix(self, key: str) -> bool:
        """Whether ``key`` begins a word (``iterkeys`` is lazy: no list of them is made)."""
        return next(self._trie.iterkeys(key), None) is not None

    def __setitem__(self, key: str, frequency: int) -> None:
        self._added[key] = frequency

    def word_ends(self, sentence: str, longest: int) -> dict[int, list[int]]:
        """jieba's ``get_DAG(sentence)``: for each position, where the words
        starting there end. One trie call per position instead of one
        ``in`` and one ``[]`` per character; while no word has been added."""
        prefixes = self._trie.prefixes
        return {
            start: [start + len(word) - 1 for word in prefixes(sentence[start : start + longest])]
            or [start]
            for start in range(len(sentence))
        }

    @property
    def has_added_words(self) -> bool:
        return bool(self._added)


def _trie_path(tokenizer: jieba.Tokenizer) -> Path:
    """Where the trie of ``tokenizer``'s dictionary is kept: named after the
    dictionary file's path, size and time, so a changed dictionary gets a new one."""
    source = tokenizer.get_dict_file()
    try:
        stat = os.fstat(source.fileno())
        identity = f"{getattr(source, 'name', '')}:{stat.st_size}:{stat.st_mtime_ns}"
    except (AttributeError, OSError):  # a dictionary read from inside a package archive
        identity = str(tokenizer.dictionary)
    finally:
        source.close()
    # The file format is marisa's: a new version of it gets a new file.
    identity += f":{version('marisa-trie')}"
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return Path(tokenizer.tmp_dir or tempfile.gettempdir()) / f"shopkit-jieba-{digest}.marisa"


def _build(tokenizer: jieba.Tokenizer, path: Path) -> None:
    """Write the trie of ``tokenizer``'s dictionary to ``path`` (atomically:
    another process may be reading or writing the same file)."""
    frequencies: dict[str, int] = {}
    total = 0  # as jieba counts it: a repeated word counts each time
    with tokenizer.get_dict_file() as source:
        for line in source:
            word, frequency = line.strip().decode("utf-8").split(" ")[:2]
            frequencies[word] = int(frequency)  # a repeated word: the last wins, as in jieba
            total += int(frequency)
    # A word of frequency 0 is never cut out (jieba's get_DAG skips it) and its
    # prefixes are prefixes of it anyway: leaving it out changes no cut.
    words = {word: frequency for word, frequency in frequencies.items() if frequency > 0}
    trie = marisa_trie.Trie(words)
    by_key_id = array("I", bytes(4 * len(trie)))
    for word, frequency in words.items():
        by_key_id[trie[word]] = frequency
    facts = {"total": total, "longest": max(map(len, words), default=1)}
    # Each file is replaced whole: a process may have the old one mapped.
    _replace(_frequencies_path(path), by_key_id.tobytes())
    _replace(_facts_path(path), json.dumps(facts).encode())
    _replace(path, trie.tobytes())


def _replace(path: Path, content: bytes) -> None:
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(content)
    os.replace(partial, path)


def _frequencies_path(path: Path) -> Path:
    return path.with_suffix(".freq")


def _facts_path(path: Path) -> Path:
    return path.with_suffix(".json")


def _word_ends(
    tokenizer: jieba.Tokenizer, frequencies: TrieFrequencies, longest: int, sentence: str
) -> dict[int, list[int]]:
    """``tokenizer.get_DAG``: read from the trie directly, or by jieba's own
    code once words have been added (``jieba.add_word``) or jieba has loaded
    another dictionary of its own (``jieba.set_dictionary`` after first use)."""
    if frequencies.has_added_words or tokenizer.FREQ is not frequencies:
        return type(tokenizer).get_DAG(tokenizer, sentence)
    return frequencies.word_ends(sentence, longest)


def load_compact_dictionary(tokenizer: jieba.Tokenizer) -> None:
    """Give ``tokenizer`` its dictionary from the memory-mapped trie (built
    first if missing), unless it has loaded one already."""
    with tokenizer.lock:
        if tokenizer.initialized:
            return
        started = time.monotonic()
        path = _trie_path(tokenizer)
        if not path.is_file() or not _facts_path(path).is_file():
            _build(tokenizer, path)
        trie = marisa_trie.Trie()
        trie.mmap(str(path))
        with _frequencies_path(path).open("rb") as file:
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        facts = json.loads(_facts_path(path).read_text())
        frequencies = TrieFrequencies(trie, memoryview(mapped).cast("I"))
        tokenizer.FREQ, tokenizer.total = frequencies, facts["total"]
        tokenizer.get_DAG = functools.partial(_word_ends, tokenizer, frequencies, facts["longest"])
        tokenizer.initialized = True
        logger.debug("jieba dictionary mapped from %s in %.2f s", path, time.monotonic() - started)
